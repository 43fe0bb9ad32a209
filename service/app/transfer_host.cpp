#include "service/app/transfer_host.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <utility>

#include "protocol/hex.h"
#include "service/app/transfer_tokens.h"

namespace wpn::service {

namespace {

constexpr std::uint64_t KiB = 1024;
constexpr std::size_t SnapshotRows = 200;

Poco::Logger& logger() { return Poco::Logger::get("wpn.service.transfers"); }

std::string_view direction_name(transfer::Direction direction) {
  return direction == transfer::Direction::Upload ? "upload" : "download";
}

ipc::TransferDto to_dto(const net::TransferRow& row) {
  ipc::TransferDto dto;
  dto.id = row.id;
  dto.direction = std::string(direction_name(row.direction));
  dto.state = std::string(token_of(row.phase));
  dto.peer = row.peer;
  dto.file = row.file;
  dto.key = row.key;
  dto.size = row.size;
  dto.done = row.done;
  dto.rate_bps = row.rate;
  dto.position = row.position;
  dto.wait_reason = std::string(token_of(row.wait));
  dto.fail_reason = std::string(token_of(row.fail));
  dto.error = !row.error.empty() ? row.error : std::string(display_text(row.fail));
  dto.local_path = row.local_path;
  return dto;
}

ipc::TransferPageDto to_page(std::string_view list, const net::TransferSnapshot& snapshot, std::uint64_t offset) {
  ipc::TransferPageDto page;
  page.list = std::string(list);
  page.total = snapshot.total;
  page.revision = snapshot.revision;
  page.offset = offset;
  for (const auto& row : snapshot.rows) page.rows.push_back(to_dto(row));
  return page;
}

std::optional<net::SnapshotView> view_of(std::string_view list) {
  if (list == ipc::transfer_list::Uploads) return net::SnapshotView::Uploads;
  if (list == ipc::transfer_list::Downloads) return net::SnapshotView::Downloads;
  if (list == ipc::transfer_list::Queue) return net::SnapshotView::UploadQueue;
  return std::nullopt;
}

ipc::ErrorInfo not_found(std::uint64_t id) {
  return {ipc::ErrorCode::NotFound, "no transfer with id " + std::to_string(id)};
}

std::uint64_t unix_now() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

// The weekday and hour of local time, as the schedule counts them.
std::pair<std::chrono::weekday, unsigned> local_hour() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return {std::chrono::weekday(static_cast<unsigned>(local.tm_wday)), static_cast<unsigned>(local.tm_hour)};
}

}  // namespace

net::TransferSettings to_transfer_settings(const ServiceSettings& settings) {
  net::TransferSettings out;
  out.own_name = settings.name;
  out.listener.bind_address = settings.bind;
  // A hub or a cache takes the configured port for itself; only a secondary has a data port.
  const bool data_port = settings.role == "secondary" && !settings.passive;
  out.listener.port = data_port ? static_cast<std::uint16_t>(settings.data_port) : 0;
  out.listener.ephemeral = data_port && settings.data_port == 0;
  out.listener.max_per_ip = static_cast<std::uint32_t>(settings.max_connections_per_ip);

  auto& upload = out.upload;
  upload.slots = static_cast<std::uint32_t>(settings.upload_slots);
  upload.slots_per_user = static_cast<std::uint32_t>(settings.slots_per_user);
  upload.queue_limit = static_cast<std::uint32_t>(settings.queue_limit);
  upload.queue_per_user = static_cast<std::uint32_t>(settings.queue_per_user);
  upload.unused_slot_timeout = std::chrono::seconds(settings.unused_slot_timeout_s);
  const auto strategy =
      settings.queue_order == "round_robin" ? transfer::QueueStrategy::RoundRobin : transfer::QueueStrategy::Fifo;
  for (auto& group : upload.groups) group.strategy = strategy;
  out.banned = settings.banned;
  out.friends = settings.friends;

  out.download.max_active = static_cast<std::uint32_t>(settings.max_downloads);
  out.limits = {settings.upload_limit_kib * KiB, settings.download_limit_kib * KiB, settings.transfer_limit_kib * KiB,
                0};
  out.alternate_limits = transfer::RateLimits{settings.alt_upload_limit_kib * KiB,
                                              settings.alt_download_limit_kib * KiB,
                                              settings.transfer_limit_kib * KiB, 0};
  out.alternate_slots = static_cast<std::uint32_t>(settings.alt_upload_slots);

  const std::filesystem::path data(settings.data_dir);
  out.incomplete_dir = settings.incomplete_dir.empty() ? (data / "incomplete").string() : settings.incomplete_dir;
  out.download_dir = settings.download_dir;
  out.queue_db = (data / "queue.sqlite").string();
  return out;
}

