#pragma once
// The share index: what the engine needs to know about shared files
// (architecture.md §3.7, filesharing.md §2.5, §6, §8.3).
//
// Vocabulary
// - Root: a local directory the user shares, announced under a display name.
// - Announced name: the bytes peers see, `<root display>\sub\file.ext` in the
//   legacy code page (name_encoding.h). It is stored as two parts: the folder
//   (`<root display>\sub`, sent as the 0x0FA3 folder string) and the file name.
//   Keeping the split avoids re-parsing CP932 names, whose trail bytes can be 0x5C.
// - Announced file: a row with a key (hashed) whose root is enabled. Only those
//   are searched, browsed and listed for 0x0FA3. find_by_announced_name sees every
//   row; ShareLookup applies the "announced" rule for uploads.
// - Generation: a number stamped on every row a scan sees. A rescan begins a new
//   generation, touches every file it still finds and finishes by deleting the
//   rows of that root left with an older one (mark and sweep). An aborted scan
//   simply never calls finish_generation, so nothing is deleted.
//
// Threading: an index object is used by one thread at a time (the owner
// serialises calls); it holds the single writer connection. Readers
// (ShareIndexReader from SqliteShareIndex::open_reader) have their own read-only
// connection each, so searches never wait for a write batch.
//
// Errors: every call returns IndexResult; nothing throws across this interface.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/codecs/common.h"
#include "protocol/file_key.h"

namespace wpn::share {

using RootId = std::int64_t;
using FileId = std::int64_t;
using Generation = std::uint64_t;

// Browse caps (filesharing.md §6.4): a browse returns at most this many files.
inline constexpr std::size_t BrowseCapSecondary = 3000;
inline constexpr std::size_t BrowseCapPrimary = 5000;

enum class IndexErrc {
  Database,        // SQLite reported an error (message holds its text)
  SchemaTooNew,    // the file was written by a newer version; refusing to touch it
  NameConflict,    // another file already has this announced name (ASCII case-insensitive)
  NotFound,        // the root or file id does not exist
  InvalidArgument  // empty name, unknown root, ...
};

struct IndexError {
  IndexErrc code = IndexErrc::Database;
  std::string message;
};

template <class T>
using IndexResult = tl::expected<T, IndexError>;

struct ShareRoot {
  RootId id = 0;
  std::string local_path;    // absolute local directory, Linux bytes
  std::string display_name;  // UTF-8; encoded into the first announced component
  bool enabled = true;
  Generation generation = 0;  // last generation begun for this root (read only)
};

// What stat() says about a file. Equal identities mean "unchanged": the stored
// key and metadata still apply and the file is never read again.
struct StatIdentity {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  std::uint64_t device = 0;

  friend bool operator==(const StatIdentity&, const StatIdentity&) = default;
};

struct FileRecord {
  FileId id = 0;
  RootId root_id = 0;
  std::string local_path;        // absolute, never sent on the wire
  std::string announced_folder;  // legacy code-page bytes, no trailing backslash
  std::string announced_file;    // legacy code-page bytes, never contains a separator
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  std::uint64_t device = 0;
  std::optional<protocol::FileKey> key;  // absent until hashed
  protocol::MediaInfo media;
  Generation generation = 0;
  std::string hash_error;  // why hashing failed for this identity; empty if it did not

