// The engine's share side (share thread): the library's life and live root changes, the
// read-only index connection for queries and announcements, and the share part of the
// status snapshot. Library events arrive on the library's own threads.
#include <Poco/Logger.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "session/engine_impl.h"
#include "share/share_announce.h"

namespace wpn::session {

namespace {

constexpr auto ProgressEventInterval = std::chrono::milliseconds(250);
constexpr auto TickInterval = std::chrono::seconds(1);
constexpr auto ShareRefreshSpacing = std::chrono::milliseconds(500);
constexpr auto ChangingShareAnnounceInterval = std::chrono::minutes(1);

// Counting reads every row of the index (each query takes ~0.4 s of CPU at a million files),
// and a first index changes the counts with every file hashed: recounting at each refresh
// kept the share thread busy for the whole index, beside the engine thread. A count that
// took CountsPacingFrom or more is not run again before nine times its cost has passed, so
// it takes a tenth of the share thread at most; status then trails the index by that long.
constexpr auto CountsPacingFrom = std::chrono::milliseconds(20);
constexpr int CountsPacingFactor = 9;

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine.shares"); }

std::chrono::steady_clock::time_point next_count_after(std::chrono::steady_clock::time_point started) {
  const auto now = std::chrono::steady_clock::now();
  const auto cost = now - started;
  return cost < CountsPacingFrom ? now : now + cost * CountsPacingFactor;
}

// A change of these needs a new library (no live setter); roots, the size cap, watching and
// the rescan interval change live.
bool needs_rebuild(const ShareConfig& a, const ShareConfig& b) {
  return a.hash_threads != b.hash_threads || a.mode != b.mode || a.include_hidden != b.include_hidden ||
         a.code_page != b.code_page;
}

EngineError index_error(const share::IndexError& error) {
  switch (error.code) {
    case share::IndexErrc::NotFound:
      return {EngineErrc::NotFound, error.message};
    case share::IndexErrc::InvalidArgument:
    case share::IndexErrc::NameConflict:
      return {EngineErrc::Conflict, error.message};
    default:
      return {EngineErrc::Internal, "share index: " + error.message};
  }
}

}  // namespace

EngineResult<void> Engine::Impl::start_library() {
  library_ = std::make_unique<share::ShareLibrary>(to_share_settings(share_config_), *index_,
                                                   [this](const share::ShareEvent& event) { on_share_event(event); });
  library_->set_sharing_paused(paused_.load());
  const auto started = library_->start();
  ++index_changes_;  // roots no longer configured were dropped
  if (!started) return fail(EngineErrc::Internal, "share library: " + started.error().message);
  if (shares_timer_ == net::TimerId::None) shares_tick();
  return {};
}

void Engine::Impl::stop_library() {
  if (library_) library_->stop();
  library_.reset();
}

void Engine::Impl::apply_shares(const ShareConfig& next) {
  const ShareConfig before = share_config_;
  share_config_ = next;
  if (!library_) return;
  if (needs_rebuild(before, next)) {
    logger().information("share settings changed: restarting the share library");
    stop_library();
    if (auto started = start_library(); !started) logger().error(started.error().message);
    roots_changed();
    return;
  }
  if (before.hash_rate_limit != next.hash_rate_limit) library_->set_hash_rate_limit(next.hash_rate_limit);
  if (before.max_file_size != next.max_file_size) library_->set_max_file_size(next.max_file_size);
  if (before.watch != next.watch) library_->set_watch(next.watch);
  if (before.rescan_interval != next.rescan_interval)
    library_->set_rescan_interval(to_share_settings(next).fallback_rescan_interval);
  for (const auto& path : before.roots)
    if (std::find(next.roots.begin(), next.roots.end(), path) == next.roots.end())
      if (auto removed = library_->remove_root(path); !removed) logger().error(path + ": " + removed.error().message);
  for (const auto& path : next.roots)
    if (std::find(before.roots.begin(), before.roots.end(), path) == before.roots.end())
      if (auto added = library_->add_root({path, {}}); !added) logger().error(path + ": " + added.error().message);
  if (before.roots != next.roots) roots_changed();
}

void Engine::Impl::on_share_event(const share::ShareEvent& event) {
  if (!std::holds_alternative<share::ScanProgress>(event) && !std::holds_alternative<share::HashProgress>(event)) {
    // The counts are queries over every file: a scan that starts, or ends having changed
    // nothing, leaves them as they are (re-counting made a rescan a third slower).
    const auto* finished = std::get_if<share::ScanFinished>(&event);
    const bool unchanged = std::holds_alternative<share::ScanStarted>(event) ||
                           std::holds_alternative<share::WatcherState>(event) ||
                           (finished != nullptr && finished->queued == 0 && finished->removed == 0);
    if (!unchanged) ++index_changes_;
    schedule_share_refresh();
  }
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(progress_mutex_);
    if (const auto* progress = std::get_if<share::ScanProgress>(&event)) {
      scan_progress_ = *progress;
      if (now - last_scan_event_ < ProgressEventInterval) return;
      last_scan_event_ = now;
    } else if (const auto* started = std::get_if<share::ScanStarted>(&event)) {
      scan_progress_ = share::ScanProgress{started->root, 0, 0, 0};
    } else if (const auto* hashing = std::get_if<share::HashProgress>(&event)) {
      const bool finished = hashing->files_done >= hashing->files_total;
      if (!finished && now - last_hash_event_ < ProgressEventInterval) return;
      last_hash_event_ = now;
    }
  }
  emit(to_event(event));
}