TransferHost::TransferHost(const ServiceSettings& settings, std::unique_ptr<share::SqliteShareReader> reader,
                           TransferEventPublisher publish)
    : publish_(std::move(publish)),
      reader_(std::move(reader)),
      lookup_(reader_ ? std::make_unique<share::ShareLookup>(*reader_) : nullptr),
      thread_(std::make_unique<net::LoopThread>()) {
  alternate_.set_schedule(transfer::WeeklySchedule::parse(settings.alt_schedule));
  thread_->call([&] {
    manager_ = std::make_unique<net::TransferManager>(thread_->loop(), to_transfer_settings(settings), lookup_.get());
    manager_->set_event_sink([this](const transfer::TransferEvent& event) { on_event(event); });
  });
}

TransferHost::~TransferHost() { stop(); }

std::optional<std::string> TransferHost::start() {
  std::optional<std::string> error;
  thread_->call([&] { error = manager_->start(); });
  std::lock_guard lock(totals_mutex_);
  totals_.problem = error;
  if (error) logger().error("data port: " + *error);
  return error;
}

void TransferHost::stop() {
  if (!thread_) return;
  thread_->call([&] {
    if (flush_timer_ != net::TimerId::None) thread_->loop().cancel_timer(flush_timer_);
    flush_timer_ = net::TimerId::None;
    if (manager_) manager_->stop();
    manager_.reset();
  });
  thread_.reset();
}

void TransferHost::apply(const ServiceSettings& settings) {
  {
    std::lock_guard lock(alternate_mutex_);
    alternate_.set_schedule(transfer::WeeklySchedule::parse(settings.alt_schedule));
  }
  std::optional<std::string> error;
  with_manager([&](net::TransferManager& manager) {
    auto next = to_transfer_settings(settings);
    next.own_name = manager.settings().own_name;  // the network's full name stays
    next.own_handle = manager.settings().own_handle;
    next.advertised_ip = manager.settings().advertised_ip;
    next.alternate = manager.settings().alternate;
    error = manager.reconfigure(std::move(next));
  });
  if (error) logger().error("transfer settings: " + *error);
  tick();
}

void TransferHost::with_manager(const std::function<void(net::TransferManager&)>& task) {
  if (!thread_) return;
  thread_->call([&] {
    if (manager_) task(*manager_);
  });
}

tl::expected<ipc::TransferPageDto, ipc::ErrorInfo> TransferHost::view(const ipc::TransfersViewParams& params) {
  const auto which = view_of(params.list);
  if (!which) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "unknown list \"" + params.list + "\""});
  net::TransferSnapshot snapshot;
  with_manager([&](net::TransferManager& manager) {
    snapshot = manager.snapshot(*which, static_cast<std::size_t>(params.offset), static_cast<std::size_t>(params.limit));
  });
  return to_page(params.list, snapshot, params.offset);
}

ipc::TransfersSnapshotDto TransferHost::snapshot() {
  ipc::TransfersSnapshotDto dto;
  with_manager([&](net::TransferManager& manager) {
    dto.uploads = to_page(ipc::transfer_list::Uploads, manager.snapshot(net::SnapshotView::Uploads, 0, SnapshotRows), 0);
    dto.downloads =
        to_page(ipc::transfer_list::Downloads, manager.snapshot(net::SnapshotView::Downloads, 0, SnapshotRows), 0);
    dto.queue = to_page(ipc::transfer_list::Queue, manager.snapshot(net::SnapshotView::UploadQueue, 0, SnapshotRows), 0);
  });
  return dto;
}

tl::expected<void, ipc::ErrorInfo> TransferHost::cancel(std::uint64_t id) {
  bool done = false;
  with_manager([&](net::TransferManager& manager) { done = manager.cancel(id); });
  if (!done) return tl::unexpected(not_found(id));
  return {};
}

tl::expected<void, ipc::ErrorInfo> TransferHost::retry(std::uint64_t id) {
  bool done = false;
  with_manager([&](net::TransferManager& manager) { done = manager.retry(id); });
  if (!done) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Conflict, "transfer " + std::to_string(id) +
                                                                                " does not exist or is not stopped"});
  return {};
}

