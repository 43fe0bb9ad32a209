// The engine's transfer side (engine thread): the manager's life, its events coalesced
// into the engine's stream, the alternate-limit decision and the transfer calls.
#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "protocol/hex.h"
#include "session/engine_impl.h"

namespace wpn::session {

namespace {

constexpr auto TickInterval = std::chrono::seconds(1);

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine.transfers"); }

transfer::WallTime wall_now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::uint64_t unix_seconds(transfer::WallTime time) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, time.time_since_epoch().count()));
}

net::SnapshotView view_of(TransferList list) {
  switch (list) {
    case TransferList::Downloads:
      return net::SnapshotView::Downloads;
    case TransferList::Queue:
      return net::SnapshotView::UploadQueue;
    case TransferList::Uploads:
      break;
  }
  return net::SnapshotView::Uploads;
}

TransferPage to_page(TransferList list, const net::TransferSnapshot& snapshot, std::uint64_t offset) {
  TransferPage page;
  page.list = list;
  page.total = snapshot.total;
  page.revision = snapshot.revision;
  page.offset = offset;
  for (const auto& row : snapshot.rows) page.rows.push_back(to_row(row));
  return page;
}

EngineError not_found(TransferId id) { return {EngineErrc::NotFound, "no transfer with id " + std::to_string(id)}; }

}  // namespace

std::optional<std::string> Engine::Impl::start_transfers() {
  alternate_.set_schedule(transfer::WeeklySchedule::parse(settings_.transfers.alt_schedule));
  manager_ = std::make_unique<net::TransferManager>(*engine_loop_, to_transfer_settings(settings_),
                                                    paused_ ? nullptr : lookup_.get());
  manager_->set_event_sink([this](const transfer::TransferEvent& event) { on_transfer_event(event); });
  if (alternate_.is_on()) manager_->set_alternate(true);  // decided before the manager existed
  manager_->set_identity({network_.name, {}, {}});        // the base name until the network gives the full one
  port_problem_ = manager_->start();
  // From here on, requested names are looked up on the share thread (the upload reader is
  // used there only), and the answers come back to the engine thread.
  manager_->set_off_loop_runner([this](std::function<void()> query, std::function<void()> answer) {
    post_shares([this, query = std::move(query), answer = std::move(answer)]() mutable {
      query();
      post_engine(std::move(answer));
    });
  });
  if (port_problem_) logger().error("data port: " + *port_problem_);
  return port_problem_;
}

void Engine::Impl::apply_engine(const EngineSettings& settings) {
  network_.wsx_import_downloads = settings.network.wsx_import_downloads;
  network_.wsx_allow_raw_ip = settings.network.wsx_allow_raw_ip;
  settings_ = settings;
  alternate_.set_schedule(transfer::WeeklySchedule::parse(settings.transfers.alt_schedule));
  if (manager_)
    if (const auto error = manager_->reconfigure(to_transfer_settings(settings_)))
      logger().error("transfer settings: " + *error);
  engine_tick();
}

// The alternate-limit policy (engine/transfer/alt_limit_schedule.h) decides on the engine
// thread; these hand it the engine's clock and apply its verdicts.
transfer::WallTime Engine::Impl::AlternateClock::now() const { return wall_now(); }

transfer::AltLimitSchedule::LocalHour Engine::Impl::AlternateClock::local_hour() const {
  const std::time_t now = std::chrono::system_clock::to_time_t(wall_now());
  std::tm local{};
  localtime_r(&now, &local);
  return {std::chrono::weekday(static_cast<unsigned>(local.tm_wday)), static_cast<unsigned>(local.tm_hour)};
}

void Engine::Impl::AlternateClock::changed(bool on, transfer::AltLimitSchedule::ChangeReason) {
  if (impl.manager_) impl.manager_->set_alternate(on);
  logger().information(on ? "alternate limits on" : "alternate limits off");
}

void Engine::Impl::engine_tick() {
  if (engine_timer_ != net::TimerId::None) engine_loop_->cancel_timer(engine_timer_);
  check_suspend();
  alternate_.tick();
  refresh_engine_part();
  engine_timer_ = engine_loop_->add_timer(TickInterval, [this] {
    engine_timer_ = net::TimerId::None;
    engine_tick();
  });
}

void Engine::Impl::refresh_engine_part() {
  TransferTotals totals;
  if (manager_) {
    const auto counts = manager_->counts();
    totals.uploads_active = counts.uploads;
    totals.upload_bps = counts.upload_rate;
    totals.downloads_active = counts.downloads_active;
    totals.download_bps = counts.download_rate;
    totals.queue_length = counts.queued;
    const auto& settings = manager_->settings();
    totals.upload_slots =
        manager_->alternate() && settings.alternate_slots ? *settings.alternate_slots : settings.upload.slots;
  }
  totals.alternate = alternate_.is_on();
  const auto until = alternate_.until();
  totals.alternate_until = until ? unix_seconds(*until) : 0;
  totals.problem = port_problem_;
  board_.set_engine_part(totals, network_status());
}

