#pragma once
// The primary hub on the event loop: a listening socket whose accepted connections
// run the handshake (answering 0x52 only) and feed overlay::Hub; the hub's actions
// are carried out here, and a one-second timer drives its node lists and timeouts.
// With config.mesh set it also listens for OpenWPN hub links (docs/hub-link.md) on
// config.link_port and dials the hubs its mesh asks for; it never speaks the WinMX
// primary protocol (protocol.md §11.5). Frames the hub
// skips as undecodable are hex-traced, rate limited per message type (SkippedFrameTrace).

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <Poco/Net/SocketAddress.h>

#include "net/cache_client.h"
#include "net/event_loop.h"
#include "net/listener.h"
#include "net/overlay_connection.h"
#include "net/skipped_frame_trace.h"
#include "overlay/hub.h"

namespace wpn::net {

class HubServer {
 public:
  // listen: address and port (0 = ephemeral) to accept on. config.tcp_port is
  // replaced by the bound port; config.ip should be the advertised address.
  HubServer(EventLoop& loop, overlay::HubConfig config, Poco::Net::SocketAddress listen);
  ~HubServer();
  HubServer(const HubServer&) = delete;
  HubServer& operator=(const HubServer&) = delete;

  // Loop thread only. False when the address cannot be bound.
  bool start();
  void stop();

  // A WPN session the data port accepted (DataPortListener's KeyBlockHandler shape):
  // the socket was greeted with '1' and `already_read` holds the bytes read so far.
  void adopt(Poco::Net::StreamSocket socket, std::vector<std::uint8_t> already_read);

  // Registers with the peer cache now and every `interval` after (docs/hub-link.md §6);
  // the interval is shared by all caches (the last one given wins).
  void announce_to(const Poco::Net::SocketAddress& cache,
                   std::chrono::milliseconds interval = std::chrono::seconds(60));
  // A hub to link with, heard of outside the mesh (a resolved neighbour name).
  void learn_hub(const protocol::HubEndpoint& hub);

  std::uint16_t port() const noexcept { return port_; }
  std::uint16_t link_port() const noexcept { return link_port_; }
  bool running() const noexcept { return listening_; }
  // Connections that say 0x50 on the hub port (room hosts' primary-client links, chat.md
  // §9.2) go here from now on; without a handler they are refused.
  void on_primary_client(std::function<void(Poco::Net::StreamSocket)> handler) {
    primary_client_handler_ = std::move(handler);
  }
  // Loop thread only.
  const overlay::Hub* hub() const noexcept { return hub_ ? &*hub_ : nullptr; }
  overlay::Hub* hub() noexcept { return hub_ ? &*hub_ : nullptr; }
  // Frames skipped as undecodable over all secondaries since start (loop thread only).
  std::uint64_t skipped_frames() const noexcept { return hub_ ? hub_->skipped_frames() : 0; }

 private:
  void on_accept(Poco::Net::StreamSocket socket);
  void on_link_accept(Poco::Net::StreamSocket socket);
  void dial(const protocol::HubEndpoint& hub);
  OverlayConnection::Handlers handlers_for(overlay::ConnId id);
  OverlayConnection::Handlers link_handlers_for(overlay::ConnId id, std::optional<protocol::NodeHandle> dialled);
  void apply(std::vector<overlay::HubAction> actions);
  void on_closed(overlay::ConnId id);
  void trace_refused(const overlay::TraceLinkDrop& refused);
  void tick();
  void register_with(const Poco::Net::SocketAddress& cache);
  void register_with_caches();
  void retry_registration(const Poco::Net::SocketAddress& cache);
  std::string source_address() const;

  EventLoop& loop_;
  overlay::HubConfig config_;
  Poco::Net::SocketAddress listen_address_;
  Listener listener_;
  std::uint16_t port_ = 0;
  Listener link_listener_;
  std::uint16_t link_port_ = 0;
  bool listening_ = false;
  std::function<void(Poco::Net::StreamSocket)> primary_client_handler_;
  SystemRandom random_;
  SkippedFrameTrace trace_;
  std::map<std::string, std::pair<overlay::Millis, int>> refusal_lines_;  // reason -> (window start, lines)
  std::optional<overlay::Hub> hub_;
  std::unordered_map<overlay::ConnId, std::shared_ptr<OverlayConnection>> connections_;
  overlay::ConnId next_id_ = 1;
  TimerId tick_timer_ = TimerId::None;
  std::vector<Poco::Net::SocketAddress> caches_;
  std::chrono::milliseconds registration_interval_{60000};
  TimerId registration_timer_ = TimerId::None;
  std::size_t links_reported_ = 0;  // established links at the last registration
  std::vector<std::shared_ptr<CacheClient>> registrations_;
  // cache -> failed registrations in a row; one retry at a time per cache.
  std::map<std::string, int> registration_failures_;
  std::set<std::string> registration_retries_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