tl::expected<void, ipc::ErrorInfo> TransferHost::remove(std::uint64_t id) {
  bool done = false;
  with_manager([&](net::TransferManager& manager) { done = manager.remove(id); });
  if (!done) return tl::unexpected(not_found(id));
  return {};
}

tl::expected<void, ipc::ErrorInfo> TransferHost::remove_queued(std::uint64_t id) {
  bool done = false;
  with_manager([&](net::TransferManager& manager) {
    // Only an upload waiting in the queue: removing a download would discard its partial file.
    const auto row = manager.row(id);
    done = row && row->direction == transfer::Direction::Upload && row->position > 0 && manager.remove(id);
  });
  if (!done) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound, "no queued upload " + std::to_string(id)});
  return {};
}

void TransferHost::clear_finished() {
  with_manager([&](net::TransferManager& manager) {
    for (const auto& row : manager.snapshot(net::SnapshotView::Downloads).rows)
      if (row.phase == transfer::TransferPhase::Finished) manager.remove(row.id);
  });
}

tl::expected<void, ipc::ErrorInfo> TransferHost::ban(const std::string& user, std::uint64_t seconds) {
  if (user.empty()) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "no user named"});
  std::optional<transfer::WallTime> until;
  if (seconds > 0) until = transfer::WallTime(std::chrono::seconds(unix_now() + seconds));
  with_manager([&](net::TransferManager& manager) { manager.ban(transfer::make_ban_rule(user, false, until, "owner")); });
  return {};
}

tl::expected<void, ipc::ErrorInfo> TransferHost::unban(const std::string& user) {
  bool removed = false;
  with_manager([&](net::TransferManager& manager) { removed = manager.unban(user); });
  if (!removed) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound, user + " is not banned"});
  return {};
}

ipc::BanListDto TransferHost::bans() {
  std::vector<transfer::BanRule> rules;
  with_manager([&](net::TransferManager& manager) { rules = manager.bans(); });
  ipc::BanListDto list;
  for (const auto& rule : rules) {
    const bool base = rule.match == transfer::BanMatch::BaseName;
    const auto until = rule.until ? static_cast<std::uint64_t>(rule.until->time_since_epoch().count()) : 0;
    list.bans.push_back({rule.name, base ? "base_name" : "full_name", until, rule.reason});
  }
  return list;
}

tl::expected<void, ipc::ErrorInfo> TransferHost::move(std::uint64_t id, std::uint64_t position) {
  if (position == 0) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "positions start at 1"});
  bool done = false;
  const auto clamped = static_cast<std::uint32_t>(std::min<std::uint64_t>(position, UINT32_MAX));
  with_manager([&](net::TransferManager& manager) { done = manager.move_queued(id, clamped); });
  if (!done) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound, "no queued upload with id " + std::to_string(id)});
  return {};
}

void TransferHost::set_sharing_paused(bool paused) {
  with_manager([&](net::TransferManager& manager) { manager.set_share_lookup(paused ? nullptr : lookup_.get()); });
}

// The alternate-limit policy (engine/transfer/alt_limit_schedule.h) decides; this hands its
// verdict to the engine. The lock is held until the engine has it, so two callers (main
// thread, IPC) cannot hand verdicts over in the opposite order; the engine thread never
// takes it.
void TransferHost::set_alternate(bool on, std::uint64_t until_unix) {
  std::lock_guard lock(alternate_mutex_);
  std::optional<transfer::WallTime> until;
  if (on && until_unix != 0) until = transfer::WallTime(std::chrono::seconds(until_unix));
  alternate_.request(on, until);
  deliver_alternate_locked();
}

void TransferHost::tick() {
  std::lock_guard lock(alternate_mutex_);
  alternate_.tick();
  deliver_alternate_locked();
}

void TransferHost::deliver_alternate_locked() {
  const bool on = alternate_.is_on();
  const auto until = alternate_.until();
  if (std::exchange(alternate_clock_.pending, std::nullopt)) {
    with_manager([&](net::TransferManager& manager) { manager.set_alternate(on); });
    logger().information(on ? "alternate limits on" : "alternate limits off");
  }
  std::lock_guard totals(totals_mutex_);
  totals_.alternate = on;
  totals_.alternate_until = on && until ? static_cast<std::uint64_t>(until->time_since_epoch().count()) : 0;
}

transfer::WallTime TransferHost::AlternateClock::now() const { return transfer::WallTime(std::chrono::seconds(unix_now())); }

