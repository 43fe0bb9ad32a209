// The transfer side of wpnd's IPC backend: views, actions and the live status members.
#include <Poco/Logger.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "service/app/wpnd_backend.h"

namespace wpn::service {

namespace {

using ipc::ErrorCode;
using ipc::ErrorInfo;

ErrorInfo not_running() { return {ErrorCode::NotAvailable, "transfers are not running"}; }

std::uint64_t unix_now() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

void WpndBackend::attach_transfers(TransferHost* transfers) { transfers_.store(transfers); }

ipc::StatusLiveDto WpndBackend::status_live() {
  ipc::StatusLiveDto live;
  live.sharing_paused = shares_.sharing_paused();
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return live;
  const TransferTotals totals = transfers->totals();
  live.upload_bps = totals.upload_bps;
  live.download_bps = totals.download_bps;
  live.alternate_limits = totals.alternate;
  live.alternate_until = totals.alternate_until;
  if (totals.problem) live.problems.push_back({std::string(ipc::problem::PortUnreachable), *totals.problem});
  for (const auto& root : shares_.roots())
    if (root.watch == "degraded")
      live.problems.push_back({std::string(ipc::problem::WatchDegraded), root.path + ": " + root.watch_reason});
  return live;
}

BackendResult<ipc::TransferPageDto> WpndBackend::transfers_view(const ipc::TransfersViewParams& params) {
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return tl::unexpected(not_running());
  return transfers->view(params);
}

std::optional<ipc::TransfersSnapshotDto> WpndBackend::transfers_snapshot() {
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return std::nullopt;
  return transfers->snapshot();
}

BackendResult<void> WpndBackend::transfer_action(TransferAction action, std::uint64_t id) {
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return tl::unexpected(not_running());
  switch (action) {
    case TransferAction::Cancel:
      return transfers->cancel(id);
    case TransferAction::Retry:
      return transfers->retry(id);
    case TransferAction::Remove:
      return transfers->remove(id);
    case TransferAction::QueueRemove:
      return transfers->remove_queued(id);
    case TransferAction::ClearFinished:
      transfers->clear_finished();
      return {};
  }
  return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, "unknown action"});
}

BackendResult<void> WpndBackend::queue_move(const ipc::QueueMoveParams& params) {
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return tl::unexpected(not_running());
  return transfers->move(params.id, params.position);
}

// Bans are the engine's (kept in its store across restarts); the "banned" setting holds
// only the configured permanent ones.
BackendResult<void> WpndBackend::ban(const ipc::PeersBanParams& params) {
  if (params.user.empty()) return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, "no user named"});
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return tl::unexpected(not_running());
  return transfers->ban(params.user, params.seconds != 0 ? params.seconds : params.hours * 3600);
}

BackendResult<void> WpndBackend::unban(const ipc::PeersUnbanParams& params) {
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return tl::unexpected(not_running());
  return transfers->unban(params.user);
}

BackendResult<ipc::BanListDto> WpndBackend::bans() {
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return tl::unexpected(not_running());
  return transfers->bans();
}

BackendResult<void> WpndBackend::set_slots(const ipc::SlotsSetParams& params) {
  std::lock_guard lock(mutex_);
  auto changed = change_locked({{"upload_slots", Poco::UInt64{params.upload_slots}}});
  if (!changed) return tl::unexpected(changed.error());
  return {};
}

BackendResult<void> WpndBackend::set_alternate(const ipc::LimitsAlternateParams& params) {
  TransferHost* transfers = transfers_.load();
  if (transfers == nullptr) return tl::unexpected(not_running());
  transfers->set_alternate(params.on, params.on && params.hours > 0 ? unix_now() + params.hours * 3600 : 0);
  publish_status_if_changed();
  return {};
}

BackendResult<void> WpndBackend::set_sharing_paused(bool paused) {
  shares_.set_sharing_paused(paused);
  if (TransferHost* transfers = transfers_.load()) transfers->set_sharing_paused(paused);
  if (OverlayHost* overlay = overlay_.load()) overlay->set_sharing_paused(paused);
  log_.notice(paused ? "sharing paused" : "sharing resumed");
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