  std::string announced_name() const { return announced_folder + '\\' + announced_file; }
  StatIdentity identity() const { return {size, mtime_ns, inode, device}; }
  bool unchanged_since(const StatIdentity& now) const { return identity() == now; }
};

// What a rescan compares a walked file with, read without copying the row's strings.
struct FileScanRow {
  FileId id = 0;
  std::string_view local_path;      // valid during the callback only
  std::string_view announced_name;  // folder '\' file, code-page bytes; same lifetime
  StatIdentity identity;
  bool settled = false;  // hashed, or hashing failed for this identity
};

// One file as the scanner or watcher found it.
struct ScanEntry {
  RootId root_id = 0;
  std::string local_path;
  std::string announced_folder;
  std::string announced_file;
  StatIdentity stat;
  // The caller knows the index has no row for local_path (the scanner read the rows of
  // the folder before walking it): record_scanned skips looking it up. A row that exists
  // after all is still found, only later.
  bool known_new = false;
};

enum class ScanOutcome {
  Added,      // new row
  Unchanged,  // same identity: only the generation (and name, if it moved) updated
  Changed     // identity differs: key, metadata and hash error cleared
};

struct ScanResult {
  FileId id = 0;
  ScanOutcome outcome = ScanOutcome::Added;
  bool needs_hash = false;  // no key and no recorded hash failure
};

enum class NameMatch {
  Exact,                // byte-for-byte
  AsciiCaseInsensitive  // as Windows compares: A-Z == a-z, other bytes exact
};

// One announced folder with its announced files, in file-name order (for 0x0FA3).
struct FolderListing {
  RootId root_id = 0;
  std::string folder;
  std::vector<FileRecord> files;
};

struct IndexCounts {
  std::uint64_t roots = 0;
  std::uint64_t files = 0;        // all rows
  std::uint64_t announced = 0;    // hashed, in enabled roots
  std::uint64_t folders = 0;      // folders with at least one row
  std::uint64_t hashed = 0;       // rows with a key
  std::uint64_t hash_failed = 0;  // rows whose hashing failed
  std::uint64_t bytes_total = 0;
  std::uint64_t bytes_to_hash = 0;  // size sum of rows needing a hash
};

// The rows of one root (whatever its enabled state).
struct RootCounts {
  RootId root_id = 0;
  std::uint64_t files = 0;   // all rows
  std::uint64_t hashed = 0;  // rows with a key
  std::uint64_t bytes = 0;   // size sum of all rows
  std::uint64_t bytes_hashed = 0;
};

// Queries that never write. Safe to run on a separate read-only connection.
class ShareIndexReader {
 public:
  virtual ~ShareIndexReader() = default;

  virtual IndexResult<std::vector<ShareRoot>> roots() = 0;
  virtual IndexResult<std::optional<FileRecord>> file_by_id(FileId id) = 0;
  virtual IndexResult<std::optional<FileRecord>> file_by_path(std::string_view local_path) = 0;

  // Any row whose announced name (folder + '\' + file) matches; with
  // AsciiCaseInsensitive an exact match is preferred. Does not check hash or root state.
  virtual IndexResult<std::optional<FileRecord>> find_by_announced_name(std::string_view name, NameMatch match) = 0;

  // Announced files whose names contain every word (case-insensitive, whole
  // words; words are split on anything that is not a letter or digit, so spaces,
  // backslashes, underscores, dots and dashes all separate). words is UTF-8;
  // convert network bytes with name_encoding first. At most limit results.
  virtual IndexResult<std::vector<FileRecord>> search_keywords(std::string_view words_utf8, std::size_t limit) = 0;
  // Announced files with this 16-byte content hash; with size, the full 20-byte key.
  virtual IndexResult<std::vector<FileRecord>> search_hash(const protocol::ContentHash& hash,
                                                           std::optional<std::uint32_t> size, std::size_t limit) = 0;

  // At most cap announced files, in folder then file-name order.
  virtual IndexResult<std::vector<FileRecord>> browse_list(std::size_t cap) = 0;
  // Every announced folder (optionally of one root), one callback per folder;
  // the callback returns false to stop.
  virtual IndexResult<void> for_each_folder(std::optional<RootId> root,
                                            const std::function<bool(const FolderListing&)>& visit) = 0;
  // The same walk, resumed after the folder named `after` (folder names are unique and walked
  // in name order): a reader can stop between folders and go on later from where it was.
  virtual IndexResult<void> for_each_folder_after(std::optional<RootId> root, std::string_view after,
                                                  const std::function<bool(const FolderListing&)>& visit) = 0;
  // One announced folder by its exact bytes (empty files if unknown).
  virtual IndexResult<FolderListing> list_folder(std::string_view folder) = 0;

