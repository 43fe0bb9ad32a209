#include "share/share_library.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <utility>

#include "share/background_priority.h"

namespace wpn::share {
namespace {

std::string normalized(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string base_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool inside(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

HashPipelineOptions pipeline_options(const ShareSettings& settings, std::function<void()> on_idle) {
  HashPipelineOptions options;
  options.on_idle = std::move(on_idle);
  options.threads = std::max(1U, settings.hash_threads);
  options.rate_limit_bytes_per_s = settings.hash_rate_limit_bytes_per_s;
  options.max_file_size = settings.max_file_size;
  return options;
}

WatcherOptions watcher_options(const ShareSettings& settings) {
  WatcherOptions options;
  options.debounce = settings.debounce;
  options.max_delay = std::max(settings.debounce * 10, std::chrono::milliseconds(1000));
  options.watch_budget = settings.watch_budget;
  options.include_hidden = settings.include_hidden;
  return options;
}

}  // namespace

ShareLibrary::ShareLibrary(ShareSettings settings, ShareIndex& index, ShareEventSink events)
    : settings_(std::move(settings)),
      index_(index),
      events_(std::move(events)),
      committer_(
          index_,
          HashCommitterOptions{settings_.commit_batch_files, settings_.commit_interval,
                               parse_code_page(settings_.code_page).value_or(CodePage::Cp1252)},
          [this](const ShareEvent& event) { emit(event); }, [this](const std::string& path) { on_stale(path); }),
      pipeline_(pipeline_options(settings_, [this] { committer_.commit_soon(); }), committer_,
                [this](const HashProgress& progress) { emit(progress); }),
      watcher_(
          watcher_options(settings_),
          [this](std::vector<WatchChange> changes) { on_watch_changes(std::move(changes)); },
          [this](const ShareEvent& event) { emit(event); }),
      scanner_(
          settings_, index_,
          ScannerHooks{[this](HashJob job) {
                         const std::string path = job.path;
                         const StatIdentity stat = job.seen;
                         pipeline_.enqueue(std::move(job), [&] { return committer_.holds(path, stat); });
                       },
                       [this](RootId root, const std::string& dir) {
                         if (watch_) watcher_.watch_directory(root, dir);
                       },
                       [this](const ShareEvent& event) { emit(event); }, &cancel_, [this] { wait_for_hash_room(); }}),
      watch_(settings_.watch),
      pipeline_max_file_size_(settings_.max_file_size) {}

void ShareLibrary::wait_for_hash_room() {
  while (!cancel_ && !pipeline_.wait_for_room(HashQueueLimit, std::chrono::milliseconds(100))) {
  }
}

ShareLibrary::~ShareLibrary() { stop(); }

IndexResult<void> ShareLibrary::start() {
  std::vector<ShareRoot> configured;
  std::vector<ShareRootConfig> configs;
  {
    std::lock_guard lock(mutex_);
    configs = settings_.roots;  // add_root/remove_root keep it current
  }
  auto registered = index_.with([&](ShareIndex& index) -> IndexResult<void> {
    for (const auto& config : configs) {
      ShareRoot root;
      root.local_path = normalized(config.path);
      root.display_name = config.display_name.empty() ? base_name(root.local_path) : config.display_name;
      auto id = index.ensure_root(root);
      if (!id) return tl::unexpected(id.error());
      root.id = *id;
      configured.push_back(root);
    }
    auto known = index.roots();
    if (!known) return tl::unexpected(known.error());
    for (const auto& root : *known) {
      const bool keep =
          std::any_of(configured.begin(), configured.end(), [&](const ShareRoot& r) { return r.id == root.id; });
      if (!keep) {
        if (auto removed = index.remove_root(root.id); !removed) return removed;
      }
    }
    return {};
  });
  if (!registered) return registered;

  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    cancel_ = false;
    for (const auto& root : configured) roots_[root.id].root = root;
  }
  committer_.start();
  pipeline_.start();

  if (watch_) watcher_.start();
  for (const auto& root : configured) watch_and_scan(root);
  std::lock_guard lock(mutex_);
  if (!scan_thread_.joinable())
    scan_thread_ = std::thread([this] {
      lower_this_thread_priority(IndexingNice);
      scan_loop();
    });
  return {};
}

void ShareLibrary::watch_and_scan(const ShareRoot& root) {
  if (watch_) {
    watcher_.add_root(root.id, root.local_path);
  } else {
    emit(WatcherState{root.local_path, WatchState::Degraded,
                      "watching is turned off in the settings; the folder is rescanned periodically instead"});
  }
  queue_scan(ScanRequest{root.id, {}, true});
}

void ShareLibrary::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    cancel_ = true;
  }
  scan_cv_.notify_all();
  watcher_.stop();
  std::thread scan_thread;
  {
    std::lock_guard lock(mutex_);
    scan_thread.swap(scan_thread_);
  }
  if (scan_thread.joinable()) scan_thread.join();
  pipeline_.stop();
  committer_.stop();
}

