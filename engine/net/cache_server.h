#pragma once
// The peer cache on the event loop (protocol.md §3.5): every accepted client gets
// '8', a 0x54 key block and the frontcode node list in one write, unprompted, listing
// the 10 best live hubs. Up to 21 bytes a client sends are read: a hub's "OWR1"
// registration (docs/hub-link.md §6) records it, and an "OWQ1" right after it is
// answered with link candidates (§6.1), and an "OWP1" report of its link peers has
// each named hub checked (§6.2: dialled on its link port, its Hello read, closed);
// anything else is ignored. The
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
  // Reported link peers checked, and those that answered as reported (then listed).
  std::uint64_t checks() const noexcept { return checks_; }
  std::uint64_t checks_passed() const noexcept { return checks_passed_; }
  std::size_t running_checks() const noexcept { return running_checks_.size(); }
  // Loop thread only: the hubs a client would be given now (after ageing).
  std::vector<protocol::NodeRecord> hubs();
  // Lists one more hub (a host-list name that has just resolved).
  void add_hub(const protocol::NodeRecord& hub) { cache_.put_hub(hub); }

 private:
  struct Client {
    Poco::Net::StreamSocket socket;
    protocol::Ip4 source{};
    protocol::Bytes received;  // up to a registration, "OWQ1" and a link report
    TimerId linger = TimerId::None;
    std::optional<protocol::NodeHandle> registered;  // the hub this client registered
    std::size_t parsed = 0;                          // bytes of `received` handled
  };
  struct Check {
    protocol::HubEndpoint reported;
    std::shared_ptr<OverlayConnection> connection;
    TimerId timeout = TimerId::None;
    std::optional<protocol::HubEndpoint> hello;
  };
  void on_accept(Poco::Net::StreamSocket socket);
  void on_client_io(int fd);
  void finish(int fd);
  std::optional<protocol::NodeHandle> registered(const Client& client);
  void answer_candidates(int fd, const Client& client);
  // After a registration: "OWQ1" and "OWP1" as they arrive; true once nothing more is read.
  bool read_requests(int fd, Client& client);
  void check_reported(const protocol::NodeHandle& reporter, const protocol::LinkReport& report);
  void start_check(const protocol::HubEndpoint& hub);
  void end_check(std::uint64_t id, const std::string& why);

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
  std::uint64_t checks_ = 0;
  std::uint64_t checks_passed_ = 0;
  std::unordered_map<std::uint64_t, Check> running_checks_;
  std::uint64_t next_check_ = 1;
  SystemRandom random_;
  std::unordered_map<int, Client> clients_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
