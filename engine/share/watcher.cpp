#include "share/watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <utility>

namespace wpn::share {
namespace {

constexpr std::uint32_t WatchMask = IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE |
                                    IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_ONLYDIR | IN_DONT_FOLLOW |
                                    IN_EXCL_UNLINK;

std::string errno_text(int error) { return std::error_code(error, std::generic_category()).message(); }

// Filesystems whose inotify events miss changes made elsewhere (other clients of a share).
const char* eventless_filesystem(const std::string& path) {
  struct statfs info {};
  if (::statfs(path.c_str(), &info) != 0) return nullptr;
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0x6969UL:
      return "NFS";
    case 0x517BUL:
      return "SMB";
    case 0xFF534D42UL:
      return "CIFS";
    case 0xFE534D42UL:
      return "SMB2";
    case 0x65735546UL:
      return "FUSE";
    case 0x01021997UL:
      return "9P";
    case 0x5346414FUL:
      return "AFS";
    case 0x00C36400UL:
      return "Ceph";
    default:
      return nullptr;
  }
}

std::string kernel_watch_limit() {
  std::ifstream in("/proc/sys/fs/inotify/max_user_watches");
  std::string value;
  in >> value;
  return value.empty() ? std::string("?") : value;
}

bool is_hidden(std::string_view name) { return !name.empty() && name.front() == '.'; }

bool is_under(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

}  // namespace

Watcher::Watcher(WatcherOptions options, ChangeCallback on_change, ShareEventSink events)
    : options_(options), on_change_(std::move(on_change)), events_(std::move(events)) {}

Watcher::~Watcher() { stop(); }

bool Watcher::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return true;
  inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  stop_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (inotify_fd_ < 0 || stop_fd_ < 0) {
    const std::string reason = "inotify is not available (" + errno_text(errno) + ")";
    for (auto& [id, root] : roots_) degrade_locked(id, reason, true);
    if (inotify_fd_ >= 0) ::close(inotify_fd_);
    if (stop_fd_ >= 0) ::close(stop_fd_);
    inotify_fd_ = stop_fd_ = -1;
    return false;
  }
  thread_ = std::thread([this] { run(); });
  return true;
}

void Watcher::stop() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(stop_fd_, &one, sizeof one);
    thread.swap(thread_);
  }
  thread.join();
  std::lock_guard lock(mutex_);
  ::close(inotify_fd_);
  ::close(stop_fd_);
  inotify_fd_ = stop_fd_ = -1;
  by_wd_.clear();
  by_path_.clear();
  dirty_.clear();
}

void Watcher::add_root(RootId root, const std::string& path) {
  std::vector<ShareEvent> out;
  {
    std::lock_guard lock(mutex_);
    roots_[root] = RootState{path, false, false, false, {}};
    if (const char* fs = eventless_filesystem(path)) {
      degrade_locked(
          root,
          std::string("the folder is on a ") + fs + " filesystem, which does not report changes made by other machines",
          true);
    } else if (inotify_fd_ < 0) {
      degrade_locked(root, "inotify is not available", true);
    } else {
      outbox_.push_back(WatcherState{path, WatchState::Active, {}});
    }
    out.swap(outbox_);
  }
  for (const auto& event : out)
    if (events_) events_(event);
}

void Watcher::remove_root(RootId root) {
  std::lock_guard lock(mutex_);
  auto it = roots_.find(root);
  if (it == roots_.end()) return;
  for (auto wd = by_wd_.begin(); wd != by_wd_.end();) {
    if (wd->second.first == root) {
      if (inotify_fd_ >= 0) ::inotify_rm_watch(inotify_fd_, wd->first);
      by_path_.erase(wd->second.second);
      wd = by_wd_.erase(wd);
    } else {
      ++wd;
    }
  }
  roots_.erase(it);
}

void Watcher::degrade_locked(RootId root, std::string reason, bool permanent) {
  auto it = roots_.find(root);
  if (it == roots_.end()) return;
  auto& state = it->second;
  state.permanent = state.permanent || permanent;
  state.degraded = true;
  if (state.reported_degraded) return;  // said once; a rearmed root that fails again stays quiet
  state.reason = reason;
  state.reported_degraded = true;
  outbox_.push_back(WatcherState{state.path, WatchState::Degraded,
                                 std::move(reason) + "; the folder is rescanned periodically instead"});
}

void Watcher::watch_directory(RootId root, const std::string& dir) {
  std::vector<ShareEvent> out;
  {
    std::lock_guard lock(mutex_);
    auto it = roots_.find(root);
    if (inotify_fd_ < 0 || it == roots_.end() || it->second.degraded) return;
    if (options_.watch_budget != 0 && by_wd_.size() >= options_.watch_budget && by_path_.count(dir) == 0) {
      degrade_locked(root, "the watch budget of " + std::to_string(options_.watch_budget) + " folders is used up",
                     false);
    } else {
      const int wd = ::inotify_add_watch(inotify_fd_, dir.c_str(), WatchMask);
      if (wd < 0) {
        if (errno == ENOSPC) {
          degrade_locked(root,
                         "the system's inotify watch limit (fs.inotify.max_user_watches = " + kernel_watch_limit() +
                             ") is reached; raise it to watch every folder",
                         false);
        } else if (errno != ENOENT && errno != ENOTDIR) {
          degrade_locked(root, "cannot watch " + dir + ": " + errno_text(errno), false);
        }
      } else {
        // The same folder under a new path (moved) keeps its watch descriptor.
        auto known = by_wd_.find(wd);
        if (known != by_wd_.end() && known->second.second != dir) by_path_.erase(known->second.second);
        by_wd_[wd] = {root, dir};
        by_path_[dir] = wd;
      }
    }
    out.swap(outbox_);
  }
  for (const auto& event : out)
    if (events_) events_(event);
}

