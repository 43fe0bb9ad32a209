#pragma once
// The one facade over transfers for the service and the overlay (issue 4). It lives
// on an EventLoop and owns the data port listener, the upload and download state
// machines (engine/transfer), their data connections (sendfile for uploads, the
// incomplete folder for downloads), the bandwidth limiter and the saved queue.
// Every method is for the loop thread (LoopThread::call from elsewhere).
//
// The overlay connects it to the network: set_packet_sender gets the 0x1F41/4A/54/
// 5E/68 the machines emit (to be sent to our primary), on_transfer_notice takes the
// decoded 0x1FA4/AE/B8/C2/CC/D6, set_source_finder gets FindSources, and
// set_key_block_handler receives WPN sessions arriving on the data port.
//
// A requested name is looked up in the share index (SQLite) off the loop when an off-loop
// runner is set (the engine runs it on the share library's reader thread): the request
// waits, its connection still timed and closable, until the answer is posted back.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <Poco/Net/StreamSocket.h>

#include "net/connection_guard.h"
#include "net/data_port_listener.h"
#include "net/download_storage.h"
#include "net/download_verifier.h"
#include "net/event_loop.h"
#include "net/transfer_settings.h"
#include "net/transfer_snapshot.h"
#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"
#include "share/share_lookup.h"
#include "transfer/ban_list.h"
#include "transfer/bandwidth_limiter.h"
#include "transfer/downloader.h"
#include "transfer/queue_store.h"
#include "transfer/transfer_events.h"
#include "transfer/uploader.h"

namespace wpn::net {

struct DataConnection;

class TransferManager final : private transfer::Uploader::Mediator, private transfer::Downloader::Mediator {
 public:
  using PacketSender = std::function<void(const protocol::TransferRequestMessage&)>;
  using SourceFinder = std::function<void(const protocol::FileKey&)>;
  using EventSink = std::function<void(const transfer::TransferEvent&)>;

  // `lookup` resolves announced names to local files (may be null: nothing is shared).
  TransferManager(EventLoop& loop, TransferSettings settings, const share::ShareLookup* lookup);
  ~TransferManager() override;
  TransferManager(const TransferManager&) = delete;
  TransferManager& operator=(const TransferManager&) = delete;

  // Opens the listener, restores the saved queue and the partial downloads.
  std::optional<std::string> start();
  void stop();
  // Applies new settings; slots in use, queue and transfers are kept.
  std::optional<std::string> reconfigure(TransferSettings settings);
  const TransferSettings& settings() const noexcept { return settings_; }
  // The network identity (full name, handle, advertised address), set at each login; once
  // started, each call is a login and downloads ask their sources again under it.
  void set_identity(TransferIdentity identity);
  const TransferIdentity& identity() const noexcept { return identity_; }
  bool alternate() const noexcept { return alternate_; }
  std::uint16_t data_port() const noexcept { return listener_.port(); }
  void set_share_lookup(const share::ShareLookup* lookup) { lookup_ = lookup; }
  // Runs `query` on another thread, then `answer` on this loop (never inline). Once set, the
  // share lookup is used only through it; unset, names are looked up on the loop.
  using OffLoopRunner = std::function<void(std::function<void()> query, std::function<void()> answer)>;
  void set_off_loop_runner(OffLoopRunner runner) { runner_ = std::move(runner); }

  // Overlay side.
  void set_packet_sender(PacketSender sender) { packet_sender_ = std::move(sender); }
  void on_transfer_notice(const protocol::TransferNoticeMessage& notice);
  void set_source_finder(SourceFinder finder) { source_finder_ = std::move(finder); }
  void set_key_block_handler(DataPortListener::KeyBlockHandler handler);

