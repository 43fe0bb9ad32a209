#pragma once
// Walks one share root, or one folder of it, and brings the index up to date
// (filesharing.md §6.1, §8.3; architecture.md §3.7).
//
// - The rows below the scanned folder are read once, up front, and compared in memory: a
//   file whose stat identity (size, mtime, inode, device) and announced name equal its
//   hashed row costs no index write at all. New and changed files are recorded without a
//   key (record_scanned) and queued for hashing. Rows the walk did not find are removed at
//   the end (mark in memory, sweep by path), with FileRemoved for those that were announced.
//   Generations are still begun for record_scanned, but unchanged rows are not restamped,
//   which keeps a rescan of an unchanged tree within a small factor of `find`.
// - Symbolic links are never followed, to files or to folders, inside the root or out of it:
//   following them could expose files outside the share and loop. Each one is reported as
//   refused so the owner knows why it is missing (share the target as a root instead).
// - Hidden names (leading '.') are skipped unless included; so are whole hidden folders.
//   In media mode other types are skipped silently. Too large files and names the code page
//   cannot carry are refused with a reason.
// - A root that cannot be opened (unmounted disk) ends the scan with an error and sweeps
//   nothing, so a missing drive does not empty the index.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "share/hash_pipeline.h"
#include "share/index_gate.h"
#include "share/name_encoding.h"
#include "share/scan_filter.h"
#include "share/share_events.h"
#include "share/share_index.h"
#include "share/share_settings.h"

namespace wpn::share {

struct ScanScope {
  ShareRoot root;
  std::string dir;        // absolute; empty or equal to root.local_path = the whole root
  bool recursive = true;  // false: the folder's own files, and sweeping of vanished sub-folders
};

struct ScannerHooks {
  // Called with the index gate held, right after the row was recorded, so a hash result
  // that is committed meanwhile cannot make the file look unhashed.
  std::function<void(HashJob)> enqueue_hash;
  // Before a directory is read, so nothing created during the read is missed.
  std::function<void(RootId, const std::string& dir)> on_directory;
  ShareEventSink events;
  const std::atomic<bool>* cancel = nullptr;
  // Before each batch is recorded, with no lock held: the owner may wait here until the
  // hash queue has room, which keeps a first index of a large tree in bounded memory.
  std::function<void()> before_batch;
};

class Scanner {
 public:
  Scanner(const ShareSettings& settings, IndexGate& index, ScannerHooks hooks);

  // Runs on the caller's thread; returns what it also sends as ScanFinished.
  ScanFinished scan(const ScanScope& scope);
  void set_max_file_size(std::uint64_t bytes) noexcept { filter_.set_max_file_size(bytes); }

  // Entries recorded per index batch (the gate is released between batches so hash
  // results can be committed while a long scan runs).
  static constexpr std::size_t BatchSize = 1000;

 private:
  struct Walk;
  void emit(ShareEvent event) const;

  ScanFilter filter_;
  NameEncoder encoder_;
  // The most files an earlier scan met: the rows are read into room reserved up front, as
  // growing by doubling to a million rows held the old and new copies at once (~75 MB more
  // at the peak). Room never written is never resident.
  std::size_t rows_hint_ = 0;
  IndexGate& index_;
  ScannerHooks hooks_;
};

}  // namespace wpn::share
