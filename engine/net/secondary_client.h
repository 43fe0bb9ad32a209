#pragma once
// A secondary node on the event loop: finds a parent through the BootstrapPlanner
// (stored 0x03A1 list, configured hubs, peer caches), runs overlay::SecondarySession
// on the encrypted connection, and reconnects with backoff when the parent goes away.
// Everything, requests included, runs on the loop thread.
//
// Transfer hooks: send_transfer() is what a TransferManager's packet sender calls
// for the 0x1F41/4A/54/5E/68 it emits; decoded primary->secondary 0x1Fxx notices go
// to the notice handler (logged and dropped when none is set).
//
// Frames the session skips (overlay/skipped_frame.h) are hex-traced in the log, rate
// limited per message type (SkippedFrameTrace); the connection stays.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/cache_client.h"
#include "net/event_loop.h"
#include "net/overlay_connection.h"
#include "net/resolver.h"
#include "net/skipped_frame_trace.h"
#include "overlay/bootstrap.h"
#include "overlay/secondary_session.h"

namespace wpn::net {

struct SecondaryClientConfig {
  overlay::SecondaryConfig session;
  std::vector<overlay::Endpoint> caches;  // empty by default: nothing is contacted unasked
  std::vector<overlay::Endpoint> hubs;
  std::string bind_ip;  // local source address; empty = any
  overlay::BackoffPolicy backoff;
  ResolveFunction resolve;  // host names; empty: the system's resolver (on its own thread)
};

class SecondaryClient {
 public:
  using EventHandler = std::function<void(const overlay::SecondaryEvent&)>;
  using NoticeHandler = std::function<void(const protocol::TransferNoticeMessage&)>;

  SecondaryClient(EventLoop& loop, SecondaryClientConfig config, overlay::SecondarySession::StatusSource status);
  ~SecondaryClient();
  SecondaryClient(const SecondaryClient&) = delete;
  SecondaryClient& operator=(const SecondaryClient&) = delete;

  void start();
  void stop();
  void set_event_handler(EventHandler handler) { on_event_ = std::move(handler); }
  void set_notice_handler(NoticeHandler handler) { on_notice_ = std::move(handler); }

  // The whole share list as 0x0FA3 payloads; re-announced at once when logged in.
  void set_shares(std::vector<protocol::Bytes> payloads);
  void status_changed();

  std::uint32_t search(std::string_view words, protocol::FileType type = protocol::FileType::Any);
  std::uint32_t search_hash(const protocol::ContentHash& hash);
  bool browse(const protocol::NodeHandle& handle, std::string_view name);
  bool whois(const protocol::NodeHandle& handle, std::string_view name);
  bool send_pm(const protocol::NodeHandle& handle, std::string_view name, std::string_view text);
  bool send_transfer(const protocol::TransferRequestMessage& message);
  bool request_rooms();  // 0x238D; answers arrive as RoomListEntry events

  bool logged_in() const noexcept;
  std::string full_name() const;
  // The parent's handle (from its 0x03A1 record 0), once known.
  std::optional<protocol::NodeHandle> parent_handle() const;
  std::optional<overlay::Endpoint> parent() const { return parent_; }
  std::uint64_t logins() const noexcept { return logins_; }
  const std::vector<protocol::SearchResult>* results(std::uint32_t search_id) const;
  // Frames the current parent session skipped as undecodable (0 without a session).
  std::uint64_t skipped_frames() const noexcept { return session_ ? session_->skipped_frames() : 0; }

 private:
  void try_next();
  void schedule_next(overlay::Millis delay);
  void connect_hub(const overlay::BootstrapTarget& target);
  // Resolves off the loop, then connects; a name that does not resolve is skipped.
  void resolve_then(const overlay::Endpoint& endpoint, const char* what,
                    std::function<void(const Poco::Net::SocketAddress&)> connect);
  void on_closed(const std::string& reason);
  void flush();
  void tick();

  EventLoop& loop_;
  SecondaryClientConfig config_;
  overlay::SecondarySession::StatusSource status_;
  overlay::BootstrapPlanner planner_;
  SystemRandom random_;
  Resolver resolver_;
  ResolveId resolving_ = ResolveId::None;
  std::vector<protocol::Bytes> shares_;
  std::shared_ptr<OverlayConnection> conn_;
  std::shared_ptr<CacheClient> cache_fetch_;
  std::unique_ptr<overlay::SecondarySession> session_;
  std::optional<overlay::Endpoint> parent_;
  std::optional<protocol::NodeHandle> parent_handle_;
  EventHandler on_event_;
  NoticeHandler on_notice_;
  SkippedFrameTrace trace_;
  bool running_ = false;
  std::uint64_t logins_ = 0;
  TimerId retry_timer_ = TimerId::None;
  TimerId tick_timer_ = TimerId::None;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