  // User side.
  std::optional<transfer::TransferId> add_download(const protocol::FileKey& key, const std::string& name,
                                                   const std::vector<protocol::TransferAddress>& sources);
  void add_source(const protocol::FileKey& key, const protocol::TransferAddress& source);
  bool cancel(transfer::TransferId id);
  // Downloads in an error state (disk full, partial vanished) start again from the sidecar,
  // under the same id. They also do by themselves, after a growing pause (LocalRetryDelays).
  bool retry(transfer::TransferId id);
  // Cancels and forgets; a download's partial files are deleted.
  bool remove(transfer::TransferId id);
  // Moves a waiting upload to a 1-based queue position; false when it is not queued.
  bool move_queued(transfer::TransferId id, std::uint32_t position);
  // The owner's bans (kept in the queue store across restarts); a ban takes the user's
  // queued and granted-but-unused requests out at once. Rules come from make_ban_rule.
  void ban(transfer::BanRule rule);
  bool unban(const std::string& name, bool by_base_name = false);
  std::vector<transfer::BanRule> bans() const;  // the owner's rules still in force
  // The owner's and the configured bans, now: also for search answers.
  bool is_banned(std::string_view full_name) const;
  void set_slots(std::uint32_t slots);
  void set_alternate(bool on);

  TransferSnapshot snapshot(SnapshotView view, std::size_t offset = 0, std::size_t limit = SIZE_MAX) const;
  std::optional<TransferRow> row(transfer::TransferId id) const;
  // What snapshots report as their revision, without building one.
  std::uint64_t revision() const noexcept { return revision_; }
  TransferCounts counts() const;
  void set_event_sink(EventSink sink) { event_sink_ = std::move(sink); }
  std::size_t connection_count() const noexcept { return connections_.size(); }
  std::size_t pending_count() const noexcept { return listener_.pending(); }

 private:
  enum class Machine { Upload, Download };
  struct Row {
    TransferRow row;
    std::chrono::steady_clock::time_point rate_at{};
    std::uint64_t rate_done = 0;
    std::chrono::steady_clock::time_point event_at{};
  };

  // Mediators.
  std::optional<transfer::Uploader::SharedFile> find_shared(std::string_view file) const override;
  std::string own_name() const override { return identity_.own_name; }
  std::string group_of(const transfer::Peer& peer) const override;
  bool upload_bandwidth_available() const override;
  bool is_banned(const transfer::Peer& peer) const override { return is_banned(peer.name); }

  // transfer_manager.cpp: actions and bookkeeping
  void apply(Machine machine, transfer::Actions actions);
  void apply_one(Machine machine, transfer::Action& action);
  void arm(Machine machine, transfer::TimePoint deadline);
  void on_tick(Machine machine);
  void publish(const transfer::TransferEvent& event);
  void fail_download(transfer::TransferId id, const protocol::FileKey& key, const std::string& error);

  // transfer_manager_verify.cpp: complete downloads are checked off the loop
  void verify_off_loop(const protocol::FileKey& key);
  void on_verified(const protocol::FileKey& key, DownloadVerifier::Verdict verified, const std::string& moved_to);
  void on_finished(const protocol::FileKey& key);
  void resume_verifications();

  // transfer_manager_retry.cpp: downloads stopped by a local error try again by themselves
  void schedule_local_retry(transfer::TransferId id);
  void arm_local_retry();
  void on_local_retry();
  void forget_local_retry(transfer::TransferId id);
  void save_queue();
  void restore_bans();
  void configure_bans();
  void save_bans();
  void refresh_queue_positions();
  void restore();
  transfer::TimePoint now() const { return loop_.now(); }
  static transfer::WallTime wall_now();
  transfer::RateLimits active_limits() const;
  transfer::UploadSettings active_upload_settings() const;
  std::optional<transfer::TransferId> download_id(const protocol::FileKey& key) const;
  void remember_download(const protocol::FileKey& key);

  // transfer_manager_lookup.cpp: share lookups off the loop
  using Step = std::function<void()>;
  using LookupResult = tl::expected<share::ResolvedFile, share::LookupError>;
  // Runs `step` once `file` has a fresh answer; steps of one connection keep their order.
  void when_looked_up(transfer::ConnectionId id, const std::string& file, Step step);
  void when_looked_up(const std::string& file, Step step);
  // Runs `step` after the connection's waiting steps (now when none wait).
  void after_waiting_steps(transfer::ConnectionId id, Step step);
  bool needs_lookup(const std::string& file) const;
  void look_up(const std::string& file, Step then);
  void on_looked_up(const std::string& file, LookupResult result);
  void release_steps(transfer::ConnectionId id);
  // The fresh answer for `file`; looked up here only while no query runs off the loop.
  LookupResult resolve_now(const std::string& file) const;

