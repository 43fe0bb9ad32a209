#pragma once
// The hub's in-memory share index (protocol.md §11.4): every file its secondaries
// announced, an inverted keyword index for 0x1771 and a content-hash index for 0x1772.
//
// Keywords are runs of ASCII letters and digits (any byte >= 0x80 counts as a letter),
// folded to lower case; a query matches a file whose path holds every query word as a
// whole word [D], the rule the share library uses locally. File refs only grow, so
// posting lists stay sorted and a query intersects them by galloping. Removed files
// become tombstones; once the dead outnumber the living, the files are renumbered and
// every table rebuilt, so a secondary leaving costs no more than its own file list.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/codecs/common.h"
#include "protocol/codecs/search.h"
#include "protocol/file_key.h"

namespace wpn::overlay {

using UserSlot = std::uint32_t;
using FileRef = std::uint32_t;

inline constexpr std::size_t MaxQueryWords = 16;

struct IndexedFile {
  UserSlot owner = 0;
  std::string path;  // folder + name, byte-exact as announced
  protocol::FileKey key;
  std::uint32_t size = 0;
  protocol::MediaInfo media;
  bool live = false;
};

// Lower-cased words of a path or query, in order, duplicates kept.
std::vector<std::string> keyword_tokens(std::string_view text, std::size_t max_words = SIZE_MAX);
// The [D] type filter: Audio and Video by extension, Other = neither, Any = all.
bool matches_file_type(std::string_view path, protocol::FileType type) noexcept;

struct ContentHashHasher {
  std::size_t operator()(const protocol::ContentHash& hash) const noexcept;
};

class HubIndex {
 public:
  // Adds a file, or updates the owner's file with the same path. Returns its ref.
  FileRef add(UserSlot owner, std::string path, const protocol::FileKey& key, std::uint32_t size,
              const protocol::MediaInfo& media);
  // Removes the owner's files whose path equals `path`, or starts with it when it
  // ends in a backslash (a folder). Returns how many.
  std::size_t remove_path(UserSlot owner, std::string_view path);
  std::size_t remove_owner(UserSlot owner);

  struct Query {
    std::string_view words{};
    protocol::FileType type = protocol::FileType::Any;
    std::optional<UserSlot> exclude_owner{};
    std::size_t limit = 100;
  };
  std::vector<FileRef> search(const Query& query) const;
  std::vector<FileRef> search_hash(const protocol::ContentHash& hash, protocol::FileType type,
                                   std::optional<UserSlot> exclude_owner, std::size_t limit) const;
  // The owner's files in announcement order, at most cap.
  std::vector<FileRef> files_of(UserSlot owner, std::size_t cap) const;
  std::size_t count_of(UserSlot owner) const;
  bool has_path(UserSlot owner, std::string_view path) const;

  const IndexedFile& file(FileRef ref) const { return files_[ref]; }
  std::size_t live_files() const noexcept { return live_; }
  std::size_t postings_size() const noexcept { return postings_entries_; }

 private:
  struct OwnerFiles {
    std::vector<FileRef> order;
    std::unordered_map<std::string_view, FileRef> by_path;  // views into files_ (a deque: stable)
  };
  void kill(FileRef ref);
  void index_file(FileRef ref);
  void maybe_compact();

  std::deque<IndexedFile> files_;
  std::vector<FileRef> dead_;  // tombstones still named in posting lists (refs are never reused)
  std::unordered_map<std::string, std::vector<FileRef>> postings_;
  std::unordered_map<protocol::ContentHash, std::vector<FileRef>, ContentHashHasher> by_hash_;
  std::unordered_map<UserSlot, OwnerFiles> owners_;
  std::size_t live_ = 0;
  std::size_t postings_entries_ = 0;
};

}  // namespace wpn::overlay