const std::optional<share::IndexCounts>& Engine::Impl::counts_cached() {
  const auto changes = index_changes_.load();
  const auto now = std::chrono::steady_clock::now();
  if (counts_at_ != changes && (!counts_ || now >= counts_due_)) {
    counts_ = std::nullopt;
    if (auto fresh = share_reader_->counts()) counts_ = *fresh;
    counts_at_ = changes;
    counts_due_ = next_count_after(now);
  }
  return counts_;
}

const std::optional<std::vector<share::RootCounts>>& Engine::Impl::root_counts_cached() {
  const auto changes = index_changes_.load();
  const auto now = std::chrono::steady_clock::now();
  if (root_counts_at_ != changes && (!root_counts_ || now >= root_counts_due_)) {
    root_counts_ = std::nullopt;
    if (auto fresh = share_reader_->root_counts()) root_counts_ = std::move(*fresh);  // one grouped query
    root_counts_at_ = changes;
    root_counts_due_ = next_count_after(now);
  }
  return root_counts_;
}

std::vector<ShareRootStatus> Engine::Impl::root_statuses() {
  std::vector<ShareRootStatus> roots;
  if (!library_) return roots;
  const auto& counts = root_counts_cached();
  for (const auto& status : library_->status().roots) {
    ShareRootStatus root;
    root.id = status.root.id;
    root.path = status.root.local_path;
    root.name = status.root.display_name;
    root.enabled = status.root.enabled;
    root.scanning = status.scanning;
    root.watch = !share_config_.watch                        ? WatchMode::Off
                 : status.watch == share::WatchState::Active ? WatchMode::Active
                                                             : WatchMode::Degraded;
    root.watch_reason = status.watch_reason;
    if (status.last_scan) root.error = status.last_scan->error;
    if (counts)
      for (const auto& count : *counts)
        if (count.root_id == status.root.id) {
          root.files = count.files;
          root.files_hashed = count.hashed;
          root.bytes = count.bytes;
        }
    roots.push_back(std::move(root));
  }
  std::sort(roots.begin(), roots.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return roots;
}

ShareProgress Engine::Impl::share_progress() {
  const share::LibraryStatus status = library_ ? library_->status() : share::LibraryStatus{};
  ShareProgress progress;
  progress.scanning = status.scans_queued > 0 ||
                      std::any_of(status.roots.begin(), status.roots.end(), [](const auto& r) { return r.scanning; });
  {
    std::lock_guard lock(progress_mutex_);
    progress.folders_seen = scan_progress_.folders_seen;
    progress.files_seen = scan_progress_.files_seen;
    progress.files_queued = scan_progress_.files_queued;
  }
  const auto& hashing = status.hashing;
  progress.hashing = hashing.files_done < hashing.files_total;
  progress.hash_files_done = hashing.files_done;
  progress.hash_files_total = hashing.files_total;
  progress.hash_bytes_done = hashing.bytes_done;
  progress.hash_bytes_total = hashing.bytes_total;
  progress.hash_bytes_per_s = hashing.bytes_per_s;
  progress.hash_eta_s = static_cast<std::uint64_t>(std::max<std::int64_t>(0, hashing.eta.count()));
  progress.hash_paused = hashing.paused;
  return progress;
}

ShareCounts Engine::Impl::share_counts() {
  ShareCounts totals;
  if (library_) {
    const auto status = library_->status();
    totals.hashing = status.hashing.files_done < status.hashing.files_total;
  }
  if (const auto& counts = counts_cached()) {
    totals.roots = counts->roots;
    totals.files_total = counts->files;
    totals.files_shared = counts->announced;
    totals.files_hashed = counts->hashed;
    totals.bytes_shared = counts->bytes_total;
    totals.bytes_to_hash = counts->bytes_to_hash;
  }
  return totals;
}

// Once a second: the share part of the snapshot, and whether to announce again. Each
// announcement reads every folder's payloads: while a scan keeps changing the counts, once
// a minute; otherwise once they hold still.
void Engine::Impl::refresh_share_part() { board_.set_share_part(share_counts(), root_statuses(), share_progress()); }

// The snapshot follows the index within one round of the share thread, not only at ticks.
// At most one per ShareRefreshSpacing: each counts every file (two queries over the whole
// index), and a first index sends an event for every file hashed, so refreshing on each kept
// a core busy and starved the engine thread of the CPU.
void Engine::Impl::schedule_share_refresh() {
  if (share_refresh_pending_.exchange(true)) return;
  if (!post_shares([this] {
        const auto run = [this] {
          share_refresh_pending_ = false;
          last_share_refresh_ = std::chrono::steady_clock::now();
          refresh_share_part();
        };
        const auto due = last_share_refresh_ + ShareRefreshSpacing;
        const auto now = std::chrono::steady_clock::now();
        if (now >= due) return run();
        shares_loop_->add_timer(due - now, run);
      }))
    share_refresh_pending_ = false;
}

void Engine::Impl::roots_changed() {
  ++index_changes_;
  refresh_share_part();
  emit(RootsChanged{board_.get()->roots});
}

void Engine::Impl::shares_tick() {
  last_share_refresh_ = std::chrono::steady_clock::now();
  const ShareCounts counts = share_counts();
  board_.set_share_part(counts, root_statuses(), share_progress());
  shares_timer_ = shares_loop_->add_timer(TickInterval, [this] {
    shares_timer_ = net::TimerId::None;
    shares_tick();
  });
  // Counts held back by the pacing above say nothing about whether the share holds still.
  const bool current = counts_at_ == index_changes_.load();
  const bool settled = current && counts.files_shared == seen_files_ && counts.bytes_shared == seen_bytes_;
  seen_files_ = counts.files_shared;
  seen_bytes_ = counts.bytes_shared;
  if (counts.files_shared == announced_files_ && counts.bytes_shared == announced_bytes_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!settled && now - last_announce_ < ChangingShareAnnounceInterval) return;
  last_announce_ = now;
  announced_files_ = counts.files_shared;
  announced_bytes_ = counts.bytes_shared;
  post_engine([this] { request_announcement(); });
}

// An announcement is streamed: the share thread reads a bounded piece of the list from the
// index, the engine thread writes it to the parent, and the next piece is read only once the
// connection has written out most of the last one. Neither thread holds the whole list or
// works on it for long, so transfers and the control socket are served in between.
struct Engine::Impl::AnnounceStream {
  std::uint64_t id = 0;
  std::uint64_t generation = 0;  // of the node that asked
  share::AnnounceCursor cursor;
  share::AnnounceChunk totals;
  std::uint64_t payloads = 0;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

namespace {
constexpr std::size_t AnnounceChunkBytes = 64 * 1024;     // payload bytes read per piece
constexpr std::size_t AnnounceBacklogBytes = 256 * 1024;  // unsent bytes before reading more
constexpr auto AnnounceBacklogPoll = std::chrono::milliseconds(10);
}  // namespace

void Engine::Impl::build_announcement(std::uint64_t generation) {
  auto stream = std::make_shared<AnnounceStream>();
  stream->id = ++announce_streams_;  // a running one stops at its next piece
  stream->generation = generation;
  if (paused_) {
    logger().information("sharing paused: announcing no files");
    return;
  }
  announce_chunk(stream);
}

void Engine::Impl::announce_chunk(const std::shared_ptr<AnnounceStream>& stream) {
  if (stream->id != announce_streams_) return;  // a newer announcement replaced it
  auto chunk = share::next_share_payloads(*share_reader_, stream->cursor, AnnounceChunkBytes);
  if (!chunk) {
    logger().error("cannot read the share list: " + chunk.error().message);
    return;
  }
  stream->totals.folders += chunk->folders;
  stream->totals.files += chunk->files;
  stream->totals.skipped += chunk->skipped;
  stream->payloads += chunk->payloads.size();
  const bool last = stream->cursor.done;
  post_engine([this, stream, last, payloads = std::move(chunk->payloads)] {
    if (stream->id < announce_sending_) return;
    announce_sending_ = stream->id;
    if (!node_ || node_generation_ != stream->generation || !node_->secondary()) return;
    if (!node_->secondary()->announce_shares(payloads)) return;  // not logged in: the next login asks again
    if (!last) return resume_announcement(stream);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stream->started);
    logger().information(
        "announced " + std::to_string(stream->totals.files) + " file(s) in " + std::to_string(stream->totals.folders) +
        " folder(s), " + std::to_string(stream->payloads) + " packet(s) in " + std::to_string(ms.count()) + " ms" +
        (stream->totals.skipped > 0 ? " (" + std::to_string(stream->totals.skipped) + " cannot be announced)"
                                    : std::string()));
  });
}

void Engine::Impl::resume_announcement(const std::shared_ptr<AnnounceStream>& stream) {
  if (stream->id < announce_sending_ || !node_ || node_generation_ != stream->generation || !node_->secondary()) return;
  if (node_->secondary()->unsent() > AnnounceBacklogBytes) {
    engine_loop_->add_timer(AnnounceBacklogPoll, [this, stream] { resume_announcement(stream); });
    return;
  }
  post_shares([this, stream] { announce_chunk(stream); });
}

// ---- the facade's share calls

void Engine::add_share(std::string path, Completion<ShareRootStatus> done) {
  impl_->on_shares<ShareRootStatus>(
      std::move(done), [impl = impl_.get(), path = std::move(path)]() -> EngineResult<ShareRootStatus> {
        const std::filesystem::path requested(path);
        if (!requested.is_absolute())
          return fail(EngineErrc::InvalidParams, "\"" + path + "\" is not an absolute path");
        std::error_code ec;
        if (!std::filesystem::is_directory(requested, ec))
          return fail(EngineErrc::NotFound, "no such directory: " + path);
        const std::string canonical = std::filesystem::canonical(requested, ec).string();
        if (ec) return fail(EngineErrc::NotFound, path + ": " + ec.message());
        if (!impl->library_) return fail(EngineErrc::NotAvailable, "the share library is not running");
        auto& roots = impl->share_config_.roots;
        if (std::find(roots.begin(), roots.end(), canonical) != roots.end())
          return fail(EngineErrc::AlreadyExists, canonical + " is already shared");
        if (auto added = impl->library_->add_root({canonical, {}}); !added)
          return tl::unexpected(index_error(added.error()));
        roots.push_back(canonical);
        impl->roots_changed();
        for (auto& root : impl->root_statuses())
          if (root.path == canonical) return root;
        return fail(EngineErrc::Internal, "the share library did not register " + canonical);
      });
}

void Engine::remove_share(std::string path, Completion<ShareRootStatus> done) {
  impl_->on_shares<ShareRootStatus>(std::move(done),
                                    [impl = impl_.get(), path = std::move(path)]() -> EngineResult<ShareRootStatus> {
                                      if (!impl->library_)
                                        return fail(EngineErrc::NotAvailable, "the share library is not running");
                                      for (auto& root : impl->root_statuses()) {
                                        if (root.path != path && root.path + "/" != path) continue;
                                        if (auto removed = impl->library_->remove_root(root.path); !removed)
                                          return tl::unexpected(index_error(removed.error()));
                                        std::erase(impl->share_config_.roots, root.path);
                                        impl->roots_changed();
                                        return root;
                                      }
                                      return fail(EngineErrc::NotFound, "no such share");
                                    });
}

void Engine::rescan(std::optional<std::string> root_path, Completion<std::vector<ShareRootStatus>> done) {
  impl_->on_shares<std::vector<ShareRootStatus>>(
      std::move(done),
      [impl = impl_.get(), root_path = std::move(root_path)]() -> EngineResult<std::vector<ShareRootStatus>> {
        if (!impl->library_) return fail(EngineErrc::NotAvailable, "the share library is not running");
        if (!root_path) {
          impl->library_->rescan_all();
          return impl->root_statuses();
        }
        for (auto& root : impl->root_statuses())
          if ((root.path == *root_path || root.path + "/" == *root_path) && impl->library_->rescan(root.path))
            return std::vector<ShareRootStatus>{root};
        return fail(EngineErrc::NotFound, "no such share");
      });
}

void Engine::share_files(FileQuery query, Completion<FilePage> done) {
  impl_->on_shares<FilePage>(
      std::move(done), [impl = impl_.get(), query = std::move(query)]() -> EngineResult<FilePage> {
        impl->refresh_share_part();  // what a client reads here, status shows too
        std::optional<share::RootId> root;
        FilePage page;
        page.offset = query.offset;
        if (query.root || query.root_id) {
          for (const auto& status : impl->root_statuses())
            if ((query.root_id && status.id == *query.root_id) ||
                (query.root && (status.path == *query.root || status.path + "/" == *query.root))) {
              root = status.id;
              page.total = status.enabled ? status.files_hashed : 0;
            }
          if (!root) return fail(EngineErrc::NotFound, "no such share");
        } else {
          page.total = impl->counts_cached() ? impl->counts_cached()->announced : 0;
        }
        auto found = impl->share_reader_->announced_files(root, static_cast<share::FileId>(query.after), query.offset,
                                                          static_cast<std::size_t>(query.limit));
        if (!found) return fail(EngineErrc::Internal, "share index: " + found.error().message);
        for (const auto& record : *found) {
          SharedFile file;
          file.id = record.id;
          file.root_id = record.root_id;
          file.path = record.local_path;
          file.name = impl->share_names_.to_utf8(record.announced_name());
          file.size = record.size;
          file.key = record.key ? record.key->hex() : std::string();
          file.media = {record.media.bitrate, record.media.frequency, record.media.duration};
          page.files.push_back(std::move(file));
        }
        return page;
      });
}

}  // namespace wpn::session