void ShareLibrary::emit(const ShareEvent& event) {
  if (const auto* state = std::get_if<WatcherState>(&event)) {
    std::lock_guard lock(mutex_);
    for (auto& [id, status] : roots_) {
      if (status.root.local_path != state->root) continue;
      status.watch = state->state;
      status.watch_reason = state->reason;
      if (state->state == WatchState::Degraded && next_periodic_.count(id) == 0)
        next_periodic_[id] = std::chrono::steady_clock::now() + settings_.fallback_rescan_interval;
      if (state->state == WatchState::Active) next_periodic_.erase(id);
    }
    scan_cv_.notify_all();
  } else if (const auto* finished = std::get_if<ScanFinished>(&event)) {
    std::lock_guard lock(mutex_);
    for (auto& [id, status] : roots_)
      if (status.root.local_path == finished->root) status.last_scan = *finished;
  }
  if (events_) events_(event);
}

void ShareLibrary::queue_scan(ScanRequest request) {
  {
    std::lock_guard lock(mutex_);
    const auto known = roots_.find(request.root);
    if (stopping_ || known == roots_.end()) return;
    if (request.kind != ScanRequest::Kind::Scan) {
      scans_.push_back(std::move(request));
      scan_cv_.notify_all();
      return;
    }
    const auto& root_path = known->second.root.local_path;
    if (request.dir == root_path) request.dir.clear();
    const bool whole = request.dir.empty();
    for (auto& queued : scans_) {
      if (queued.root != request.root || queued.kind != ScanRequest::Kind::Scan) continue;
      if (queued.dir.empty()) return;  // a whole-root scan already covers it
      if (queued.dir == request.dir) {
        queued.recursive = queued.recursive || request.recursive;
        return;
      }
    }
    if (whole) {
      scans_.erase(
          std::remove_if(scans_.begin(), scans_.end(),
                         [&](const ScanRequest& q) { return q.root == request.root && q.kind == request.kind; }),
          scans_.end());
    }
    scans_.push_back(std::move(request));
  }
  scan_cv_.notify_all();
}

bool ShareLibrary::needs_periodic_locked(RootId root) const {
  if (!watch_) return true;
  auto it = roots_.find(root);
  return it != roots_.end() && it->second.watch == WatchState::Degraded;
}

// A previous run recorded these but stopped before their hash was committed. Read from the
// index in pieces as the hash queue makes room (the scans would find them too, later).
void ShareLibrary::requeue_unhashed() {
  FileId after = 0;
  while (!cancel_) {
    wait_for_hash_room();
    auto batch = index_.with([&](ShareIndex& index) { return index.files_needing_hash(1000, after); });
    if (!batch || batch->empty()) break;
    for (const auto& row : *batch) {
      pipeline_.enqueue(HashJob{row.local_path, row.id, row.identity(), false, row.announced_name(), row.root_id});
      after = row.id;
    }
  }
}

