#pragma once
// Private to the engine: the state behind the Engine facade and who owns each part.
//   engine thread (engine_): transfer manager, overlay node, search results and peer
//     answers, the alternate-limit policy, progress coalescing, the saved host list.
//   share thread (shares_): the share library handle and its settings, the read-only
//     index connection for queries and announcements, cached counts, announce decisions.
//   library threads (inside ShareLibrary): emit share events through on_share_event.
// The status board is written by the two owners and read by anyone without waiting.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "net/event_loop.h"
#include "net/overlay_node.h"
#include "net/transfer_manager.h"
#include "overlay/wsx_host_list.h"
#include "session/engine.h"
#include "session/engine_rooms_area.h"
#include "session/suspend_watch.h"
#include "session/suspend_watch_logind.h"
#include "share/name_encoding.h"
#include "share/share_events.h"
#include "share/share_library.h"
#include "share/share_lookup.h"
#include "share/sqlite_share_index.h"
#include "transfer/alt_limit_schedule.h"
#include "transfer/limit_schedule.h"

namespace wpn::session {

net::TransferSettings to_transfer_settings(const EngineSettings& settings);
share::ShareSettings to_share_settings(const ShareConfig& config);
share::CodePage to_share_code_page(CodePage code_page);
std::vector<overlay::WsxEntry> configured_hosts(const NetworkSettings& settings,
                                                const std::vector<overlay::WsxEntry>& saved);
TransferPhase to_phase(transfer::TransferPhase phase);
WaitReason to_wait_reason(transfer::WaitReason reason);
FailReason to_fail_reason(transfer::FailReason reason);
RemovalReason to_removal_reason(transfer::RemovalReason reason);
TransferRow to_row(const net::TransferRow& row);
EngineEvent to_event(const share::ShareEvent& event);

inline tl::unexpected<EngineError> fail(EngineErrc code, std::string message) {
  return tl::unexpected(EngineError{code, std::move(message)});
}

// The published snapshot, composed of the parts each owner writes.
class StatusBoard {
 public:
  StatusBoard();
  void set_engine_part(const TransferTotals& transfers, const NetworkStatus& network);
  void set_share_part(const ShareCounts& counts, std::vector<ShareRootStatus> roots, const ShareProgress& progress);
  void set_paused(bool paused);
  void set_resuming(bool resuming);
  std::shared_ptr<const EngineStatus> get() const { return published_.load(); }

 private:
  void publish_locked();
  std::mutex mutex_;
  EngineStatus current_;
  std::atomic<std::shared_ptr<const EngineStatus>> published_;
};

struct Engine::Impl {
  Impl(EngineSettings settings, EventSink sink, std::unique_ptr<share::SqliteShareIndex> index);
  ~Impl();

  // Posts to the owner's loop; false when the engine has stopped.
  bool post_engine(std::function<void()> task);
  bool post_shares(std::function<void()> task);
  template <class T>
  void on_engine(Completion<T> done, std::function<EngineResult<T>()> task);
  template <class T>
  void on_shares(Completion<T> done, std::function<EngineResult<T>()> task);

  void emit(const EngineEvent& event) {
    if (sink_) sink_(event);
  }

  // ---- engine thread (engine_transfers.cpp, engine_network.cpp)
  std::optional<std::string> start_transfers();
  std::optional<std::string> start_node();
  void stop_node();
  void restart_node();
  void on_transfer_event(const transfer::TransferEvent& event);
  void on_node_event(const overlay::SecondaryEvent& event);
  void on_download_finished(const std::string& path);
  void flush_progress();
  void engine_tick();
  void refresh_engine_part();
  void apply_engine(const EngineSettings& settings);
  NetworkStatus network_status() const;
  HostList host_list_answer(std::uint64_t added) const;
  std::optional<std::size_t> save_hosts(const std::vector<overlay::WsxEntry>& entries);
  std::filesystem::path hosts_file() const;
  std::vector<overlay::WsxEntry> hosts_to_dial() const;  // engine_hosts.cpp
  EngineResult<std::uint32_t> ask(const std::string& handle, bool browse, const std::string& user);
  void request_announcement();  // asks the share thread for payloads
  // engine_suspend.cpp: sleep and wake, polled by engine_tick
  void check_suspend();
  void on_wake(std::chrono::nanoseconds slept);
  void start_logind_watch(const std::string& bus);
  void on_prepare_for_sleep(bool going_to_sleep);
  bool retry_after_wake(transfer::TransferId id, transfer::TransferPhase phase);
  RemoteFile remote_file(const std::string& path, const protocol::FileKey& key, std::uint64_t size,
                         const protocol::MediaInfo& media) const;

  // ---- engine thread, rooms (engine_rooms*.cpp)
  void start_rooms();
  void stop_rooms();
  RoomIdentity room_identity() const;

  // ---- share thread (engine_shares.cpp)
  EngineResult<void> start_library();
  void stop_library();
  void apply_shares(const ShareConfig& next);
  void on_share_event(const share::ShareEvent& event);
  std::vector<ShareRootStatus> root_statuses();
  ShareProgress share_progress();
  ShareCounts share_counts();
  void shares_tick();
  void refresh_share_part();
  void roots_changed();
  void schedule_share_refresh();  // any thread; coalesced
  void build_announcement(std::uint64_t generation);
  struct AnnounceStream;                                                    // engine_shares.cpp
  void announce_chunk(const std::shared_ptr<AnnounceStream>& stream);       // share thread
  void resume_announcement(const std::shared_ptr<AnnounceStream>& stream);  // engine thread
  const std::optional<share::IndexCounts>& counts_cached();
  const std::optional<std::vector<share::RootCounts>>& root_counts_cached();