void Engine::Impl::on_transfer_event(const transfer::TransferEvent& event) {
  const auto row_of = [this](transfer::TransferId id) -> std::optional<TransferRow> {
    if (const auto row = manager_ ? manager_->row(id) : std::nullopt) return to_row(*row);
    return std::nullopt;
  };
  std::visit(
      [&](const auto& e) {
        using E = std::remove_cvref_t<decltype(e)>;
        if constexpr (std::is_same_v<E, transfer::TransferAdded>) {
          directions_[e.transfer] = e.direction;
          if (auto row = row_of(e.transfer)) emit(TransferAdded{std::move(*row)});
        } else if constexpr (std::is_same_v<E, transfer::TransferStateChanged> ||
                             std::is_same_v<E, transfer::SourceStateChanged>) {
          if constexpr (std::is_same_v<E, transfer::TransferStateChanged>)
            if (retry_after_wake(e.transfer, e.phase)) return;
          if (auto row = row_of(e.transfer)) emit(TransferUpdated{std::move(*row)});
          if constexpr (std::is_same_v<E, transfer::TransferStateChanged>)
            if (e.phase == transfer::TransferPhase::Finished) {
              // The file is moved after the state event; look once the manager is done.
              engine_loop_->post([this, id = e.transfer] {
                if (const auto row = manager_ ? manager_->row(id) : std::nullopt; row && !row->local_path.empty())
                  on_download_finished(row->local_path);
              });
            }
        } else if constexpr (std::is_same_v<E, transfer::TransferProgress>) {
          pending_progress_[e.transfer] = {e.transfer, e.done, 0};
          if (flush_timer_ == net::TimerId::None)
            flush_timer_ = engine_loop_->add_timer(std::chrono::seconds(1), [this] {
              flush_timer_ = net::TimerId::None;
              flush_progress();
            });
        } else if constexpr (std::is_same_v<E, transfer::TransferRemoved>) {
          pending_progress_.erase(e.transfer);
          TransferRemoved removed{e.transfer, std::nullopt, to_removal_reason(e.reason)};
          if (const auto found = directions_.find(e.transfer); found != directions_.end()) {
            removed.direction = found->second == transfer::Direction::Upload ? Direction::Upload : Direction::Download;
            directions_.erase(found);
          }
          emit(removed);
        } else if constexpr (std::is_same_v<E, transfer::QueueChanged>) {
          emit(QueueChanged{manager_ ? manager_->revision() : 0});
        } else if constexpr (std::is_same_v<E, transfer::RequestRefused>) {
          emit(TransferRefused{e.peer, e.file, to_fail_reason(e.reason)});
        }
      },
      event);
  if (!std::holds_alternative<transfer::TransferProgress>(event)) refresh_engine_part();
}

void Engine::Impl::flush_progress() {
  if (pending_progress_.empty() || !manager_) return;
  TransfersProgressed progress;
  for (auto& [id, row] : pending_progress_) {
    if (const auto current = manager_->row(id)) row.rate = current->rate;
    progress.rows.push_back(row);
  }
  pending_progress_.clear();
  emit(progress);
}

// ---- the facade's transfer calls

void Engine::transfers(TransferList list, std::uint64_t offset, std::uint64_t limit, Completion<TransferPage> done) {
  impl_->on_engine<TransferPage>(std::move(done),
                                 [impl = impl_.get(), list, offset, limit]() -> EngineResult<TransferPage> {
                                   if (!impl->manager_)
                                     return fail(EngineErrc::NotAvailable, "transfers are not running");
                                   return to_page(list, impl->manager_->snapshot(view_of(list), offset, limit), offset);
                                 });
}

void Engine::transfer_lists(std::uint64_t rows_each, Completion<TransferLists> done) {
  impl_->on_engine<TransferLists>(std::move(done), [impl = impl_.get(), rows_each]() -> EngineResult<TransferLists> {
    if (!impl->manager_) return fail(EngineErrc::NotAvailable, "transfers are not running");
    TransferLists lists;
    auto& manager = *impl->manager_;
    lists.uploads = to_page(TransferList::Uploads, manager.snapshot(net::SnapshotView::Uploads, 0, rows_each), 0);
    lists.downloads = to_page(TransferList::Downloads, manager.snapshot(net::SnapshotView::Downloads, 0, rows_each), 0);
    lists.queue = to_page(TransferList::Queue, manager.snapshot(net::SnapshotView::UploadQueue, 0, rows_each), 0);
    return lists;
  });
}

