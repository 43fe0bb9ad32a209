#pragma once
// What the IPC dispatcher needs from the rest of the service. The application implements
// it on top of the share library, settings and log ring; tests implement it with plain
// values. Called from the IPC thread only.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "ipc/control_dto.h"
#include "ipc/error_code.h"
#include "ipc/log_dto.h"
#include "ipc/network_dto.h"
#include "ipc/network_params.h"
#include "ipc/params.h"
#include "ipc/room_dto.h"
#include "ipc/room_params.h"
#include "ipc/schema.h"
#include "ipc/setting_dto.h"
#include "ipc/share_dto.h"
#include "ipc/status_dto.h"
#include "ipc/transfer_dto.h"

namespace wpn::service {

template <class T>
using BackendResult = tl::expected<T, ipc::ErrorInfo>;
// A request's completion: called exactly once, possibly later and from another thread.
template <class T>
using BackendDone = std::function<void(BackendResult<T>)>;

enum class TransferAction { Cancel, Retry, Remove, QueueRemove, ClearFinished };

// The areas a backend may not have (transfers, controls) answer not_available by default,
// so a backend implements what it has.
class ServiceBackend {
 public:
  virtual ~ServiceBackend() = default;

  virtual ipc::StatusDto status() = 0;

  virtual BackendResult<std::vector<ipc::ShareRootDto>> list_shares() = 0;
  virtual BackendResult<ipc::ShareRootDto> add_share(const ipc::SharesAddParams& params) = 0;
  virtual BackendResult<ipc::ShareRootDto> remove_share(const ipc::ShareRef& root) = 0;
  // Starts rescanning one root (or all when `root` is empty); returns the roots affected.
  virtual BackendResult<std::vector<ipc::ShareRootDto>> rescan(const ipc::ShareRef& root) = 0;
  virtual ipc::ShareProgressDto share_progress() = 0;
  virtual BackendResult<ipc::FilePageDto> share_files(const ipc::SharesFilesParams& params) = 0;

  virtual BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams& params) = 0;
  virtual BackendResult<ipc::SettingsChangeDto> set_settings(const ipc::SettingsSetParams& params) = 0;