  EventSink sink_;
  StatusBoard board_;
  std::atomic<bool> paused_{false};  // the one sharing switch; fanned out by set_sharing_paused
  std::string data_dir_;

  std::mutex threads_mutex_;  // the two loop pointers, for posting vs. stop()
  std::unique_ptr<net::LoopThread> engine_;
  std::unique_ptr<net::LoopThread> shares_;
  // The two loops for code already running on their own threads. stop() takes the owning
  // pointers above away before it drains the threads, so a timer or task that still runs
  // then must not reach the loop through them; these stay valid until the threads are joined.
  net::EventLoop* engine_loop_ = nullptr;
  net::EventLoop* shares_loop_ = nullptr;

  // share thread
  std::unique_ptr<share::SqliteShareIndex> index_;
  ShareConfig share_config_;
  std::unique_ptr<share::ShareLibrary> library_;
  std::unique_ptr<share::SqliteShareReader> share_reader_;
  share::NameEncoder share_names_;
  std::atomic<std::uint64_t> index_changes_{1};  // share events but progress, and library restarts
  std::uint64_t counts_at_ = 0;
  std::optional<share::IndexCounts> counts_;
  std::chrono::steady_clock::time_point counts_due_{};  // no recount before (engine_shares.cpp)
  std::uint64_t root_counts_at_ = 0;
  std::optional<std::vector<share::RootCounts>> root_counts_;
  std::chrono::steady_clock::time_point root_counts_due_{};
  std::uint64_t announced_files_ = UINT64_MAX;
  std::uint64_t announced_bytes_ = UINT64_MAX;
  std::uint64_t seen_files_ = UINT64_MAX;
  std::uint64_t seen_bytes_ = UINT64_MAX;
  std::chrono::steady_clock::time_point last_announce_{};
  net::TimerId shares_timer_ = net::TimerId::None;
  std::atomic<bool> share_refresh_pending_{false};
  std::chrono::steady_clock::time_point last_share_refresh_{};  // shares thread
  std::uint64_t announce_streams_ = 0;                          // the latest announcement; older ones stop

  std::mutex progress_mutex_;  // library threads: latest scan counters and event throttling
  share::ScanProgress scan_progress_;
  std::chrono::steady_clock::time_point last_hash_event_{};
  std::chrono::steady_clock::time_point last_scan_event_{};

  // engine thread
  NetworkSettings network_;
  EngineSettings settings_;  // as last applied (transfers reconfigure from it)
  std::unique_ptr<share::SqliteShareReader> lookup_reader_;
  std::unique_ptr<share::ShareLookup> lookup_;
  std::unique_ptr<net::TransferManager> manager_;
  std::unique_ptr<net::OverlayNode> node_;
  std::uint64_t node_generation_ = 0;   // announcements for an older node are dropped
  std::uint64_t announce_sending_ = 0;  // the newest announcement seen here; older pieces are dropped
  share::NameEncoder names_;
  std::vector<overlay::WsxEntry> saved_hosts_;
  std::optional<overlay::WsxEntry> dial_first_;  // set while connect_now restarts the node
  std::map<std::uint32_t, std::vector<protocol::SearchResult>> results_;
  std::map<std::uint32_t, PeerAnswer> answers_;
  std::uint32_t next_answer_ = 1;
  std::map<transfer::TransferId, TransferProgressRow> pending_progress_;
  std::map<transfer::TransferId, transfer::Direction> directions_;
  std::optional<std::string> port_problem_;
  net::TimerId flush_timer_ = net::TimerId::None;
  net::TimerId engine_timer_ = net::TimerId::None;
  std::unique_ptr<SuspendWatch> suspend_;
  std::unique_ptr<LogindSleepWatch> logind_;  // stopped first in Engine::stop
  std::string logind_bus_;
  std::optional<std::chrono::nanoseconds> asleep_since_;  // boot time at logind's PrepareForSleep(true)
  std::chrono::steady_clock::time_point woke_at_{};
  bool resuming_ = false;
  std::chrono::steady_clock::time_point resume_until_{};  // failed downloads are retried until then
  std::set<transfer::TransferId> retried_after_wake_;
  // The alternate-limit policy reads the engine's wall clock and local hour through this;
  // its verdicts go straight to the transfer manager (all on the engine thread).
  struct AlternateClock final : transfer::AltLimitSchedule::Mediator {
    explicit AlternateClock(Impl& owner) : impl(owner) {}
    transfer::WallTime now() const override;
    transfer::AltLimitSchedule::LocalHour local_hour() const override;
    void changed(bool on, transfer::AltLimitSchedule::ChangeReason reason) override;
    Impl& impl;
  };
  std::unique_ptr<RoomsArea> rooms_;
  AlternateClock alternate_clock_{*this};
  transfer::AltLimitSchedule alternate_{alternate_clock_};
};

template <class T>
void Engine::Impl::on_engine(Completion<T> done, std::function<EngineResult<T>()> task) {
  auto shared = std::make_shared<Completion<T>>(std::move(done));
  if (!post_engine([shared, task = std::move(task)] { (*shared)(task()); }))
    (*shared)(fail(EngineErrc::NotAvailable, "the engine is not running"));
}

template <class T>
void Engine::Impl::on_shares(Completion<T> done, std::function<EngineResult<T>()> task) {
  auto shared = std::make_shared<Completion<T>>(std::move(done));
  if (!post_shares([shared, task = std::move(task)] { (*shared)(task()); }))
    (*shared)(fail(EngineErrc::NotAvailable, "the share library is not running"));
}

}  // namespace wpn::session
