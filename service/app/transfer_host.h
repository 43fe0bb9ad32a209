#pragma once
// wpnd's owner of the network engine thread and the transfer manager: builds the manager's
// settings from the service settings, answers the IPC's transfer views and actions (each a
// call onto the engine thread), and turns transfer events into "transfers.*" IPC events,
// with progress coalesced to one event a second.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "ipc/control_dto.h"
#include "ipc/error_code.h"
#include "ipc/transfer_dto.h"
#include "json/json_value.h"
#include "net/event_loop.h"
#include "net/transfer_manager.h"
#include "service/app/service_settings.h"
#include "share/share_lookup.h"
#include "share/sqlite_share_index.h"
#include "transfer/alt_limit_schedule.h"
#include "transfer/limit_schedule.h"

namespace wpn::service {

using TransferEventPublisher = std::function<void(std::string_view name, ipc::JsonObject data)>;

struct TransferTotals {
  std::uint64_t uploads_active = 0;
  std::uint64_t downloads_active = 0;
  std::uint64_t queue_length = 0;
  std::uint64_t upload_slots = 0;
  std::uint64_t upload_bps = 0;
  std::uint64_t download_bps = 0;
  bool alternate = false;
  std::uint64_t alternate_until = 0;  // unix seconds, 0 = until turned off
  std::optional<std::string> problem;  // the listener could not start, ...
};

net::TransferSettings to_transfer_settings(const ServiceSettings& settings);

class TransferHost {
 public:
  // `reader` is a read-only share index connection used only on the engine thread.
  TransferHost(const ServiceSettings& settings, std::unique_ptr<share::SqliteShareReader> reader,
               TransferEventPublisher publish);
  ~TransferHost();
  TransferHost(const TransferHost&) = delete;
  TransferHost& operator=(const TransferHost&) = delete;

  // Starts the engine thread, the data port and the saved queue. A port that cannot be
  // opened is reported (and shown as a problem) but does not stop the service.
  std::optional<std::string> start();
  void stop();
  void apply(const ServiceSettings& settings);

  net::EventLoop& loop() { return thread_->loop(); }
  // Runs `task` with the manager on the engine thread and waits for it.
  void with_manager(const std::function<void(net::TransferManager&)>& task);

  tl::expected<ipc::TransferPageDto, ipc::ErrorInfo> view(const ipc::TransfersViewParams& params);
  ipc::TransfersSnapshotDto snapshot();
  tl::expected<void, ipc::ErrorInfo> cancel(std::uint64_t id);
  tl::expected<void, ipc::ErrorInfo> retry(std::uint64_t id);
  tl::expected<void, ipc::ErrorInfo> remove(std::uint64_t id);
  tl::expected<void, ipc::ErrorInfo> remove_queued(std::uint64_t id);  // uploads waiting in the queue only
  // Forgets completed downloads (their files stay where they were moved).
  void clear_finished();
  // A full name bans that user only, a plain name every suffix; 0 seconds = forever.
  tl::expected<void, ipc::ErrorInfo> ban(const std::string& user, std::uint64_t seconds);
  tl::expected<void, ipc::ErrorInfo> unban(const std::string& user);  // not_found when no such rule
  ipc::BanListDto bans();
  tl::expected<void, ipc::ErrorInfo> move(std::uint64_t id, std::uint64_t position);
  // Paused: new requests find nothing shared; running uploads finish.
  void set_sharing_paused(bool paused);
  // On request: on until `until_unix` (0 = until turned off), or off. Overrides the schedule
  // until the schedule next changes its mind.
  void set_alternate(bool on, std::uint64_t until_unix);
  // Called on the engine thread (outside the manager's own call) with the local path of
  // each download that completed.
  void set_finished_handler(std::function<void(const std::string&)> handler);
  // About once a second: follows the weekly schedule and ends timed alternate limits.
  void tick();
  TransferTotals totals();

 private:
  void on_event(const transfer::TransferEvent& event);
  void notify_finished(transfer::TransferId id);
  void flush_progress();
  void schedule_flush();
  void publish_row(std::string_view name, transfer::TransferId id);

  TransferEventPublisher publish_;
  std::unique_ptr<share::SqliteShareReader> reader_;
  std::unique_ptr<share::ShareLookup> lookup_;
  std::unique_ptr<net::LoopThread> thread_;
  std::unique_ptr<net::TransferManager> manager_;  // engine thread only
  std::map<transfer::TransferId, ipc::TransferProgressRow> pending_progress_;  // engine thread only
  std::map<transfer::TransferId, transfer::Direction> directions_;               // engine thread only
  std::function<void(const std::string&)> on_finished_;                          // engine thread only
  net::TimerId flush_timer_ = net::TimerId::None;

  // The wall clock and local hour for the alternate-limit policy; a verdict waits in
  // `pending` until the engine has it.
  struct AlternateClock final : transfer::AltLimitSchedule::Mediator {
    transfer::WallTime now() const override;
    transfer::AltLimitSchedule::LocalHour local_hour() const override;
    void changed(bool on, transfer::AltLimitSchedule::ChangeReason reason) override;
    std::optional<bool> pending;
  };
  void deliver_alternate_locked();

  std::mutex alternate_mutex_;  // the policy, from the IPC and main threads
  AlternateClock alternate_clock_;
  transfer::AltLimitSchedule alternate_{alternate_clock_};

  std::mutex totals_mutex_;  // the totals and problem read by the IPC and status threads
  TransferTotals totals_;
};

}  // namespace wpn::service