void ShareLibrary::scan_loop() {
  requeue_unhashed();
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stopping_) return;
    if (!scans_.empty()) {
      ScanRequest request = std::move(scans_.front());
      scans_.pop_front();
      const auto it = roots_.find(request.root);
      if (it == roots_.end()) continue;  // removed while queued
      scanning_ = true;
      scanning_root_ = request.root;
      it->second.scanning = true;
      const ShareRoot root = it->second.root;
      lock.unlock();
      run_scan(request, root);
      lock.lock();
      scanning_ = false;
      scanning_root_ = 0;
      if (!stopping_) cancel_ = false;  // a removed root's scan was cancelled
      if (auto done = roots_.find(request.root); done != roots_.end()) done->second.scanning = false;
      continue;
    }
    // Degraded roots (and every root when watching is off) are rescanned periodically.
    const auto now = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> earliest;
    for (const auto& [id, status] : roots_) {
      if (!needs_periodic_locked(id)) continue;
      auto [it, inserted] = next_periodic_.try_emplace(id, now + settings_.fallback_rescan_interval);
      if (it->second <= now) {
        it->second = now + settings_.fallback_rescan_interval;
        scans_.push_back(ScanRequest{id, {}, true});
      } else if (!earliest || it->second < *earliest) {
        earliest = it->second;
      }
    }
    if (!scans_.empty()) continue;
    if (earliest)
      scan_cv_.wait_until(lock, *earliest);
    else
      scan_cv_.wait(lock);
  }
}

void ShareLibrary::run_scan(const ScanRequest& request, const ShareRoot& root) {
  if (request.kind == ScanRequest::Kind::WatchFolders) return watch_folders(root);
  if (request.kind == ScanRequest::Kind::DropTooLarge) return drop_too_large(root);
  const bool whole = request.dir.empty();
  if (whole) ++full_scans_;
  if (whole && watch_) watcher_.rearm_root(root.id);
  scanner_.scan(ScanScope{root, request.dir, request.recursive});
  if (whole && watch_) watcher_.settle_root(root.id);
}

// Watching turned on: every folder of the root gets its watch, as a scan would add them,
// without reading a file or the index.
void ShareLibrary::watch_folders(const ShareRoot& root) {
  watcher_.rearm_root(root.id);
  std::vector<std::string> pending{root.local_path};
  while (!pending.empty() && !cancel_) {
    const std::string dir = std::move(pending.back());
    pending.pop_back();
    watcher_.watch_directory(root.id, dir);
    DIR* handle = ::opendir(dir.c_str());
    if (handle == nullptr) continue;
    while (const dirent* entry = ::readdir(handle)) {
      const std::string_view name(entry->d_name);
      if (name == "." || name == ".." || (!settings_.include_hidden && name.front() == '.')) continue;
      const std::string path = dir + (dir.back() == '/' ? "" : "/") + std::string(name);
      bool folder = entry->d_type == DT_DIR;
      if (entry->d_type == DT_UNKNOWN) {
        struct stat st {};
        folder = ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
      }
      if (folder) pending.push_back(path);
    }
    ::closedir(handle);
  }
  watcher_.settle_root(root.id);
}

// A lower size cap: the indexed files above it leave the share, found in the index alone.
void ShareLibrary::drop_too_large(const ShareRoot& root) {
  const std::uint64_t cap = pipeline_max_file_size_;
  std::vector<FileId> ids;
  const auto read = index_.with([&](ShareIndex& index) {
    return index.for_each_file_under(root.local_path, [&](const FileScanRow& row) {
      if (row.identity.size > cap) ids.push_back(row.id);
    });
  });
  if (!read) return emit(FileRefused{root.local_path, "cannot apply the size limit: " + read.error().message});
  if (ids.empty()) return;
  std::vector<ShareEvent> events;  // sent once committed: readers then see the change
  index_.with([&](ShareIndex& index) {
    BatchGuard guard(index);
    const NameEncoder names(parse_code_page(settings_.code_page).value_or(CodePage::Cp1252));
    for (const FileId id : ids) {
      auto row = index.file_by_id(id);
      if (!row || !*row) continue;
      auto dropped = index.remove_file((*row)->local_path);
      if (!dropped || !*dropped) continue;
      events.push_back(
          FileRefused{(*row)->local_path, "larger than the share limit of " + std::to_string(cap) + " bytes"});
      if ((*row)->key) events.push_back(FileRemoved{id, names.to_utf8((*row)->announced_name())});
    }
    if (guard.begun() && !guard.commit()) events.clear();
  });
  for (const auto& event : events) emit(event);
}

