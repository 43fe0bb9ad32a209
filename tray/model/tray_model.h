#pragma once
// Everything the tray shows, built from the service's snapshots and events: link state,
// status, transfers windows, share roots and settings. Free of wx types and of I/O: the
// controller feeds it replies and events and reads back what to draw, what to fetch and
// which notifications to show. Time comes in as seconds of a monotonic clock.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ipc/control_dto.h"
#include "ipc/message.h"
#include "ipc/params.h"
#include "ipc/setting_dto.h"
#include "ipc/share_dto.h"
#include "ipc/status_dto.h"
#include "model/rate_estimator.h"
#include "model/transfer_window.h"

namespace wpn::tray {

enum class IconState { Offline, Connecting, Idle, Transferring, Paused, AlternateLimits, Problem };
std::string_view icon_state_name(IconState state) noexcept;  // "offline", "connecting", ...

enum class LinkState { Down, Connecting, Up };

struct Notification {
  std::string title;
  std::string text;
  bool warning = false;
  bool opens_folder = false;  // a click opens the download folder
};

struct ModelOptions {
  bool notify_started_uploads = false;
  // A service that restarts is back within this long: until then the icon says
  // "connecting", not "offline".
  double restart_grace_s = 15;
  // After (re)connecting the service needs a while to reach the network.
  double network_grace_s = 120;
};

class TrayModel {
 public:
  explicit TrayModel(ModelOptions options = {});

  // --- the link to the service
  void on_connecting(double now);
  void on_disconnected(double now);
  // The subscribe reply: a snapshot replaces state; replayed events follow it.
  void on_subscribed(const ipc::SubscribeResult& result, double now);
  // Any event; false when it was a replay of one already applied (seq not beyond the last).
  bool on_event(const ipc::Event& event, double now);
  // Replies the controller fetched.
  void on_status(const ipc::JsonObject& status, double now);
  void on_shares(std::vector<ipc::ShareRootDto> roots, ipc::ShareProgressDto progress);
  void on_settings(std::vector<ipc::SettingDto> settings);
  void on_transfer_page(const ipc::TransferPageDto& page);
  // The same, and the rows' byte counts feed the smoothed rates.
  void on_transfer_page(const ipc::TransferPageDto& page, double now);
  // The service does not offer transfers (answers not_available): stop asking.
  void set_transfers_available(bool available);

  // --- what to show
  LinkState link() const noexcept { return link_; }
  IconState icon_state(double now) const;
  std::string tooltip(double now) const;
  std::string state_text(double now) const;  // one line, first line of the tooltip
  const ipc::StatusDto& status() const noexcept { return status_; }
  const ipc::StatusLiveDto& live() const noexcept { return live_; }
  bool have_status() const noexcept { return have_status_; }
  const std::vector<ipc::ShareRootDto>& roots() const noexcept { return roots_; }
  const ipc::ShareProgressDto& share_progress() const noexcept { return share_progress_; }
  const std::vector<ipc::SettingDto>& settings() const noexcept { return settings_; }
  bool transfers_available() const noexcept { return transfers_available_; }
  TransferWindow& window(ListKind kind) noexcept;
  const TransferWindow& window(ListKind kind) const noexcept;
  // The smoothed rate of a transfer (for its ETA), when one was seen moving.
  // Ids are unique per direction only, so the direction is part of the key.
  const RateEstimator* rate(const ipc::TransferDto& transfer) const noexcept {
    return rates_.find(rate_key(transfer.id, transfer.direction == "download"));
  }
  // The hub the node is logged in to ("HOST:PORT"), for the tooltip; "" when not known.
  void set_hub(std::string hub) { hub_ = std::move(hub); }
  const std::string& hub() const noexcept { return hub_; }

  // --- what to do
  std::vector<Notification> take_notifications();
  // Fetches the views need now (stale windows; status, shares or settings after an event
  // that names no values).
  std::vector<FetchRequest> take_transfer_fetches();
  bool take_shares_stale() noexcept { return std::exchange(shares_stale_, false); }
  bool take_settings_stale() noexcept { return std::exchange(settings_stale_, false); }
  bool take_status_stale() noexcept { return std::exchange(status_stale_, false); }

  // Where to resume after a reconnect.
  std::optional<ipc::Sequence> resume_seq() const;
  const std::string& instance() const noexcept { return instance_; }

 private:
  bool quiet(double now) const noexcept;
  static std::uint64_t rate_key(std::uint64_t id, bool download) noexcept { return id << 1 | (download ? 1 : 0); }
  void apply_status(const ipc::JsonObject& status, double now, bool baseline);
  void apply_snapshot(const ipc::JsonObject& snapshot, double now);
  void apply_transfer(const ipc::TransferDto& transfer, bool is_new, bool notify, double now);
  void apply_transfer_event(const ipc::Event& event, bool notify, double now);
  void notify(Notification notification, bool allowed);
  void reset_transfers();

  ModelOptions options_;
  LinkState link_ = LinkState::Down;
  bool ever_up_ = false;
  bool failed_before_up_ = false;
  double down_since_ = 0;
  double up_since_ = 0;

  std::string instance_;
  ipc::Sequence last_seq_ = 0;
  ipc::Sequence replay_until_ = 0;  // events up to here are replays: applied, never notified

  ipc::StatusDto status_;
  ipc::StatusLiveDto live_;
  bool have_status_ = false;
  std::set<std::string> problem_codes_;

  std::vector<ipc::ShareRootDto> roots_;
  ipc::ShareProgressDto share_progress_;
  std::vector<ipc::SettingDto> settings_;
  bool transfers_available_ = true;
  TransferWindow uploads_{ListKind::Uploads};
  TransferWindow downloads_{ListKind::Downloads};
  TransferWindow queue_{ListKind::Queue};
  std::set<std::uint64_t> announced_downloads_;  // finished downloads already notified
  std::set<std::uint64_t> announced_uploads_;
  TransferRates rates_;
  std::string hub_;

  std::vector<Notification> notifications_;
  bool shares_stale_ = false;
  bool settings_stale_ = false;
  bool status_stale_ = false;
};

}  // namespace wpn::tray
