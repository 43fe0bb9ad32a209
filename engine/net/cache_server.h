#pragma once
// The peer cache on the event loop (protocol.md §3.5): every accepted client gets
// '8', a 0x54 key block and the frontcode node list in one write, unprompted, listing
// the 10 best live hubs. Up to 21 bytes a client sends are read: a hub's "OWR1"
// registration (docs/hub-link.md §6) records it, and an "OWQ1" right after it is
// answered with link candidates (§6.1); anything else is ignored. The
// connection closes after about a second or when the client closes first. Registered
// hubs that stop reporting are aged out (PeerCacheConfig::max_age).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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
              HubSource live_hubs = {}, overlay::PeerCacheConfig config = {});
  ~CacheServer();
  CacheServer(const CacheServer&) = delete;
  CacheServer& operator=(const CacheServer&) = delete;

  bool start();  // loop thread
  // Serves the same list on one more address (WinMX clients try 7950-7952); after start().
  bool listen_also(const Poco::Net::SocketAddress& address);
  void stop();
  std::uint16_t port() const noexcept { return port_; }
  std::uint64_t served() const noexcept { return served_; }
  std::uint64_t registrations() const noexcept { return registrations_; }
  std::uint64_t candidate_answers() const noexcept { return candidate_answers_; }
  // Loop thread only: the hubs a client would be given now (after ageing).
  std::vector<protocol::NodeRecord> hubs();
  // Lists one more hub (a host-list name that has just resolved).
  void add_hub(const protocol::NodeRecord& hub) { cache_.put_hub(hub); }

 private:
  struct Client {
    Poco::Net::StreamSocket socket;
    protocol::Ip4 source{};
    protocol::Bytes received;  // up to one registration
    TimerId linger = TimerId::None;
    std::optional<protocol::NodeHandle> registered;  // the hub this client registered
  };
  void on_accept(Poco::Net::StreamSocket socket);
  void on_client_io(int fd);
  void finish(int fd);
  std::optional<protocol::NodeHandle> registered(const Client& client);
  void answer_candidates(int fd, const Client& client);

  EventLoop& loop_;
  overlay::PeerCache cache_;
  Poco::Net::SocketAddress listen_address_;
  HubSource live_hubs_;
  Listener listener_;
  std::vector<std::unique_ptr<Listener>> more_listeners_;
  std::uint16_t port_ = 0;
  bool listening_ = false;
  std::uint64_t served_ = 0;
  std::uint64_t registrations_ = 0;
  std::uint64_t candidate_answers_ = 0;
  SystemRandom random_;
  std::unordered_map<int, Client> clients_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