  // transfer_manager_io.cpp: data connections
  void on_request(AcceptedRequest request);
  DataConnection& add_connection(transfer::ConnectionId id, Poco::Net::StreamSocket socket, std::string peer_ip);
  void connect(const transfer::Connect& action, Machine machine);
  void on_io(transfer::ConnectionId id, IoReady ready);
  void on_connect_done(DataConnection& c);
  void read_input(DataConnection& c);
  void process_input(DataConnection& c, protocol::ByteView input);
  void feed_get(DataConnection& c, protocol::ByteView input);
  void feed_size_reply(DataConnection& c, protocol::ByteView& input);
  void feed_send_request(DataConnection& c, protocol::ByteView& input);
  void feed_send_reply(DataConnection& c, protocol::ByteView input);
  void receive(DataConnection& c, protocol::ByteView input);
  void on_silence(transfer::ConnectionId id);
  void write_output(DataConnection& c);
  void throttle_upload(DataConnection& c);
  void update_interest(DataConnection& c);
  void refuse(DataConnection& c, const std::string& why);
  void lost(transfer::ConnectionId id, const std::string& why, transfer::LossReason reason);
  void close_connection(transfer::ConnectionId id, bool flush);
  void destroy(transfer::ConnectionId id);
  DataConnection* connection(transfer::ConnectionId id);
  void set_phase_timer(DataConnection& c, std::chrono::milliseconds delay, const std::string& why);
  protocol::FileKey key_of_connection(transfer::ConnectionId id) const;

  EventLoop& loop_;
  TransferSettings settings_;
  TransferIdentity identity_;
  bool alternate_ = false;  // the alternate limits and slots are in force
  const share::ShareLookup* lookup_;
  ConnectionGuard guard_;
  DataPortListener listener_;
  DownloadStorage storage_;
  transfer::TransferIds ids_;
  transfer::Uploader uploader_;
  transfer::Downloader downloader_;
  mutable transfer::BandwidthLimiter limiter_;  // the policy asks for capacity through a const mediator
  std::optional<transfer::QueueStore> queue_store_;
  transfer::BanList bans_;             // the owner's, saved in the queue store
  transfer::BanList configured_bans_;  // from settings_.banned, permanent
  std::map<transfer::ConnectionId, std::unique_ptr<DataConnection>> connections_;
  transfer::ConnectionId next_connection_ = 1;
  std::map<transfer::ConnectionId, Machine> outbound_;  // connections the machines opened
  TimerId upload_timer_ = TimerId::None;
  TimerId download_timer_ = TimerId::None;
  std::map<transfer::TransferId, Row> rows_;
  std::map<transfer::TransferId, protocol::FileKey> download_keys_;
  std::map<transfer::TransferId, std::string> download_errors_;
  // What a failed download needs to start again when its sidecar never reached the disk
  // (full before the first write).
  std::map<transfer::TransferId, transfer::PartialMeta> failed_meta_;
  std::map<transfer::TransferId, std::uint32_t> local_failures_;        // in a row, for the back-off
  std::map<transfer::TransferId, transfer::TimePoint> local_retry_at_;  // failed downloads' next try
  TimerId local_retry_timer_ = TimerId::None;
  std::uint64_t revision_ = 1;
  bool started_ = false;
  bool queue_dirty_ = false;
  bool positions_stale_ = false;
  PacketSender packet_sender_;
  SourceFinder source_finder_;
  EventSink event_sink_;
  OffLoopRunner runner_;
  struct CachedLookup {
    LookupResult result;
    transfer::TimePoint at;
  };
  mutable std::map<std::string, CachedLookup> looked_up_;     // recent answers, by requested name
  std::map<std::string, std::vector<Step>> lookups_running_;  // names asked off the loop, their waiters
  std::map<transfer::ConnectionId, std::vector<Step>> held_;  // connection steps waiting for a lookup
  // Destroyed before the members its verdicts touch (verdicts posted later find it gone).
  DownloadVerifier verifier_{
      loop_, [this](const protocol::FileKey& key, DownloadVerifier::Verdict verified, const std::string& moved_to) {
        on_verified(key, std::move(verified), moved_to);
      }};
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // answers posted back check it
};

}  // namespace wpn::net
