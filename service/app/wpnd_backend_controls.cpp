// The transfer side of wpnd's IPC backend: views, actions and the live status members.
#include <Poco/Logger.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "service/app/engine_answer.h"
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

void WpndBackend::transfers_view(const ipc::TransfersViewParams& params, BackendDone<ipc::TransferPageDto> done) {
  const auto list = parse_list(params.list);
  if (!list) return done(tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, "unknown list \"" + params.list + "\""}));
  engine_.transfers(*list, params.offset, params.limit,
                    answer_with<session::TransferPage>(std::move(done),
                                                       [](const session::TransferPage& page) { return to_dto(page); }));
}

void WpndBackend::transfers_snapshot(BackendDone<std::optional<ipc::TransfersSnapshotDto>> done) {
  engine_.transfer_lists(SnapshotRows,
                         answer_with<session::TransferLists>(std::move(done), [](const session::TransferLists& lists) {
                           return std::optional<ipc::TransfersSnapshotDto>(to_dto(lists));
                         }));
}

void WpndBackend::transfer_action(TransferAction action, std::uint64_t id, BackendDone<void> done) {
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
  engine_.transfer_command(command, id, answer_with(std::move(done)));
}

void WpndBackend::queue_move(const ipc::QueueMoveParams& params, BackendDone<void> done) {
  engine_.move_queued(params.id, params.position, answer_with(std::move(done)));
}

// Bans are the engine's (kept in its store across restarts); the "banned" setting holds
// only the configured permanent ones.
void WpndBackend::ban(const ipc::PeersBanParams& params, BackendDone<void> done) {
  if (params.user.empty()) return done(tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, "no user named"}));
  const std::uint64_t seconds = params.seconds != 0 ? params.seconds : params.hours * 3600;
  engine_.ban(params.user, seconds, answer_with(std::move(done)));
}

void WpndBackend::unban(const ipc::PeersUnbanParams& params, BackendDone<void> done) {
  engine_.unban(params.user, answer_with(std::move(done)));
}

void WpndBackend::bans(BackendDone<ipc::BanListDto> done) {
  engine_.bans(answer_with<std::vector<session::BanEntry>>(
      std::move(done), [](const std::vector<session::BanEntry>& bans) { return to_dto(bans); }));
}

void WpndBackend::set_slots(const ipc::SlotsSetParams& params, BackendDone<void> done) {
  std::lock_guard lock(mutex_);
  auto changed = change_locked({{"upload_slots", Poco::UInt64{params.upload_slots}}},
                               [done](const ipc::SettingsChangeDto&) { done({}); });
  if (!changed) done(tl::unexpected(changed.error()));
}

void WpndBackend::set_alternate(const ipc::LimitsAlternateParams& params, BackendDone<void> done) {
  const std::uint64_t until = params.on && params.hours > 0 ? unix_now() + params.hours * 3600 : 0;
  engine_.set_alternate(params.on, until, answer_with<void>(std::move(done), [this] {
                          publish_status_if_changed();
                          return BackendResult<void>{};
                        }));
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
