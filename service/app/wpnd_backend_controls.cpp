// The transfer side of wpnd's IPC backend: views, actions and the live status members.
#include <Poco/Logger.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "service/app/engine_call.h"
#include "service/app/wpnd_backend.h"
#include "service/mapping/transfer_mapping.h"

namespace wpn::service {

namespace {

using ipc::ErrorCode;
using ipc::ErrorInfo;

constexpr std::uint64_t SnapshotRows = 200;

std::uint64_t unix_now() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

ipc::StatusLiveDto WpndBackend::status_live() {
  const auto snapshot = engine_.status();
  ipc::StatusLiveDto live;
  live.sharing_paused = snapshot->sharing_paused;
  live.resuming = snapshot->resuming;
  const auto& totals = snapshot->transfers;
  live.upload_bps = totals.upload_bps;
  live.download_bps = totals.download_bps;
  live.alternate_limits = totals.alternate;
  live.alternate_until = totals.alternate_until;
  if (totals.problem) live.problems.push_back({std::string(ipc::problem::PortUnreachable), *totals.problem});
  for (const auto& root : snapshot->roots)
    if (root.watch == session::WatchMode::Degraded)
      live.problems.push_back({std::string(ipc::problem::WatchDegraded), root.path + ": " + root.watch_reason});
  return live;
}

BackendResult<ipc::TransferPageDto> WpndBackend::transfers_view(const ipc::TransfersViewParams& params) {
  const auto list = parse_list(params.list);
  if (!list) return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, "unknown list \"" + params.list + "\""});
  auto page = engine_call<session::TransferPage>(
      [&](auto done) { engine_.transfers(*list, params.offset, params.limit, std::move(done)); });
  if (!page) return tl::unexpected(page.error());
  return to_dto(*page);
}

std::optional<ipc::TransfersSnapshotDto> WpndBackend::transfers_snapshot() {
  auto lists =
      engine_call<session::TransferLists>([&](auto done) { engine_.transfer_lists(SnapshotRows, std::move(done)); });
  if (!lists) return std::nullopt;
  return to_dto(*lists);
}

BackendResult<void> WpndBackend::transfer_action(TransferAction action, std::uint64_t id) {
  session::TransferCommand command = session::TransferCommand::Cancel;
  switch (action) {
    case TransferAction::Cancel:
      command = session::TransferCommand::Cancel;
      break;
    case TransferAction::Retry:
      command = session::TransferCommand::Retry;
      break;
    case TransferAction::Remove:
      command = session::TransferCommand::Remove;
      break;
    case TransferAction::QueueRemove:
      command = session::TransferCommand::RemoveQueued;
      break;
    case TransferAction::ClearFinished:
      command = session::TransferCommand::ClearFinished;
      break;
  }
  return engine_call<void>([&](auto done) { engine_.transfer_command(command, id, std::move(done)); });
}

BackendResult<void> WpndBackend::queue_move(const ipc::QueueMoveParams& params) {
  return engine_call<void>([&](auto done) { engine_.move_queued(params.id, params.position, std::move(done)); });
}

// Bans are the engine's (kept in its store across restarts); the "banned" setting holds
// only the configured permanent ones.
BackendResult<void> WpndBackend::ban(const ipc::PeersBanParams& params) {
  if (params.user.empty()) return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, "no user named"});
  const std::uint64_t seconds = params.seconds != 0 ? params.seconds : params.hours * 3600;
  return engine_call<void>([&](auto done) { engine_.ban(params.user, seconds, std::move(done)); });
}

BackendResult<void> WpndBackend::unban(const ipc::PeersUnbanParams& params) {
  return engine_call<void>([&](auto done) { engine_.unban(params.user, std::move(done)); });
}

BackendResult<ipc::BanListDto> WpndBackend::bans() {
  auto bans = engine_call<std::vector<session::BanEntry>>([&](auto done) { engine_.bans(std::move(done)); });
  if (!bans) return tl::unexpected(bans.error());
  return to_dto(*bans);
}

BackendResult<void> WpndBackend::set_slots(const ipc::SlotsSetParams& params) {
  std::lock_guard lock(mutex_);
  auto changed = change_locked({{"upload_slots", Poco::UInt64{params.upload_slots}}});
  if (!changed) return tl::unexpected(changed.error());
  return {};
}

BackendResult<void> WpndBackend::set_alternate(const ipc::LimitsAlternateParams& params) {
  const std::uint64_t until = params.on && params.hours > 0 ? unix_now() + params.hours * 3600 : 0;
  auto done =
      engine_call<void>([&](auto completion) { engine_.set_alternate(params.on, until, std::move(completion)); });
  if (!done) return done;
  publish_status_if_changed();
  return {};
}

BackendResult<void> WpndBackend::set_sharing_paused(bool paused) {
  engine_.set_sharing_paused(paused);
  publish_status_if_changed();
  return {};
}

// The reply goes out first; the signal then stops the service the way SIGTERM always does.
BackendResult<void> WpndBackend::stop_service() {
  log_.notice("stop requested over the control socket");
  ::kill(::getpid(), SIGTERM);
  return {};
}

}  // namespace wpn::service
