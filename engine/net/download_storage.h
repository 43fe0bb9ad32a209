#pragma once
// Partial downloads on disk (filesharing.md §8.1 [P]): "<hex key>.part" holds the
// bytes at their offsets and "<hex key>.meta" the partial_meta sidecar, both in
// the incomplete folder. A complete, verified file is moved into the download
// folder under the last component of its virtual name by the DownloadVerifier's
// worker (move_finished_file). Disk full and a vanished partial are errors the caller reports; the
// partial is never deleted for them. Loop thread only.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "net/unique_fd.h"
#include "protocol/bytes.h"
#include "protocol/file_key.h"
#include "transfer/partial_meta.h"

namespace wpn::net {

using StorageResult = tl::expected<void, std::string>;

class DownloadStorage {
 public:
  DownloadStorage(std::string incomplete_dir, std::string download_dir);
  ~DownloadStorage();
  DownloadStorage(const DownloadStorage&) = delete;
  DownloadStorage& operator=(const DownloadStorage&) = delete;

  void set_folders(std::string incomplete_dir, std::string download_dir);

  // Every readable sidecar with its part file; damaged ones are named in `problems`.
  std::vector<transfer::PartialMeta> load_all(std::vector<std::string>& problems) const;
  // The sidecar of one partial, when it is readable and its part file is there.
  std::optional<transfer::PartialMeta> load(const protocol::FileKey& key) const;

  // Creates the part file when missing (a new download).
  StorageResult prepare(const protocol::FileKey& key);
  StorageResult write(const protocol::FileKey& key, std::uint64_t offset, protocol::ByteView bytes);
  // Full: the part file's data, then the sidecar, reach the disk before the sidecar is
  // renamed in. None: the same writes without syncing, for checkpoints (SavePartial).
  enum class Sync { Full, None };
  // Writes the sidecar atomically; fails when the part file vanished.
  StorageResult save(const transfer::PartialMeta& meta, Sync sync = Sync::Full);
  // Forgets the partial (removed by the user): both files are deleted.
  void discard(const protocol::FileKey& key);
  // Closes the part file until the next write: it stays open only while data arrives.
  void release(const protocol::FileKey& key);
  // The partial was moved away (finished): nothing is held or remembered for its key.
  void forget(const protocol::FileKey& key) { close_fd(key); }

  std::string part_path(const protocol::FileKey& key) const;
  std::string meta_path(const protocol::FileKey& key) const;
  const std::string& download_dir() const noexcept { return download_dir_; }

 private:
  tl::expected<UniqueFd, std::string> open_part(const protocol::FileKey& key) const;
  // A sidecar file's partial, or why it is unusable.
  tl::expected<transfer::PartialMeta, std::string> read_meta(const std::string& path) const;
  tl::expected<int, std::string> fd_of(const protocol::FileKey& key);
  void close_fd(const protocol::FileKey& key);

  std::string incomplete_dir_;
  std::string download_dir_;
  std::map<protocol::FileKey, UniqueFd> fds_;
  std::set<protocol::FileKey> released_;  // closed by release(): must still exist when reopened
};

// The last component of a virtual name, made safe as one local file name.
std::string local_file_name(std::string_view virtual_name, const protocol::FileKey& key);

}  // namespace wpn::net
