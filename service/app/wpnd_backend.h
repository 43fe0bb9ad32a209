#pragma once
// wpnd's implementation of the IPC backend: status, shares, settings and logs on top of
// the settings store, the share host and the log ring. Called from the IPC thread and,
// for reload and status ticks, from the main thread; one mutex serialises them.

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

#include "service/app/log_ring.h"
#include "service/app/settings_store.h"
#include "service/app/share_host.h"
#include "service/app/overlay_host.h"
#include "service/app/transfer_host.h"
#include "service/ipc/event_hub.h"
#include "service/ipc/service_backend.h"

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
  WpndBackend(SettingsStore& store, ShareHost& shares, LogRing& ring, EventHub& hub, ServiceIdentity identity,
              Poco::Logger& log);

  ipc::StatusDto status() override;
  BackendResult<std::vector<ipc::ShareRootDto>> list_shares() override;
  BackendResult<ipc::ShareRootDto> add_share(const ipc::SharesAddParams& params) override;
  BackendResult<ipc::ShareRootDto> remove_share(const ipc::ShareRef& root) override;
  BackendResult<std::vector<ipc::ShareRootDto>> rescan(const ipc::ShareRef& root) override;
  ipc::ShareProgressDto share_progress() override;
  BackendResult<ipc::FilePageDto> share_files(const ipc::SharesFilesParams& params) override;
  BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams& params) override;
  BackendResult<ipc::SettingsChangeDto> set_settings(const ipc::SettingsSetParams& params) override;
  BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams& params) override;

  // wpnd_backend_controls.cpp: transfers and quick actions.
  ipc::StatusLiveDto status_live() override;
  BackendResult<ipc::TransferPageDto> transfers_view(const ipc::TransfersViewParams& params) override;
  std::optional<ipc::TransfersSnapshotDto> transfers_snapshot() override;
  bool has_transfers() const override { return true; }
  BackendResult<void> transfer_action(TransferAction action, std::uint64_t id) override;
  BackendResult<void> queue_move(const ipc::QueueMoveParams& params) override;
  BackendResult<void> ban(const ipc::PeersBanParams& params) override;
  BackendResult<void> unban(const ipc::PeersUnbanParams& params) override;
  BackendResult<ipc::BanListDto> bans() override;
  BackendResult<void> set_slots(const ipc::SlotsSetParams& params) override;
  BackendResult<void> set_alternate(const ipc::LimitsAlternateParams& params) override;
  BackendResult<void> set_sharing_paused(bool paused) override;
  BackendResult<void> stop_service() override;

  BackendResult<ipc::JsonObject> network_call(std::string_view method, const ipc::JsonObject& params) override;

  // The transfer and overlay hosts, once they run (null before start and after stop).
  void attach_transfers(TransferHost* transfers);
  void attach_overlay(OverlayHost* overlay);

  // SIGHUP: re-reads the configuration file and applies what can be applied live.
  void reload();
  // Publishes "status.changed" when the status differs from the last one published.
  void publish_status_if_changed();

 private:
  BackendResult<ipc::SettingsChangeDto> change_locked(const std::map<std::string, Poco::Dynamic::Var>& values);
  ipc::SettingsChangeDto apply_locked(const ServiceSettings& before, const StoreChange& change);
  ipc::SettingDto describe_locked(const SettingField& field) const;

  SettingsStore& store_;
  ShareHost& shares_;
  std::atomic<TransferHost*> transfers_{nullptr};
  std::atomic<OverlayHost*> overlay_{nullptr};
  LogRing& ring_;
  EventHub& hub_;
  const ServiceIdentity identity_;
  Poco::Logger& log_;

  std::mutex mutex_;
  ServiceSettings running_;  // what the running service uses (restart settings as at start)
  std::mutex status_mutex_;
  ipc::StatusDto last_status_;
  ipc::StatusLiveDto last_live_;
};

}  // namespace wpn::service