void Engine::transfer_command(TransferCommand command, TransferId id, Completion<void> done) {
  impl_->on_engine<void>(std::move(done), [impl = impl_.get(), command, id]() -> EngineResult<void> {
    if (!impl->manager_) return fail(EngineErrc::NotAvailable, "transfers are not running");
    auto& manager = *impl->manager_;
    switch (command) {
      case TransferCommand::Cancel:
        if (!manager.cancel(id)) return tl::unexpected(not_found(id));
        return {};
      case TransferCommand::Retry:
        if (!manager.retry(id))
          return fail(EngineErrc::Conflict, "transfer " + std::to_string(id) + " does not exist or is not stopped");
        return {};
      case TransferCommand::Remove:
        if (!manager.remove(id)) return tl::unexpected(not_found(id));
        return {};
      case TransferCommand::RemoveQueued: {
        // Only an upload waiting in the queue: removing a download would discard its partial file.
        const auto row = manager.row(id);
        if (!(row && row->direction == transfer::Direction::Upload && row->position > 0 && manager.remove(id)))
          return fail(EngineErrc::NotFound, "no queued upload " + std::to_string(id));
        return {};
      }
      case TransferCommand::ClearFinished:
        for (const auto& row : manager.snapshot(net::SnapshotView::Downloads).rows)
          if (row.phase == transfer::TransferPhase::Finished) manager.remove(row.id);
        return {};
    }
    return fail(EngineErrc::InvalidParams, "unknown command");
  });
}

void Engine::move_queued(TransferId id, std::uint64_t position, Completion<void> done) {
  impl_->on_engine<void>(std::move(done), [impl = impl_.get(), id, position]() -> EngineResult<void> {
    if (position == 0) return fail(EngineErrc::InvalidParams, "positions start at 1");
    if (!impl->manager_) return fail(EngineErrc::NotAvailable, "transfers are not running");
    const auto clamped = static_cast<std::uint32_t>(std::min<std::uint64_t>(position, UINT32_MAX));
    if (!impl->manager_->move_queued(id, clamped))
      return fail(EngineErrc::NotFound, "no queued upload with id " + std::to_string(id));
    return {};
  });
}

// The owner's bans live in the transfer manager's BanList (saved in the queue store); the
// configured "banned" names are separate, permanent base-name rules.
void Engine::ban(std::string user, std::uint64_t seconds, Completion<void> done) {
  impl_->on_engine<void>(std::move(done),
                         [impl = impl_.get(), user = std::move(user), seconds]() -> EngineResult<void> {
                           if (user.empty()) return fail(EngineErrc::InvalidParams, "no user named");
                           if (!impl->manager_) return fail(EngineErrc::NotAvailable, "transfers are not running");
                           std::optional<transfer::WallTime> until;
                           if (seconds > 0) until = wall_now() + std::chrono::seconds(seconds);
                           impl->manager_->ban(transfer::make_ban_rule(user, false, until, "owner"));
                           return {};
                         });
}

void Engine::unban(std::string user, Completion<void> done) {
  impl_->on_engine<void>(std::move(done), [impl = impl_.get(), user = std::move(user)]() -> EngineResult<void> {
    if (!impl->manager_) return fail(EngineErrc::NotAvailable, "transfers are not running");
    if (!impl->manager_->unban(user)) return fail(EngineErrc::NotFound, user + " is not banned");
    return {};
  });
}

void Engine::bans(Completion<std::vector<BanEntry>> done) {
  impl_->on_engine<std::vector<BanEntry>>(
      std::move(done), [impl = impl_.get()]() -> EngineResult<std::vector<BanEntry>> {
        if (!impl->manager_) return fail(EngineErrc::NotAvailable, "transfers are not running");
        std::vector<BanEntry> entries;
        for (const auto& rule : impl->manager_->bans())
          entries.push_back({rule.name,
                             rule.match == transfer::BanMatch::BaseName ? BanMatch::BaseName : BanMatch::FullName,
                             rule.until ? unix_seconds(*rule.until) : 0, rule.reason});
        return entries;
      });
}

void Engine::set_alternate(bool on, std::uint64_t until_unix, Completion<void> done) {
  impl_->on_engine<void>(std::move(done), [impl = impl_.get(), on, until_unix]() -> EngineResult<void> {
    std::optional<transfer::WallTime> until;
    if (on && until_unix != 0) until = transfer::WallTime(std::chrono::seconds(until_unix));
    impl->alternate_.request(on, until);
    impl->refresh_engine_part();
    return {};
  });
}

void Engine::download(DownloadRequest request, Completion<TransferId> done) {
  impl_->on_engine<TransferId>(
      std::move(done), [impl = impl_.get(), request = std::move(request)]() -> EngineResult<TransferId> {
        const auto key_bytes = protocol::from_hex(request.key);
        if (!key_bytes || key_bytes->size() != 20) return fail(EngineErrc::InvalidParams, "key must be 40 hex digits");
        const auto key = protocol::FileKey::from_wire(std::span<const protocol::Byte, 20>(key_bytes->data(), 20));
        const auto handle = protocol::NodeHandle::parse(request.handle);
        if (request.user.empty() || !handle)
          return fail(EngineErrc::InvalidParams, "user and handle (\"WinMX 0100007f1871\") name the source");
        if (request.file.empty()) return fail(EngineErrc::InvalidParams, "file (or file_hex) names the announced file");
        if (!impl->manager_) return fail(EngineErrc::NotAvailable, "transfers are not running");
        const auto name = request.name.empty() ? request.file : request.name;
        const auto id =
            impl->manager_->add_download(key, name, {protocol::TransferAddress{*handle, request.user, request.file}});
        if (!id) return fail(EngineErrc::AlreadyExists, "that file is already being downloaded");
        return *id;
      });
}

}  // namespace wpn::session
