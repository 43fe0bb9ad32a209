// TransferManager: settings, the overlay and user entry points, and carrying out
// the state machines' actions. The data connections are in transfer_manager_io.cpp.
#include "net/transfer_manager.h"

#include "protocol/codecs/common.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <type_traits>

#include <Poco/Logger.h>

#include "net/data_connection.h"
#include "net/socket_io.h"

namespace wpn::net {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

transfer::WallTime TransferManager::wall_now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

TransferManager::TransferManager(EventLoop& loop, TransferSettings settings, const share::ShareLookup* lookup)
    : loop_(loop),
      settings_(std::move(settings)),
      lookup_(lookup),
      guard_(settings_.listener.max_connections, settings_.listener.max_per_ip),
      listener_(loop, guard_),
      storage_(settings_.incomplete_dir, settings_.download_dir),
      uploader_(*this, active_upload_settings(), settings_.upload_timeouts, settings_.wire, &ids_),
      downloader_(*this, settings_.download, &ids_, settings_.wire),
      limiter_(active_limits(), loop.now()) {
  configure_bans();
  listener_.set_request_handler([this](AcceptedRequest request) { on_request(std::move(request)); });
}

TransferManager::~TransferManager() { stop(); }

transfer::RateLimits TransferManager::active_limits() const {
  return alternate_ && settings_.alternate_limits ? *settings_.alternate_limits : settings_.limits;
}

transfer::UploadSettings TransferManager::active_upload_settings() const {
  auto upload = settings_.upload;
  if (alternate_ && settings_.alternate_slots) upload.slots = *settings_.alternate_slots;
  return upload;
}

std::optional<std::string> TransferManager::start() {
  if (started_) return std::nullopt;
  listener_.set_timeouts(settings_.listener.first_bytes_timeout, settings_.phases.digits_silence);
  if (auto error = listener_.start(settings_.listener)) return error;
  started_ = true;
  restore();
  resume_verifications();
  return std::nullopt;
}

void TransferManager::stop() {
  if (!started_) return;
  started_ = false;
  save_queue();
  listener_.stop();
  verifier_.stop();
  while (!connections_.empty()) destroy(connections_.begin()->first);
  loop_.cancel_timer(upload_timer_);
  loop_.cancel_timer(download_timer_);
  loop_.cancel_timer(local_retry_timer_);
  upload_timer_ = download_timer_ = local_retry_timer_ = TimerId::None;
}

// The saved queue and the partial downloads come back as they were.
void TransferManager::restore() {
  if (!settings_.queue_db.empty()) {
    auto store = transfer::QueueStore::open(settings_.queue_db);
    if (!store) {
      logger().error("upload queue store: " + store.error().message);
    } else {
      queue_store_.emplace(std::move(*store));
      restore_bans();
      if (auto state = queue_store_->load(); state && !state->entries.empty()) {
        apply(Machine::Upload, uploader_.restore_queue(*state, now(), wall_now()));
      } else if (!state) {
        logger().error("upload queue store: " + state.error().message);
      }
    }
  }
  std::vector<std::string> problems;
  for (const auto& meta : storage_.load_all(problems)) {
    auto spec = transfer::spec_from(meta);
    const auto key = spec.key;
    apply(Machine::Download, downloader_.add_download(std::move(spec), now()));
    remember_download(key);
  }
  for (const auto& problem : problems) logger().warning("incomplete folder: " + problem);
  apply(Machine::Upload, uploader_.drop_banned(now()));
}

std::optional<std::string> TransferManager::reconfigure(TransferSettings settings) {
  const bool listener_changed = !(settings.listener == settings_.listener);
  const bool folders_changed =
      settings.incomplete_dir != settings_.incomplete_dir || settings.download_dir != settings_.download_dir;
  settings_ = std::move(settings);
  configure_bans();
  guard_.set_limits(settings_.listener.max_connections, settings_.listener.max_per_ip);
  limiter_.set_limits(active_limits(), now());
  if (folders_changed) storage_.set_folders(settings_.incomplete_dir, settings_.download_dir);
  apply(Machine::Upload, uploader_.reconfigure(active_upload_settings(), now()));
  apply(Machine::Upload, uploader_.drop_banned(now()));
  apply(Machine::Download, downloader_.reconfigure(settings_.download, now()));
  listener_.set_timeouts(settings_.listener.first_bytes_timeout, settings_.phases.digits_silence);
  if (listener_changed && started_) return listener_.start(settings_.listener);
  return std::nullopt;
}

// Once started, each identity is a login: what the old one asked through the relay is
// answered to nobody (even under the same name, the primary may be another one).
void TransferManager::set_identity(TransferIdentity identity) {
  identity_ = std::move(identity);
  if (started_) apply(Machine::Download, downloader_.on_logged_in(now()));
}

void TransferManager::set_key_block_handler(DataPortListener::KeyBlockHandler handler) {
  listener_.set_key_block_handler(std::move(handler));
}

std::optional<transfer::Uploader::SharedFile> TransferManager::find_shared(std::string_view file) const {
  const auto resolved = resolve_now(std::string(file));
  if (!resolved) return std::nullopt;
  return transfer::Uploader::SharedFile{resolved->record.size};
}

// Friends are named by base name, so they stay friends whatever suffix the network gives them.
std::string TransferManager::group_of(const transfer::Peer& peer) const {
  const auto base = protocol::base_name_of(peer.name);
  for (const auto& name : settings_.friends)
    if (name == peer.name || name == base) return std::string(transfer::FriendsGroupName);
  return std::string(transfer::DefaultGroupName);
}

bool TransferManager::upload_bandwidth_available() const {
  return limiter_.has_capacity(transfer::Direction::Upload, loop_.now());
}

void TransferManager::on_transfer_notice(const protocol::TransferNoticeMessage& notice) {
  std::visit(
      Overloaded{
          [&](const protocol::DownloadFailed& m) {
            apply(Machine::Download, downloader_.on_download_failed(m, now()));
          },
          [&](const protocol::UploadWithdrawn& m) { apply(Machine::Upload, uploader_.on_upload_withdrawn(m, now())); },
          [&](const protocol::UploadRequested& m) {
            when_looked_up(m.requester.file, [this, m] {
              apply(Machine::Upload, uploader_.on_upload_requested(m, now()));
              save_queue();
            });
          },
          [&](const protocol::DownloadStart& m) {
            const auto id = next_connection_++;
            apply(Machine::Download, downloader_.on_download_start(m, id, now()));
          },
          [&](const protocol::DownloadQueued& m) {
            apply(Machine::Download, downloader_.on_download_queued(m, now()));
          },
          [&](const protocol::UploadStart& m) {
            when_looked_up(m.requester.file, [this, m] {
              const auto id = next_connection_++;
              apply(Machine::Upload, uploader_.on_upload_start(m, id, now()));
              save_queue();
            });
          },
      },
      notice);
  save_queue();
}

std::optional<transfer::TransferId> TransferManager::download_id(const protocol::FileKey& key) const {
  if (const auto* d = downloader_.find(key)) return d->id;
  return std::nullopt;
}

std::optional<transfer::TransferId> TransferManager::add_download(
    const protocol::FileKey& key, const std::string& name, const std::vector<protocol::TransferAddress>& sources) {
  if (auto prepared = storage_.prepare(key); !prepared) {
    logger().error("download " + name + ": " + prepared.error());
    return std::nullopt;
  }
  transfer::DownloadSpec spec;
  spec.key = key;
  spec.name = name;
  spec.sources = sources;
  apply(Machine::Download, downloader_.add_download(std::move(spec), now()));
  const auto id = download_id(key);
  if (id) {
    remember_download(key);
    // The sidecar exists from the start, so a restart finds every download.
    const auto* d = downloader_.find(key);
    const bool open = d != nullptr &&
                      (d->state == transfer::DownloadState::Active || d->state == transfer::DownloadState::LocalQueued);
    if (auto meta = downloader_.partial_meta(*id); meta && open) (void)storage_.save(*meta);
  }
  return id;
}

void TransferManager::remember_download(const protocol::FileKey& key) {
  const auto* d = downloader_.find(key);
  if (d == nullptr) return;
  download_keys_[d->id] = key;
  auto& row = rows_[d->id].row;
  row.key = key.hex();
  row.done = d->have.covered();
  rows_[d->id].rate_done = row.done;
  ++revision_;
}

void TransferManager::add_source(const protocol::FileKey& key, const protocol::TransferAddress& source) {
  apply(Machine::Download, downloader_.add_source(key, source, now()));
}

bool TransferManager::cancel(transfer::TransferId id) {
  if (const auto key = download_keys_.find(id); key != download_keys_.end()) {
    const auto file_key = key->second;
    download_keys_.erase(key);
    forget_local_retry(id);
    verifier_.forget(file_key);
    if (download_errors_.erase(id) != 0) {  // failed on a local error: it stops trying again
      failed_meta_.erase(id);
      if (rows_.erase(id) != 0) ++revision_;
      if (event_sink_) event_sink_(transfer::TransferRemoved{id, transfer::RemovalReason::Cancelled});
    } else {
      apply(Machine::Download, downloader_.cancel(id, now()));
    }
    // A sidecar left behind would bring the download back at the next start. Not when the
    // key was asked again meanwhile: that download owns the partial now.
    if (downloader_.find(file_key) == nullptr) storage_.discard(file_key);
  } else if (uploader_.state_of(id)) {
    apply(Machine::Upload, uploader_.cancel(id, now()));
    save_queue();
  } else {
    return false;
  }
  return true;
}

bool TransferManager::move_queued(transfer::TransferId id, std::uint32_t position) {
  auto actions = uploader_.move_queued(id, position, now());
  if (!actions) return false;
  apply(Machine::Upload, std::move(*actions));
  refresh_queue_positions();
  ++revision_;
  save_queue();
  const auto& policy = uploader_.policy();
  publish(transfer::QueueChanged{policy.queue_length(), policy.slots_in_use(), policy.slots_total()});
  return true;
}

bool TransferManager::remove(transfer::TransferId id) {
  const auto key = download_keys_.find(id);
  if (key == download_keys_.end()) return cancel(id);
  const auto file_key = key->second;
  verifier_.forget(file_key);
  apply(Machine::Download, downloader_.remove(id, now()));
  download_keys_.erase(id);
  download_errors_.erase(id);
  failed_meta_.erase(id);
  forget_local_retry(id);
  if (rows_.erase(id) != 0) ++revision_;
  storage_.discard(file_key);
  return true;
}

void TransferManager::set_slots(std::uint32_t slots) {
  settings_.upload.slots = slots;
  apply(Machine::Upload, uploader_.reconfigure(active_upload_settings(), now()));
}

void TransferManager::set_alternate(bool on) {
  alternate_ = on;
  limiter_.set_limits(active_limits(), now());
  apply(Machine::Upload, uploader_.reconfigure(active_upload_settings(), now()));
}

void TransferManager::save_queue() {
  if (!queue_store_ || !queue_dirty_) return;
  queue_dirty_ = false;
  if (auto saved = queue_store_->save(uploader_.policy().save(now(), wall_now())); !saved)
    logger().error("upload queue store: " + saved.error().message);
}

void TransferManager::arm(Machine machine, transfer::TimePoint deadline) {
  auto& timer = machine == Machine::Upload ? upload_timer_ : download_timer_;
  loop_.cancel_timer(timer);
  const auto delay = std::max(deadline - now(), Clock::duration::zero());
  timer = loop_.add_timer(delay, [this, machine] { on_tick(machine); });
}

void TransferManager::on_tick(Machine machine) {
  (machine == Machine::Upload ? upload_timer_ : download_timer_) = TimerId::None;
  if (machine == Machine::Upload) {
    apply(Machine::Upload, uploader_.tick(now()));
    save_queue();
  } else {
    apply(Machine::Download, downloader_.tick(now()));
  }
}

void TransferManager::apply(Machine machine, transfer::Actions actions) {
  for (auto& action : actions) apply_one(machine, action);
  if (positions_stale_) refresh_queue_positions();
}

// A new entry can land ahead of older ones (friends, round robin), so every queue change
// renumbers the waiting rows from the policy's order.
void TransferManager::refresh_queue_positions() {
  positions_stale_ = false;
  for (const auto& [queued, at] : uploader_.queue_positions())
    if (const auto row = rows_.find(queued); row != rows_.end()) row->second.row.position = at;
}

void TransferManager::fail_download(transfer::TransferId id, const protocol::FileKey& key, const std::string& error) {
  logger().error("download " + key.hex() + ": " + error + " (partial kept)");
  download_errors_[id] = error;
  if (auto meta = downloader_.partial_meta(id)) failed_meta_.insert_or_assign(id, std::move(*meta));
  for (auto& [cid, c] : connections_)
    if (c->receiving && c->key == key) c->receiving = false;
  apply(Machine::Download, downloader_.cancel(id, now()));
  download_keys_[id] = key;  // kept for retry()
  auto& row = rows_[id].row;
  row.id = id;
  row.direction = transfer::Direction::Download;
  row.phase = transfer::TransferPhase::Failed;
  row.wait = transfer::WaitReason::None;
  row.fail = transfer::FailReason::LocalError;
  row.error = error;
  row.rate = 0;
  ++revision_;
  if (event_sink_) event_sink_(transfer::TransferStateChanged{id, row.phase, row.state, 0, row.wait, row.fail, error});
  schedule_local_retry(id);
}

void TransferManager::apply_one(Machine machine, transfer::Action& action) {
  std::visit(Overloaded{
                 [&](transfer::SendPacket& a) {
                   if (machine == Machine::Upload) queue_dirty_ = true;
                   if (packet_sender_) packet_sender_(a.message);
                 },
                 [&](transfer::SendData& a) {
                   if (auto* c = connection(a.connection)) {
                     c->out.insert(c->out.end(), a.bytes.begin(), a.bytes.end());
                     write_output(*c);
                   }
                 },
                 [&](transfer::Connect& a) { connect(a, machine); },
                 [&](transfer::OpenFile& a) {
                   auto* c = connection(a.connection);
                   if (c == nullptr) return;
                   std::string why;
                   if (const auto resolved = resolve_now(a.file)) {
                     c->file_fd = ::open(resolved->path.c_str(), O_RDONLY | O_CLOEXEC);
                     if (c->file_fd >= 0) return;
                     why = errno_text(errno);
                   } else {
                     why = resolved.error().reason;
                   }
                   logger().warning("upload " + a.file + ": cannot open: " + why);
                   apply(Machine::Upload, uploader_.on_file_error(a.connection, now()));
                 },
                 [&](transfer::SendRange& a) {
                   if (auto* c = connection(a.connection)) {
                     c->file_at = a.start;
                     c->file_end = a.end;
                     write_output(*c);
                   }
                 },
                 [&](transfer::ReceiveRange& a) {
                   if (auto* c = connection(a.connection)) {
                     c->receiving = true;
                     c->key = a.key;
                     c->recv_at = a.start;
                     c->recv_end = a.end;
                   }
                 },
                 [&](transfer::LimitRange& a) {
                   if (auto* c = connection(a.connection)) c->recv_end = std::min(c->recv_end, a.end);
                 },
                 [&](transfer::CloseConnection& a) {
                   const bool refused = a.reason == transfer::CloseReason::NotShared ||
                                        a.reason == transfer::CloseReason::InvalidRequest;
                   if (a.reason != transfer::CloseReason::Completed && a.reason != transfer::CloseReason::NotNeeded)
                     logger().information("data connection " + std::to_string(a.connection) +
                                          (refused ? " refused: " : " closed: ") +
                                          std::string(transfer::close_reason_name(a.reason)));
                   close_connection(a.connection, true);
                 },
                 [&](transfer::ArmTimer& a) { arm(machine, a.deadline); },
                 [&](transfer::FindSources& a) {
                   if (source_finder_) source_finder_(a.key);
                 },
                 [&](transfer::SavePartial& a) {
                   if (auto saved = storage_.save(
                           a.meta, a.checkpoint ? DownloadStorage::Sync::None : DownloadStorage::Sync::Full);
                       !saved)
                     if (const auto id = download_id(a.meta.key)) fail_download(*id, a.meta.key, saved.error());
                 },
                 [&](transfer::VerifyFile& a) { verify_off_loop(a.key); },
                 [&](transfer::FinishFile& a) { on_finished(a.key); },
                 [&](transfer::Publish& a) { publish(a.event); },
             },
             action);
}

void TransferManager::publish(const transfer::TransferEvent& event) {
  ++revision_;
  const auto t = now();
  bool forward = true;
  std::visit(Overloaded{
                 [&](const transfer::TransferAdded& e) {
                   auto& r = rows_[e.transfer];
                   r.row.id = e.transfer;
                   r.row.direction = e.direction;
                   r.row.peer = e.peer;
                   r.row.file = e.file;
                   r.row.size = e.size;
                   r.rate_at = t;
                   if (const auto key = download_keys_.find(e.transfer); key != download_keys_.end())
                     r.row.key = key->second.hex();
                 },
                 [&](const transfer::TransferProgress& e) {
                   const auto found = rows_.find(e.transfer);
                   if (found == rows_.end()) return void(forward = false);  // removed: no empty row comes back
                   auto& r = found->second;
                   r.row.done = e.done;
                   const auto dt = std::chrono::duration<double>(t - r.rate_at).count();
                   if (dt >= 0.5) {
                     r.row.rate =
                         static_cast<std::uint64_t>(static_cast<double>(e.done - std::min(e.done, r.rate_done)) / dt);
                     r.rate_at = t;
                     r.rate_done = e.done;
                   }
                   // At most one progress event per second per transfer, and the last one.
                   forward = e.done == e.size || t - r.event_at >= std::chrono::seconds(1);
                   if (forward) r.event_at = t;
                 },
                 [&](const transfer::TransferStateChanged& e) {
                   const auto found = rows_.find(e.transfer);
                   if (found == rows_.end()) return void(forward = false);
                   auto& r = found->second;
                   r.row.phase = e.phase;
                   r.row.state = e.state;
                   r.row.position = e.position;
                   r.row.wait = e.wait;
                   if (e.fail != transfer::FailReason::None) {
                     r.row.fail = e.fail;
                     r.row.error = e.detail;
                   }
                   if (e.phase == transfer::TransferPhase::Finished) {
                     forget_local_retry(e.transfer);
                     r.row.rate = 0;
                     r.row.fail = transfer::FailReason::None;  // a source that failed on the way is history
                     r.row.error.clear();
                   }
                 },
                 [&](const transfer::TransferRemoved& e) {
                   if (download_errors_.count(e.transfer) == 0) rows_.erase(e.transfer);
                   limiter_.forget(e.transfer);
                 },
                 [&](const transfer::SourceStateChanged& e) {
                   const auto found = rows_.find(e.transfer);
                   if (found == rows_.end()) return void(forward = false);
                   auto& r = found->second;
                   if (r.row.peer.find(e.peer) == std::string::npos)
                     r.row.peer += (r.row.peer.empty() ? "" : ", ") + e.peer;
                   // A source's refusal or failure is the download's error until it finishes.
                   if (e.fail != transfer::FailReason::None) {
                     r.row.fail = e.fail;
                     r.row.error = e.detail;
                   }
                 },
                 [&](const transfer::RequestRefused&) {},  // no row: the owner's events carry it
                 [&](const transfer::QueueChanged&) {
                   queue_dirty_ = true;
                   positions_stale_ = true;
                 },
             },
             event);
  if (forward && event_sink_) event_sink_(event);
}

namespace {

SnapshotView view_of(const TransferRow& row) {
  if (row.direction == transfer::Direction::Download) return SnapshotView::Downloads;
  return row.phase == transfer::TransferPhase::Queued ? SnapshotView::UploadQueue : SnapshotView::Uploads;
}

}  // namespace

std::optional<TransferRow> TransferManager::row(transfer::TransferId id) const {
  const auto found = rows_.find(id);
  if (found == rows_.end()) return std::nullopt;
  return found->second.row;
}

TransferCounts TransferManager::counts() const {
  TransferCounts counts;
  for (const auto& [id, r] : rows_) {
    switch (view_of(r.row)) {
      case SnapshotView::Uploads:
        ++counts.uploads;
        counts.upload_rate += r.row.rate;
        break;
      case SnapshotView::UploadQueue:
        ++counts.queued;
        break;
      case SnapshotView::Downloads:
        counts.download_rate += r.row.rate;
        if (r.row.rate > 0 || r.row.phase == transfer::TransferPhase::Transferring) ++counts.downloads_active;
        break;
    }
  }
  return counts;
}

TransferSnapshot TransferManager::snapshot(SnapshotView view, std::size_t offset, std::size_t limit) const {
  TransferSnapshot out;
  out.revision = revision_;
  std::vector<const TransferRow*> rows;
  for (const auto& [id, r] : rows_)
    if (view_of(r.row) == view) rows.push_back(&r.row);
  if (view == SnapshotView::UploadQueue)
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return a->position < b->position; });
  out.total = rows.size();
  for (std::size_t i = offset; i < rows.size() && out.rows.size() < limit; ++i) out.rows.push_back(*rows[i]);
  return out;
}

}  // namespace wpn::net
