#pragma once
// Live watching of share roots with inotify, debounced into folder rescans.
//
// Every folder a scan reads gets a watch (the scanner calls watch_directory before reading,
// so nothing created meanwhile is missed). Events are collected for `debounce` after the
// last one (at most `max_delay` under constant churn), then reported as the folders to
// rescan: the folder itself for file events, recursively for a folder that appeared.
// A queue overflow asks for a rescan of every root.
//
// Watching degrades, visibly, to periodic rescans when
// - the watch budget or the kernel's limit (fs.inotify.max_user_watches) is reached,
// - the root is on a filesystem that does not report other machines' changes (NFS, SMB,
//   FUSE, ...), or
// - the root folder itself disappeared (unmounted disk).
// A degraded root is tried again at its next full rescan (rearm_root/settle_root).

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "share/share_events.h"
#include "share/share_index.h"

namespace wpn::share {

struct WatchChange {
  RootId root = 0;
  std::string dir;          // absolute local folder
  bool recursive = false;   // a folder that appeared: scan all of it
  bool whole_root = false;  // the root itself must be rescanned
};

struct WatcherOptions {
  std::chrono::milliseconds debounce{500};
  std::chrono::milliseconds max_delay{5000};
  std::size_t watch_budget = 0;  // 0 = only the kernel's limit
  bool include_hidden = false;   // events on hidden names are ignored otherwise
};

class Watcher {
 public:
  using ChangeCallback = std::function<void(std::vector<WatchChange>)>;

  // on_change runs on the watcher thread; events carries WatcherState.
  Watcher(WatcherOptions options, ChangeCallback on_change, ShareEventSink events);
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;
  ~Watcher();

  // False (and every root degraded) when inotify cannot be used at all.
  bool start();
  void stop();

  // Registers a root; reports Active, or Degraded when its filesystem gives no events.
  void add_root(RootId root, const std::string& path);
  void remove_root(RootId root);

  // Thread-safe; called by the scanner before it reads dir.
  void watch_directory(RootId root, const std::string& dir);

  // Around a full rescan of a degraded root: clears the degradation so the scan can add
  // watches again; settle reports Active when it stayed clear.
  void rearm_root(RootId root);
  void settle_root(RootId root);

  bool degraded(RootId root) const;
  std::size_t watch_count() const;

 private:
  struct RootState {
    std::string path;
    bool degraded = false;
    bool permanent = false;  // filesystem without events: rearming does not help
    bool reported_degraded = false;
    std::string reason;
  };
  struct Dirty {
    bool recursive = false;
    bool whole_root = false;
  };

  void run();
  void handle_events(const char* buffer, std::size_t length);
  void mark_dirty_locked(RootId root, const std::string& dir, bool recursive, bool whole_root);
  void degrade_locked(RootId root, std::string reason, bool permanent);
  void forget_subtree_locked(const std::string& dir);
  void flush_if_due(bool force);

  WatcherOptions options_;
  ChangeCallback on_change_;
  ShareEventSink events_;

  mutable std::mutex mutex_;
  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  std::map<RootId, RootState> roots_;
  std::unordered_map<int, std::pair<RootId, std::string>> by_wd_;
  std::map<std::string, int> by_path_;
  std::map<std::pair<RootId, std::string>, Dirty> dirty_;
  std::optional<std::chrono::steady_clock::time_point> first_event_;
  std::chrono::steady_clock::time_point last_event_{};
  std::vector<ShareEvent> outbox_;  // emitted outside the lock
  std::thread thread_;
};

}  // namespace wpn::share
