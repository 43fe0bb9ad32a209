#pragma once
// The peer cache on the event loop (protocol.md §3.5): every accepted client gets
// '8', a 0x54 key block and the frontcode node list in one write, unprompted; up to
// 16 bytes it may send are read and ignored, and the connection closes after about
// a second or when the client closes first.

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "net/event_loop.h"
#include "net/listener.h"
#include "net/overlay_connection.h"
#include "overlay/peer_cache.h"

namespace wpn::net {

class CacheServer {
 public:
  // live_hubs, when set, is asked on every accept for hubs with current free slots
  // (a hub in the same process); they are merged over the configured ones.
  using HubSource = std::function<std::vector<protocol::NodeRecord>()>;

  CacheServer(EventLoop& loop, std::vector<protocol::NodeRecord> hubs, Poco::Net::SocketAddress listen,
              HubSource live_hubs = {});
  ~CacheServer();
  CacheServer(const CacheServer&) = delete;
  CacheServer& operator=(const CacheServer&) = delete;

  bool start();  // loop thread
  void stop();
  std::uint16_t port() const noexcept { return port_; }
  std::uint64_t served() const noexcept { return served_; }
  // Lists one more hub (a host-list name that has just resolved).
  void add_hub(const protocol::NodeRecord& hub) { cache_.put_hub(hub); }

 private:
  struct Client {
    Poco::Net::StreamSocket socket;
    std::size_t drained = 0;
    TimerId linger = TimerId::None;
  };
  void on_accept(Poco::Net::StreamSocket socket);
  void on_client_io(int fd);
  void finish(int fd);

  EventLoop& loop_;
  overlay::PeerCache cache_;
  Poco::Net::SocketAddress listen_address_;
  HubSource live_hubs_;
  Listener listener_;
  std::uint16_t port_ = 0;
  bool listening_ = false;
  std::uint64_t served_ = 0;
  SystemRandom random_;
  std::unordered_map<int, Client> clients_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