void ShareLibrary::set_max_file_size(std::uint64_t bytes) {
  const std::uint64_t before = pipeline_max_file_size_.exchange(bytes);
  scanner_.set_max_file_size(bytes);
  pipeline_.set_max_file_size(bytes);
  if (bytes >= before) return;
  std::vector<RootId> ids;
  {
    std::lock_guard lock(mutex_);
    settings_.max_file_size = bytes;
    for (const auto& [id, status] : roots_) ids.push_back(id);
  }
  for (const auto id : ids) queue_scan(ScanRequest{id, {}, true, ScanRequest::Kind::DropTooLarge});
}

void ShareLibrary::set_watch(bool on) {
  std::vector<ShareRoot> roots;
  {
    std::lock_guard lock(mutex_);
    if (watch_ == on) return;
    settings_.watch = on;
    watch_ = on;
    for (const auto& [id, status] : roots_) roots.push_back(status.root);
  }
  if (!on) {
    watcher_.stop();
    for (const auto& root : roots) {
      watcher_.remove_root(root.id);
      emit(WatcherState{root.local_path, WatchState::Degraded,
                        "watching is turned off in the settings; the folder is rescanned periodically instead"});
    }
    return;
  }
  watcher_.start();
  for (const auto& root : roots) {
    watcher_.add_root(root.id, root.local_path);
    queue_scan(ScanRequest{root.id, {}, true, ScanRequest::Kind::WatchFolders});
  }
}

void ShareLibrary::set_rescan_interval(std::chrono::milliseconds interval) {
  {
    std::lock_guard lock(mutex_);
    settings_.fallback_rescan_interval = interval;
    const auto next = std::chrono::steady_clock::now() + interval;
    for (auto& [id, due] : next_periodic_) due = std::min(due, next);
  }
  scan_cv_.notify_all();
}

void ShareLibrary::on_watch_changes(std::vector<WatchChange> changes) {
  for (auto& change : changes) {
    if (change.whole_root)
      queue_scan(ScanRequest{change.root, {}, true});
    else
      queue_scan(ScanRequest{change.root, std::move(change.dir), change.recursive});
  }
}

void ShareLibrary::on_stale(const std::string& path) {
  const auto root = root_of_path(path);
  if (!root) return;
  const auto slash = path.rfind('/');
  queue_scan(ScanRequest{root->id, path.substr(0, slash), false});
}

std::optional<ShareRoot> ShareLibrary::root_of_path(const std::string& path) const {
  std::lock_guard lock(mutex_);
  const std::string wanted = normalized(path);
  for (const auto& [id, status] : roots_) {
    if (wanted == status.root.local_path || inside(wanted, status.root.local_path)) return status.root;
  }
  return std::nullopt;
}

