#pragma once
// What the IPC dispatcher needs from the rest of the service. The application implements
// it on top of the engine, settings and log ring; tests implement it with plain values.
// Methods are called from the IPC thread; BackendDone answers may come from any thread.

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
// Receives the answer of an asynchronous backend call: called exactly once, from any
// thread, possibly after the method returned (an engine call answers on the engine thread).
template <class T>
using BackendDone = std::function<void(BackendResult<T>)>;

enum class TransferAction { Cancel, Retry, Remove, QueueRemove, ClearFinished };

// Views read from the engine's published snapshot (or the service's own settings and log
// ring) answer at once. Everything that needs the engine answers through a BackendDone and
// never waits. The areas a backend may not have answer not_available by default, so a
// backend implements what it has.
class ServiceBackend {
 public:
  virtual ~ServiceBackend() = default;

  virtual ipc::StatusDto status() = 0;

  virtual BackendResult<std::vector<ipc::ShareRootDto>> list_shares() = 0;
  virtual void add_share(const ipc::SharesAddParams&, BackendDone<ipc::ShareRootDto> done) {
    done(tl::unexpected(unavailable("shares")));
  }
  virtual void remove_share(const ipc::ShareRef&, BackendDone<ipc::ShareRootDto> done) {
    done(tl::unexpected(unavailable("shares")));
  }
  // Starts rescanning one root (or all when `root` is empty); answers the roots affected.
  virtual void rescan(const ipc::ShareRef&, BackendDone<std::vector<ipc::ShareRootDto>> done) {
    done(tl::unexpected(unavailable("shares")));
  }
  virtual ipc::ShareProgressDto share_progress() = 0;
  virtual void share_files(const ipc::SharesFilesParams&, BackendDone<ipc::FilePageDto> done) {
    done(tl::unexpected(unavailable("shares")));
  }

  virtual BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams& params) = 0;
  // Answers once the live part of the change is in effect.
  virtual void set_settings(const ipc::SettingsSetParams&, BackendDone<ipc::SettingsChangeDto> done) {
    done(tl::unexpected(unavailable("settings")));
  }

  virtual BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams& params) = 0;

  // Live members of "status" (speeds, alternate limits, problems).
  virtual ipc::StatusLiveDto status_live() { return {}; }

  virtual void transfers_view(const ipc::TransfersViewParams&, BackendDone<ipc::TransferPageDto> done) {
    done(tl::unexpected(unavailable("transfers")));
  }
  // The first page of each list, for the snapshot of the topic; nullopt without transfers.
  virtual void transfers_snapshot(BackendDone<std::optional<ipc::TransfersSnapshotDto>> done) {
    done(std::optional<ipc::TransfersSnapshotDto>{});
  }
  // Whether this kind of service has transfers at all (a capability, not a running state):
  // without them, subscribing to the topic is refused.
  virtual bool has_transfers() const { return false; }
  virtual void transfer_action(TransferAction, std::uint64_t, BackendDone<void> done) {
    done(tl::unexpected(unavailable("transfers")));
  }
  virtual void queue_move(const ipc::QueueMoveParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("queue")));
  }
  virtual void ban(const ipc::PeersBanParams&, BackendDone<void> done) { done(tl::unexpected(unavailable("peers"))); }
  virtual void unban(const ipc::PeersUnbanParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("peers")));
  }
  virtual void bans(BackendDone<ipc::BanListDto> done) { done(tl::unexpected(unavailable("peers"))); }
  virtual void set_slots(const ipc::SlotsSetParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("slots")));
  }
  virtual void set_alternate(const ipc::LimitsAlternateParams&, BackendDone<void> done) {
    done(tl::unexpected(unavailable("limits")));
  }
  virtual BackendResult<void> set_sharing_paused(bool) { return tl::unexpected(unavailable("sharing")); }
  virtual BackendResult<void> stop_service() { return tl::unexpected(unavailable("service")); }
  // network: the WPN network methods, params parsed and shape-checked by the dispatcher
  // (network_params.h); whether a user, host or request exists is the backend's to answer.
  virtual BackendResult<ipc::NetworkStatusDto> network_status() { return tl::unexpected(unavailable("network")); }
  virtual void network_hosts(BackendDone<ipc::HostListDto> done) { done(tl::unexpected(unavailable("network"))); }
  virtual void network_add(const ipc::NetworkAddParams&, BackendDone<ipc::HostListDto> done) {
    done(tl::unexpected(unavailable("network")));
  }
  virtual void network_import(const ipc::NetworkImportParams&, BackendDone<ipc::HostListDto> done) {
    done(tl::unexpected(unavailable("network")));
  }
  virtual void network_remove(const ipc::NetworkAddParams&, BackendDone<ipc::HostListDto> done) {
    done(tl::unexpected(unavailable("network")));
  }
  virtual void network_connect_now(const ipc::NetworkAddParams&, BackendDone<ipc::NetworkStatusDto> done) {
    done(tl::unexpected(unavailable("network")));
  }
  virtual void network_connect(BackendDone<ipc::NetworkStatusDto> done) {
    done(tl::unexpected(unavailable("network")));
  }
  virtual void network_disconnect(BackendDone<ipc::NetworkStatusDto> done) {
    done(tl::unexpected(unavailable("network")));
  }
  virtual void search(const ipc::SearchParams&, BackendDone<ipc::RequestIdDto> done) {
    done(tl::unexpected(unavailable("search")));
  }
  virtual void search_results(const ipc::RequestIdParams&, BackendDone<ipc::SearchResultsDto> done) {
    done(tl::unexpected(unavailable("search")));
  }
  virtual void download(const ipc::DownloadParams&, BackendDone<ipc::RequestIdDto> done) {
    done(tl::unexpected(unavailable("download")));
  }
  virtual void browse(const ipc::PeerParams&, BackendDone<ipc::RequestIdDto> done) {
    done(tl::unexpected(unavailable("browse")));
  }
  virtual void browse_results(const ipc::RequestIdParams&, BackendDone<ipc::BrowseAnswerDto> done) {
    done(tl::unexpected(unavailable("browse")));
  }
  virtual void whois(const ipc::PeerParams&, BackendDone<ipc::RequestIdDto> done) {
    done(tl::unexpected(unavailable("whois")));
  }
  virtual void whois_result(const ipc::RequestIdParams&, BackendDone<ipc::WhoisAnswerDto> done) {
    done(tl::unexpected(unavailable("whois")));
  }
  virtual void send_pm(const ipc::PmSendParams&, BackendDone<void> done) { done(tl::unexpected(unavailable("pm"))); }

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
