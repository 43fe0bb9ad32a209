#pragma once
// The share library facade the service uses: the configured roots, their scans on a worker
// thread, the hash pipeline, the batching index writer and live watching, with one event
// stream (share_events.h). Nothing here blocks the caller for longer than a lock: scans and
// hashing run on their own threads, so transfers and the control interface never wait.
//
// Threads (architecture.md §2.4): one scan thread (walks and index records), the hash
// workers, one committer thread (hash results -> index, in batches), one watcher thread.
// stop() joins all of them; the destructor calls stop().

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "share/hash_committer.h"
#include "share/hash_pipeline.h"
#include "share/index_gate.h"
#include "share/scanner.h"
#include "share/share_events.h"
#include "share/share_index.h"
#include "share/share_settings.h"
#include "share/watcher.h"

namespace wpn::share {

struct RootStatus {
  ShareRoot root;
  WatchState watch = WatchState::Active;
  std::string watch_reason;
  bool scanning = false;
  std::optional<ScanFinished> last_scan;
};

struct LibraryStatus {
  HashProgress hashing;
  std::vector<RootStatus> roots;
  std::size_t scans_queued = 0;
  bool sharing_paused = false;
};

class ShareLibrary {
 public:
  // The index must outlive the library. Events arrive on the library's threads.
  ShareLibrary(ShareSettings settings, ShareIndex& index, ShareEventSink events);
  ShareLibrary(const ShareLibrary&) = delete;
  ShareLibrary& operator=(const ShareLibrary&) = delete;
  ~ShareLibrary();

  // Registers the configured roots (dropping rows of roots no longer configured), queues the
  // files a previous run recorded but did not hash, queues a full scan of every root and
  // starts watching. Fails only when the index cannot be written.
  IndexResult<void> start();
  void stop();

  // Shares one more root while running: registered in the index, watched and scanned.
  // Adding a root that is already shared updates its display name. Fails when the index
  // cannot be written or the path is inside (or contains) another root.
  IndexResult<RootId> add_root(const ShareRootConfig& config);
  // Stops sharing a root while running: its scan is cancelled, its rows are dropped from
  // the index (no FileRemoved per file: the announced set shrinks by that root as a whole).
  // NotFound when the path is not a shared root.
  IndexResult<void> remove_root(const std::string& root_path);

  // "Sharing paused": a switch the service reads to stop serving and announcing for a
  // while. The index, the announced set, scanning and hashing are left exactly as they are.
  void set_sharing_paused(bool paused);
  bool sharing_paused() const;

  void rescan_all();
  bool rescan(const std::string& root_path);         // false: not a configured root
  bool rescan_folder(const std::string& local_dir);  // false: not inside a root

  // Live settings; none of them rescans a root. A lower size cap drops the indexed files
  // above it (a pass over the index, not the disk); a higher one shares the files it now
  // admits from the next scan of their folder. Watching on arms each root's folders by a
  // walk of its folders only; off leaves the roots to periodic rescans at the interval.
  void set_max_file_size(std::uint64_t bytes);
  void set_watch(bool on);
  void set_rescan_interval(std::chrono::milliseconds interval);
  // Whole-root scans started since start() (the live settings' tests count them).
  std::uint64_t full_scans() const noexcept { return full_scans_; }

  void pause_hashing();
  void resume_hashing();
  void set_hash_rate_limit(std::uint64_t bytes_per_s);

  LibraryStatus status() const;
  HashPipeline::Stats hash_stats() const { return pipeline_.stats(); }
  // No scan queued or running, hashing idle and every result committed.
  bool idle() const;
  bool wait_idle(std::chrono::milliseconds timeout) const;

 private:
  struct ScanRequest {
    enum class Kind { Scan, WatchFolders, DropTooLarge };
    RootId root = 0;
    std::string dir;  // empty = whole root
    bool recursive = true;
    Kind kind = Kind::Scan;
  };

  void emit(const ShareEvent& event);
  void queue_scan(ScanRequest request);
  void watch_and_scan(const ShareRoot& root);
  void scan_loop();
  void requeue_unhashed();
  void wait_for_hash_room();
  // Files queued for hashing at most (plus one scan batch): the rest wait in the index.
  static constexpr std::size_t HashQueueLimit = 10000;
  void run_scan(const ScanRequest& request, const ShareRoot& root);
  void watch_folders(const ShareRoot& root);
  void drop_too_large(const ShareRoot& root);
  void on_watch_changes(std::vector<WatchChange> changes);
  void on_stale(const std::string& path);
  std::optional<ShareRoot> root_of_path(const std::string& path) const;
  bool needs_periodic_locked(RootId root) const;

  ShareSettings settings_;
  IndexGate index_;
  ShareEventSink events_;
  HashCommitter committer_;
  HashPipeline pipeline_;
  Watcher watcher_;
  Scanner scanner_;

  mutable std::mutex mutex_;
  std::condition_variable scan_cv_;
  std::map<RootId, RootStatus> roots_;
  std::deque<ScanRequest> scans_;
  std::map<RootId, std::chrono::steady_clock::time_point> next_periodic_;
  bool scanning_ = false;
  RootId scanning_root_ = 0;
  std::atomic<bool> sharing_paused_{false};
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  std::atomic<std::uint64_t> full_scans_{0};
  std::atomic<bool> watch_;  // settings_.watch, read by every thread
  std::atomic<std::uint64_t> pipeline_max_file_size_;
  std::thread scan_thread_;
};

}  // namespace wpn::share