IndexResult<RootId> ShareLibrary::add_root(const ShareRootConfig& config) {
  ShareRoot root;
  root.local_path = normalized(config.path);
  root.display_name = config.display_name.empty() ? base_name(root.local_path) : config.display_name;
  if (root.local_path.empty() || root.local_path.front() != '/')
    return tl::unexpected(IndexError{IndexErrc::InvalidArgument, "a share root must be an absolute path"});
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return tl::unexpected(IndexError{IndexErrc::InvalidArgument, "the share library is stopped"});
    for (const auto& [id, status] : roots_) {
      const auto& other = status.root.local_path;
      if (other != root.local_path && (inside(root.local_path, other) || inside(other, root.local_path))) {
        return tl::unexpected(
            IndexError{IndexErrc::InvalidArgument, root.local_path + " overlaps the shared folder " + other});
      }
    }
  }
  auto id = index_.with([&](ShareIndex& index) { return index.ensure_root(root); });
  if (!id) return id;
  root.id = *id;
  bool added = false;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = roots_.try_emplace(root.id);
    it->second.root = root;
    added = inserted;
    auto& configs = settings_.roots;
    configs.erase(std::remove_if(configs.begin(), configs.end(),
                                 [&](const ShareRootConfig& c) { return normalized(c.path) == root.local_path; }),
                  configs.end());
    configs.push_back(ShareRootConfig{root.local_path, config.display_name});
  }
  if (added)
    watch_and_scan(root);
  else
    queue_scan(ScanRequest{root.id, {}, true});
  return root.id;
}

IndexResult<void> ShareLibrary::remove_root(const std::string& root_path) {
  const std::string path = normalized(root_path);
  RootId id = 0;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [known, status] : roots_)
      if (status.root.local_path == path) id = known;
    if (id == 0) return tl::unexpected(IndexError{IndexErrc::NotFound, path + " is not a shared folder"});
    roots_.erase(id);
    next_periodic_.erase(id);
    auto& configs = settings_.roots;
    configs.erase(std::remove_if(configs.begin(), configs.end(),
                                 [&](const ShareRootConfig& c) { return normalized(c.path) == path; }),
                  configs.end());
    scans_.erase(std::remove_if(scans_.begin(), scans_.end(), [&](const ScanRequest& q) { return q.root == id; }),
                 scans_.end());
    if (scanning_ && scanning_root_ == id) cancel_ = true;
  }
  if (watch_) watcher_.remove_root(id);
  // Hash results still in flight for its files find no row and are dropped.
  return index_.with([&](ShareIndex& index) { return index.remove_root(id); });
}

void ShareLibrary::set_sharing_paused(bool paused) { sharing_paused_ = paused; }
bool ShareLibrary::sharing_paused() const { return sharing_paused_.load(); }

void ShareLibrary::rescan_all() {
  std::vector<RootId> ids;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, status] : roots_) ids.push_back(id);
  }
  for (const auto id : ids) queue_scan(ScanRequest{id, {}, true});
}

bool ShareLibrary::rescan(const std::string& root_path) {
  const auto root = root_of_path(root_path);
  if (!root || root->local_path != normalized(root_path)) return false;
  queue_scan(ScanRequest{root->id, {}, true});
  return true;
}

bool ShareLibrary::rescan_folder(const std::string& local_dir) {
  const auto root = root_of_path(local_dir);
  if (!root) return false;
  queue_scan(ScanRequest{root->id, normalized(local_dir), true});
  return true;
}

void ShareLibrary::pause_hashing() { pipeline_.pause(); }
void ShareLibrary::resume_hashing() { pipeline_.resume(); }
void ShareLibrary::set_hash_rate_limit(std::uint64_t bytes_per_s) { pipeline_.set_rate_limit(bytes_per_s); }

LibraryStatus ShareLibrary::status() const {
  LibraryStatus out;
  out.hashing = pipeline_.progress();
  std::lock_guard lock(mutex_);
  for (const auto& [id, status] : roots_) out.roots.push_back(status);
  out.scans_queued = scans_.size();
  out.sharing_paused = sharing_paused_.load();
  return out;
}

bool ShareLibrary::idle() const {
  {
    std::lock_guard lock(mutex_);
    if (!scans_.empty() || scanning_) return false;
  }
  return pipeline_.idle() && committer_.empty();
}

bool ShareLibrary::wait_idle(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int stable = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    // Twice in a row: a committed result can still queue a follow-up scan.
    stable = idle() ? stable + 1 : 0;
    if (stable >= 2) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace wpn::share