  // Rows of root stamped with a generation older than generation: what
  // finish_generation(root, generation) would delete (for removal events).
  virtual IndexResult<std::vector<FileRecord>> stale_files(RootId root, Generation generation) = 0;
  // Every row under the local directory dir (not dir itself), in path order.
  virtual IndexResult<std::vector<FileRecord>> files_under(std::string_view local_dir) = 0;
  // The rows files_under would return, one callback each, as FileScanRow.
  virtual IndexResult<void> for_each_file_under(std::string_view local_dir,
                                                const std::function<void(const FileScanRow&)>& visit) = 0;

  // Rows that need hashing (no key, no failure), in id order, starting after after_id.
  virtual IndexResult<std::vector<FileRecord>> files_needing_hash(std::size_t limit, FileId after_id) = 0;
  virtual IndexResult<IndexCounts> counts() = 0;
  // One entry per root, roots without rows included, in id order.
  virtual IndexResult<std::vector<RootCounts>> root_counts() = 0;
  // Announced files (optionally of one root) in id order: those after after_id, skipping
  // offset of them, at most limit. A walker passes the last id of each page as after_id,
  // which costs the same at any depth; an offset steps over every row it skips.
  virtual IndexResult<std::vector<FileRecord>> announced_files(std::optional<RootId> root, FileId after_id,
                                                               std::uint64_t offset, std::size_t limit) = 0;
};

// The writer. Writes outside a batch commit one by one; inside begin_batch /
// commit_batch they become durable together (a crash loses at most the open batch).
class ShareIndex : public ShareIndexReader {
 public:
  virtual IndexResult<void> begin_batch() = 0;
  virtual IndexResult<void> commit_batch() = 0;
  virtual IndexResult<void> rollback_batch() = 0;
  virtual bool in_batch() const = 0;

  // Inserts, or updates the root with the same local_path; returns its id.
  virtual IndexResult<RootId> ensure_root(const ShareRoot& root) = 0;
  virtual IndexResult<void> set_root_enabled(RootId id, bool enabled) = 0;
  // Deletes the root and all its rows.
  virtual IndexResult<void> remove_root(RootId id) = 0;

  // Starts a scan of root: returns a new generation number, larger than any before.
  virtual IndexResult<Generation> begin_generation(RootId root) = 0;
  // Ends a scan: deletes the root's rows older than generation; returns how many.
  virtual IndexResult<std::uint64_t> finish_generation(RootId root, Generation generation) = 0;

  // Records a file a scan (or the watcher) found, stamped with generation.
  // NameConflict if another path already owns the announced name.
  virtual IndexResult<ScanResult> record_scanned(const ScanEntry& entry, Generation generation) = 0;
  // Stores a hash result. Returns false (and stores nothing) when the row is gone
  // or its identity no longer equals hashed: the file changed while being read.
  virtual IndexResult<bool> set_hash(FileId id, const StatIdentity& hashed, const protocol::FileKey& key,
                                     const protocol::MediaInfo& media) = 0;
  // Records that hashing this identity failed, so it is not retried until it changes.
  virtual IndexResult<bool> set_hash_failed(FileId id, const StatIdentity& attempted, std::string_view reason) = 0;

  // Adds or replaces a whole record, keyed by local_path (id and generation of
  // the argument are ignored; generation is the root's current one). Returns the id.
  virtual IndexResult<FileId> put_file(const FileRecord& record) = 0;
  virtual IndexResult<bool> remove_file(std::string_view local_path) = 0;
  // Removes every row under the local directory dir (not dir itself); returns how many.
  virtual IndexResult<std::uint64_t> remove_under(std::string_view local_dir) = 0;
};

// Commits on commit(), rolls back when destroyed uncommitted.
class BatchGuard {
 public:
  explicit BatchGuard(ShareIndex& index) : index_(index) { begun_ = index_.begin_batch().has_value(); }
  BatchGuard(const BatchGuard&) = delete;
  BatchGuard& operator=(const BatchGuard&) = delete;
  ~BatchGuard() {
    if (begun_) (void)index_.rollback_batch();
  }
  bool begun() const noexcept { return begun_; }
  IndexResult<void> commit() {
    begun_ = false;
    return index_.commit_batch();
  }

 private:
  ShareIndex& index_;
  bool begun_ = false;
};

}  // namespace wpn::share