  virtual BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams& params) = 0;

  // Live members of "status" (speeds, alternate limits, problems).
  virtual ipc::StatusLiveDto status_live() { return {}; }

  virtual BackendResult<ipc::TransferPageDto> transfers_view(const ipc::TransfersViewParams&) {
    return tl::unexpected(unavailable("transfers"));
  }
  virtual std::optional<ipc::TransfersSnapshotDto> transfers_snapshot() { return std::nullopt; }
  // Whether this kind of service has transfers at all (a capability, not a running state):
  // without them, subscribing to the topic is refused.
  virtual bool has_transfers() const { return false; }
  virtual BackendResult<void> transfer_action(TransferAction, std::uint64_t) {
    return tl::unexpected(unavailable("transfers"));
  }
  virtual BackendResult<void> queue_move(const ipc::QueueMoveParams&) { return tl::unexpected(unavailable("queue")); }
  virtual BackendResult<void> ban(const ipc::PeersBanParams&) { return tl::unexpected(unavailable("peers")); }
  virtual BackendResult<void> unban(const ipc::PeersUnbanParams&) { return tl::unexpected(unavailable("peers")); }
  virtual BackendResult<ipc::BanListDto> bans() { return tl::unexpected(unavailable("peers")); }
  virtual BackendResult<void> set_slots(const ipc::SlotsSetParams&) { return tl::unexpected(unavailable("slots")); }
  virtual BackendResult<void> set_alternate(const ipc::LimitsAlternateParams&) {
    return tl::unexpected(unavailable("limits"));
  }
  virtual BackendResult<void> set_sharing_paused(bool) { return tl::unexpected(unavailable("sharing")); }
  virtual BackendResult<void> stop_service() { return tl::unexpected(unavailable("service")); }
  // network: the WPN network methods, params parsed and shape-checked by the dispatcher
  // (network_params.h); whether a user, host or request exists is the backend's to answer.
  virtual BackendResult<ipc::NetworkStatusDto> network_status() { return tl::unexpected(unavailable("network")); }
  virtual BackendResult<ipc::HostListDto> network_hosts() { return tl::unexpected(unavailable("network")); }
  virtual BackendResult<ipc::HostListDto> network_add(const ipc::NetworkAddParams&) {
    return tl::unexpected(unavailable("network"));
  }
  virtual BackendResult<ipc::HostListDto> network_import(const ipc::NetworkImportParams&) {
    return tl::unexpected(unavailable("network"));
  }
  virtual BackendResult<ipc::NetworkStatusDto> network_connect() { return tl::unexpected(unavailable("network")); }
  virtual BackendResult<ipc::NetworkStatusDto> network_disconnect() { return tl::unexpected(unavailable("network")); }
  virtual BackendResult<ipc::RequestIdDto> search(const ipc::SearchParams&) {
    return tl::unexpected(unavailable("search"));
  }
  virtual BackendResult<ipc::SearchResultsDto> search_results(const ipc::RequestIdParams&) {
    return tl::unexpected(unavailable("search"));
  }
  virtual BackendResult<ipc::RequestIdDto> download(const ipc::DownloadParams&) {
    return tl::unexpected(unavailable("download"));
  }
  virtual BackendResult<ipc::RequestIdDto> browse(const ipc::PeerParams&) {
    return tl::unexpected(unavailable("browse"));
  }
  virtual BackendResult<ipc::BrowseAnswerDto> browse_results(const ipc::RequestIdParams&) {
    return tl::unexpected(unavailable("browse"));
  }
  virtual BackendResult<ipc::RequestIdDto> whois(const ipc::PeerParams&) {
    return tl::unexpected(unavailable("whois"));
  }
  virtual BackendResult<ipc::WhoisAnswerDto> whois_result(const ipc::RequestIdParams&) {
    return tl::unexpected(unavailable("whois"));
  }
  virtual BackendResult<void> send_pm(const ipc::PmSendParams&) { return tl::unexpected(unavailable("pm")); }

  // rooms: chat rooms (dispatcher_rooms.cpp, wpnd_backend_rooms.cpp), answered through `done`.
  virtual void rooms_list(const ipc::RoomsListParams&, BackendDone<ipc::RoomListDto> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_join(const ipc::RoomRefParams&, BackendDone<ipc::RoomDto> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_leave(const ipc::RoomRefParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_say(const ipc::RoomsSayParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_joined(BackendDone<ipc::RoomsDto> done) { done(tl::unexpected(unavailable("rooms"))); }
  virtual void rooms_users(const ipc::RoomRefParams&, BackendDone<ipc::RoomUsersDto> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_history(const ipc::RoomsHistoryParams&, BackendDone<ipc::RoomHistoryDto> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_host(const ipc::RoomsHostParams&, BackendDone<ipc::HostedRoomDto> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_unhost(const ipc::RoomRefParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_hosted(BackendDone<ipc::HostedRoomsDto> done) { done(tl::unexpected(unavailable("rooms"))); }
  virtual void rooms_kick(const ipc::RoomUserParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_ban(const ipc::RoomUserParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_unban(const ipc::RoomUserParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_bans(BackendDone<ipc::RoomBansDto> done) { done(tl::unexpected(unavailable("rooms"))); }
  virtual void rooms_topic(const ipc::RoomsTopicParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("rooms")));
  }
  virtual void rooms_motd(const ipc::RoomsMotdParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("rooms")));
  }

 protected:
  static ipc::ErrorInfo unavailable(std::string_view area) {
    return {ipc::ErrorCode::NotAvailable, std::string(area) + " is not available in this service"};
  }
};

}  // namespace wpn::service
