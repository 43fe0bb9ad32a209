#pragma once
// wpnd's implementation of the IPC backend: the settings store and log ring of the
// service, and the engine facade for everything else. Status and the share lists answer
// from the engine's published snapshot without waiting; other calls answer through the
// engine's completion, on the engine's thread (engine_answer.h), and never wait. Called
// from the IPC thread, from engine completions and, for reload and status ticks, from the
// main thread; one mutex serialises settings changes (never held while waiting).

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "service/app/log_ring.h"
#include "service/app/settings_store.h"
#include "service/ipc/event_hub.h"
#include "service/ipc/service_backend.h"
#include "session/engine.h"

namespace Poco {
class Logger;
}

namespace wpn::service {

struct ServiceIdentity {
  std::string version;
  std::string instance;
  std::uint64_t pid = 0;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

class WpndBackend final : public ServiceBackend {
 public:
  WpndBackend(SettingsStore& store, session::Engine& engine, std::string index_path, LogRing& ring, EventHub& hub,
              ServiceIdentity identity, Poco::Logger& log);

  ipc::StatusDto status() override;
  BackendResult<std::vector<ipc::ShareRootDto>> list_shares() override;
  void add_share(const ipc::SharesAddParams& params, BackendDone<ipc::ShareRootDto> done) override;
  void remove_share(const ipc::ShareRef& root, BackendDone<ipc::ShareRootDto> done) override;
  void rescan(const ipc::ShareRef& root, BackendDone<std::vector<ipc::ShareRootDto>> done) override;
  ipc::ShareProgressDto share_progress() override;
  void share_files(const ipc::SharesFilesParams& params, BackendDone<ipc::FilePageDto> done) override;
  BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams& params) override;
  void set_settings(const ipc::SettingsSetParams& params, BackendDone<ipc::SettingsChangeDto> done) override;
  BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams& params) override;

  // wpnd_backend_controls.cpp: transfers and quick actions.
  ipc::StatusLiveDto status_live() override;
  void transfers_view(const ipc::TransfersViewParams& params, BackendDone<ipc::TransferPageDto> done) override;
  void transfers_snapshot(BackendDone<std::optional<ipc::TransfersSnapshotDto>> done) override;
  bool has_transfers() const override { return true; }
  void transfer_action(TransferAction action, std::uint64_t id, BackendDone<void> done) override;
  void queue_move(const ipc::QueueMoveParams& params, BackendDone<void> done) override;
  void ban(const ipc::PeersBanParams& params, BackendDone<void> done) override;
  void unban(const ipc::PeersUnbanParams& params, BackendDone<void> done) override;
  void bans(BackendDone<ipc::BanListDto> done) override;
  void set_slots(const ipc::SlotsSetParams& params, BackendDone<void> done) override;
  void set_alternate(const ipc::LimitsAlternateParams& params, BackendDone<void> done) override;
  BackendResult<void> set_sharing_paused(bool paused) override;
  BackendResult<void> stop_service() override;

  // network: wpnd_backend_network.cpp
  BackendResult<ipc::NetworkStatusDto> network_status() override;
  void network_hosts(BackendDone<ipc::HostListDto> done) override;
  void network_add(const ipc::NetworkAddParams& params, BackendDone<ipc::HostListDto> done) override;
  void network_import(const ipc::NetworkImportParams& params, BackendDone<ipc::HostListDto> done) override;
  void network_remove(const ipc::NetworkAddParams& params, BackendDone<ipc::HostListDto> done) override;
  void network_connect_now(const ipc::NetworkAddParams& params, BackendDone<ipc::NetworkStatusDto> done) override;
  void network_connect(BackendDone<ipc::NetworkStatusDto> done) override;
  void network_disconnect(BackendDone<ipc::NetworkStatusDto> done) override;
  void search(const ipc::SearchParams& params, BackendDone<ipc::RequestIdDto> done) override;
  void search_results(const ipc::RequestIdParams& params, BackendDone<ipc::SearchResultsDto> done) override;
  void download(const ipc::DownloadParams& params, BackendDone<ipc::RequestIdDto> done) override;
  void browse(const ipc::PeerParams& params, BackendDone<ipc::RequestIdDto> done) override;
  void browse_results(const ipc::RequestIdParams& params, BackendDone<ipc::BrowseAnswerDto> done) override;
  void whois(const ipc::PeerParams& params, BackendDone<ipc::RequestIdDto> done) override;
  void whois_result(const ipc::RequestIdParams& params, BackendDone<ipc::WhoisAnswerDto> done) override;
  void send_pm(const ipc::PmSendParams& params, BackendDone<void> done) override;