void Watcher::rearm_root(RootId root) {
  std::lock_guard lock(mutex_);
  auto it = roots_.find(root);
  if (it == roots_.end() || it->second.permanent || inotify_fd_ < 0) return;
  it->second.degraded = false;  // reported_degraded stays until settle_root says otherwise
}

void Watcher::settle_root(RootId root) {
  std::vector<ShareEvent> out;
  {
    std::lock_guard lock(mutex_);
    auto it = roots_.find(root);
    if (it == roots_.end() || it->second.degraded || !it->second.reported_degraded) return;
    it->second.reported_degraded = false;
    it->second.reason.clear();
    out.push_back(WatcherState{it->second.path, WatchState::Active, {}});
  }
  for (const auto& event : out)
    if (events_) events_(event);
}

bool Watcher::degraded(RootId root) const {
  std::lock_guard lock(mutex_);
  auto it = roots_.find(root);
  return it != roots_.end() && (it->second.degraded || it->second.reported_degraded);
}

std::size_t Watcher::watch_count() const {
  std::lock_guard lock(mutex_);
  return by_wd_.size();
}

void Watcher::run() {
  alignas(inotify_event) std::array<char, 64 * 1024> buffer{};
  for (;;) {
    int timeout_ms = -1;
    {
      std::lock_guard lock(mutex_);
      if (first_event_) {
        const auto now = std::chrono::steady_clock::now();
        const auto due = std::min(last_event_ + options_.debounce, *first_event_ + options_.max_delay);
        timeout_ms = due <= now ? 0 : static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(due - now).count());
      }
    }
    std::array<pollfd, 2> fds{pollfd{inotify_fd_, POLLIN, 0}, pollfd{stop_fd_, POLLIN, 0}};
    const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0 && errno != EINTR) break;
    if ((fds[1].revents & POLLIN) != 0) break;
    if ((fds[0].revents & POLLIN) != 0) {
      for (;;) {
        const ssize_t got = ::read(inotify_fd_, buffer.data(), buffer.size());
        if (got <= 0) break;
        handle_events(buffer.data(), static_cast<std::size_t>(got));
      }
    }
    flush_if_due(false);
  }
}

void Watcher::handle_events(const char* buffer, std::size_t length) {
  std::vector<ShareEvent> out;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    std::size_t offset = 0;
    while (offset + sizeof(inotify_event) <= length) {
      inotify_event event{};
      std::memcpy(&event, buffer + offset, sizeof event);
      const char* name_ptr = buffer + offset + sizeof(inotify_event);
      offset += sizeof(inotify_event) + event.len;
      const std::string name = event.len > 0 ? std::string(name_ptr, ::strnlen(name_ptr, event.len)) : std::string();

      if ((event.mask & IN_Q_OVERFLOW) != 0) {
        for (const auto& [id, root] : roots_) mark_dirty_locked(id, root.path, true, true);
        continue;
      }
      auto it = by_wd_.find(event.wd);
      if (it == by_wd_.end()) continue;
      const RootId root = it->second.first;
      const std::string dir = it->second.second;
      auto root_it = roots_.find(root);
      if (root_it == roots_.end()) continue;
      const bool is_root_dir = dir == root_it->second.path;

      if ((event.mask & IN_IGNORED) != 0) {
        if (by_path_.count(dir) != 0 && by_path_[dir] == event.wd) by_path_.erase(dir);
        by_wd_.erase(it);
        continue;
      }
      if ((event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) != 0) {
        if (is_root_dir) {
          degrade_locked(root, "the shared folder was removed, moved or unmounted", false);
          mark_dirty_locked(root, dir, true, true);
        } else {
          // Its parent's event rescans the place it left; a move inside the root re-adds it.
          forget_subtree_locked(dir);
          if ((event.mask & IN_MOVE_SELF) != 0) ::inotify_rm_watch(inotify_fd_, event.wd);
        }
        continue;
      }
      if (!options_.include_hidden && is_hidden(name)) continue;
      const bool is_dir = (event.mask & IN_ISDIR) != 0;
      if (is_dir && (event.mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
        mark_dirty_locked(root, dir + '/' + name, true, false);
      } else {
        mark_dirty_locked(root, dir, false, false);
      }
      if (!first_event_) first_event_ = now;
      last_event_ = now;
    }
    out.swap(outbox_);
  }
  for (const auto& event : out)
    if (events_) events_(event);
}

void Watcher::mark_dirty_locked(RootId root, const std::string& dir, bool recursive, bool whole_root) {
  auto& dirty = dirty_[{root, dir}];
  dirty.recursive = dirty.recursive || recursive;
  dirty.whole_root = dirty.whole_root || whole_root;
  const auto now = std::chrono::steady_clock::now();
  if (!first_event_) first_event_ = now;
  last_event_ = now;
}

void Watcher::forget_subtree_locked(const std::string& dir) {
  for (auto it = by_path_.lower_bound(dir); it != by_path_.end() && (it->first == dir || is_under(it->first, dir));) {
    by_wd_.erase(it->second);
    it = by_path_.erase(it);
  }
}

void Watcher::flush_if_due(bool force) {
  std::vector<WatchChange> changes;
  {
    std::lock_guard lock(mutex_);
    if (!first_event_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now < last_event_ + options_.debounce && now < *first_event_ + options_.max_delay) return;
    for (auto& [key, dirty] : dirty_)
      changes.push_back(WatchChange{key.first, key.second, dirty.recursive, dirty.whole_root});
    dirty_.clear();
    first_event_.reset();
  }
  if (!changes.empty() && on_change_) on_change_(std::move(changes));
}

}  // namespace wpn::share
