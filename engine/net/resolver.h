#pragma once
// Host names resolved off the event loop. A lookup blocks for as long as the DNS server
// takes, so it runs on the resolver's own thread and the answer is posted back to the loop:
// one slow name stalls no transfer. Dotted addresses are answered without the thread, which
// starts with the first real name. The lookup function can be replaced (tests use a slow one).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>

#include <Poco/Net/SocketAddress.h>
#include <tl/expected.hpp>

#include "net/event_loop.h"

namespace wpn::net {

// The address, or why there is none.
using ResolveResult = tl::expected<Poco::Net::SocketAddress, std::string>;
// Blocking; runs on the resolver's thread.
using ResolveFunction = std::function<ResolveResult(const std::string& host, std::uint16_t port)>;

// The system's resolver (getaddrinfo through POCO; an IPv4 address when there is one).
ResolveResult resolve_with_system(const std::string& host, std::uint16_t port);

enum class ResolveId : std::uint64_t { None = 0 };

class Resolver {
 public:
  using Done = std::function<void(ResolveResult)>;

  // lookup empty: resolve_with_system.
  explicit Resolver(EventLoop& loop, ResolveFunction lookup = {});
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Loop thread. done runs later on the loop thread (never inside this call), unless the
  // request is cancelled or the resolver stopped first.
  ResolveId resolve(const std::string& host, std::uint16_t port, Done done);
  // Loop thread. Unknown or finished ids are ignored.
  void cancel(ResolveId id);
  // Loop thread. Drops every request without calling back and never waits for a lookup in
  // progress: that one ends on its own thread, and its answer goes nowhere.
  void stop();

  std::size_t pending() const noexcept;

 private:
  struct Worker;     // the queue the thread takes lookups from; shared with the thread
  struct Callbacks;  // the loop side: id -> done; the posted answers find it through a weak_ptr
  static void post_answer(EventLoop& loop, const std::weak_ptr<Callbacks>& callbacks, std::uint64_t id,
                          ResolveResult result);

  EventLoop& loop_;
  ResolveFunction lookup_;
  std::shared_ptr<Worker> worker_;
  std::shared_ptr<Callbacks> callbacks_;
  std::thread thread_;
  std::uint64_t next_id_ = 1;
};

}  // namespace wpn::net