  // rooms: wpnd_backend_rooms.cpp
  void rooms_list(const ipc::RoomsListParams& params, BackendDone<ipc::RoomListDto> done) override;
  void rooms_join(const ipc::RoomRefParams& params, BackendDone<ipc::RoomDto> done) override;
  void rooms_leave(const ipc::RoomRefParams& params, BackendDone<void> done) override;
  void rooms_say(const ipc::RoomsSayParams& params, BackendDone<void> done) override;
  void rooms_joined(BackendDone<ipc::RoomsDto> done) override;
  void rooms_users(const ipc::RoomRefParams& params, BackendDone<ipc::RoomUsersDto> done) override;
  void rooms_history(const ipc::RoomsHistoryParams& params, BackendDone<ipc::RoomHistoryDto> done) override;
  void rooms_host(const ipc::RoomsHostParams& params, BackendDone<ipc::HostedRoomDto> done) override;
  void rooms_unhost(const ipc::RoomRefParams& params, BackendDone<void> done) override;
  void rooms_hosted(BackendDone<ipc::HostedRoomsDto> done) override;
  void rooms_kick(const ipc::RoomUserParams& params, BackendDone<void> done) override;
  void rooms_ban(const ipc::RoomUserParams& params, BackendDone<void> done) override;
  void rooms_unban(const ipc::RoomUserParams& params, BackendDone<void> done) override;
  void rooms_bans(BackendDone<ipc::RoomBansDto> done) override;
  void rooms_topic(const ipc::RoomsTopicParams& params, BackendDone<void> done) override;
  void rooms_motd(const ipc::RoomsMotdParams& params, BackendDone<void> done) override;

  // SIGHUP: re-reads the configuration file and applies what can be applied live.
  void reload();
  // Publishes "status.changed" when the status differs from the last one published.
  void publish_status_if_changed();

 private:
  using Applied = std::function<void(const ipc::SettingsChangeDto&)>;
  // Stores the values and applies the live ones; `applied` runs once the engine has them
  // (on the engine's thread, or at once when nothing live changed), never after an error.
  BackendResult<ipc::SettingsChangeDto> change_locked(const std::map<std::string, Poco::Dynamic::Var>& values,
                                                      Applied applied = {});
  ipc::SettingsChangeDto apply_locked(const StoreChange& change, Applied applied = {});
  ipc::SettingDto describe_locked(const SettingField& field) const;
  // The root a reference names, from the snapshot.
  std::optional<session::ShareRootStatus> find_root(const ipc::ShareRef& ref) const;
  tl::expected<void, ipc::ErrorInfo> shares_editable_locked() const;

  SettingsStore& store_;
  session::Engine& engine_;
  const std::string index_path_;
  LogRing& ring_;
  EventHub& hub_;
  const ServiceIdentity identity_;
  Poco::Logger& log_;
  // Restart settings as the running service uses them (status never waits for mutex_).
  const std::string role_;
  const std::string name_;

  std::mutex mutex_;
  ServiceSettings running_;  // what the running service uses (restart settings as at start)
  std::mutex status_mutex_;
  ipc::StatusDto last_status_;
  ipc::StatusLiveDto last_live_;
};

}  // namespace wpn::service