transfer::AltLimitSchedule::LocalHour TransferHost::AlternateClock::local_hour() const {
  const auto [day, hour] = service::local_hour();
  return {day, hour};
}

void TransferHost::AlternateClock::changed(bool on, transfer::AltLimitSchedule::ChangeReason) { pending = on; }

TransferTotals TransferHost::totals() {
  TransferTotals totals;
  with_manager([&](net::TransferManager& manager) {
    const auto counts = manager.counts();
    totals.uploads_active = counts.uploads;
    totals.upload_bps = counts.upload_rate;
    totals.downloads_active = counts.downloads_active;
    totals.download_bps = counts.download_rate;
    totals.queue_length = counts.queued;
    const auto& settings = manager.settings();
    totals.upload_slots = settings.alternate && settings.alternate_slots ? *settings.alternate_slots
                                                                          : settings.upload.slots;
  });
  std::lock_guard lock(totals_mutex_);
  totals.alternate = totals_.alternate;
  totals.alternate_until = totals_.alternate_until;
  totals.problem = totals_.problem;
  return totals;
}

void TransferHost::publish_row(std::string_view name, transfer::TransferId id) {
  if (const auto row = manager_->row(id)) publish_(name, ipc::to_json(to_dto(*row)));
}

void TransferHost::on_event(const transfer::TransferEvent& event) {
  std::visit(
      [&](const auto& e) {
        using E = std::remove_cvref_t<decltype(e)>;
        if constexpr (std::is_same_v<E, transfer::TransferAdded>) {
          directions_[e.transfer] = e.direction;
          publish_row("transfers.added", e.transfer);
        } else if constexpr (std::is_same_v<E, transfer::TransferStateChanged> ||
                             std::is_same_v<E, transfer::SourceStateChanged>) {
          publish_row("transfers.updated", e.transfer);
          if constexpr (std::is_same_v<E, transfer::TransferStateChanged>)
            if (e.phase == transfer::TransferPhase::Finished) notify_finished(e.transfer);
        } else if constexpr (std::is_same_v<E, transfer::TransferProgress>) {
          pending_progress_[e.transfer] = {e.transfer, e.done, 0};
          schedule_flush();
        } else if constexpr (std::is_same_v<E, transfer::TransferRemoved>) {
          pending_progress_.erase(e.transfer);
          ipc::TransferRemovedDto removed;
          removed.id = e.transfer;
          if (const auto found = directions_.find(e.transfer); found != directions_.end()) {
            removed.direction = std::string(direction_name(found->second));
            directions_.erase(found);
          }
          publish_("transfers.removed", ipc::to_json(removed));
        } else if constexpr (std::is_same_v<E, transfer::RequestRefused>) {
          publish_("transfers.refused", ipc::to_json(ipc::TransferRefusedDto{e.peer, e.file,
                                                                             std::string(token_of(e.reason))}));
        } else if constexpr (std::is_same_v<E, transfer::QueueChanged>) {
          ipc::QueueChangedDto changed;
          changed.revision = manager_ ? manager_->revision() : 0;
          publish_("transfers.queue_changed", ipc::to_json(changed));
        }
      },
      event);
}

void TransferHost::set_finished_handler(std::function<void(const std::string&)> handler) {
  with_manager([&](net::TransferManager&) { on_finished_ = std::move(handler); });
}

// The file is moved after the state event; the handler runs once the manager is done.
void TransferHost::notify_finished(transfer::TransferId id) {
  if (!on_finished_) return;
  thread_->loop().post([this, id] {
    if (const auto row = manager_ ? manager_->row(id) : std::nullopt; row && !row->local_path.empty() && on_finished_)
      on_finished_(row->local_path);
  });
}

void TransferHost::schedule_flush() {
  if (flush_timer_ != net::TimerId::None) return;
  flush_timer_ = thread_->loop().add_timer(std::chrono::seconds(1), [this] {
    flush_timer_ = net::TimerId::None;
    flush_progress();
  });
}

void TransferHost::flush_progress() {
  if (pending_progress_.empty() || !manager_) return;
  ipc::TransferProgressDto progress;
  for (auto& [id, row] : pending_progress_) {
    if (const auto current = manager_->row(id)) row.rate_bps = current->rate;
    progress.rows.push_back(row);
  }
  pending_progress_.clear();
  publish_("transfers.progress", ipc::to_json(progress));
}

}  // namespace wpn::service
