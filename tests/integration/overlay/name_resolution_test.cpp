// Host-name lookups run off the engine loop: with a lookup that takes 3 s, the secondary's
// loop keeps its timer cadence and keeps echoing bytes over loopback, the login follows
// the answer, and a node stopped during the lookup is gone at once.
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "net/overlay_node.h"
#include "support/eventually.h"

namespace o = wpn::overlay;
namespace n = wpn::net;
using namespace std::chrono_literals;
using wpn::test::eventually;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto LookupTime = 3s;
constexpr auto TickEvery = 50ms;

// A lookup that takes LookupTime and knows one name; it records when it ran.
struct SlowLookup {
  struct Times {
    std::atomic<bool> started{false};
    std::atomic<bool> returned{false};
    std::atomic<Clock::time_point> start{};
    std::atomic<Clock::time_point> end{};
  };
  std::shared_ptr<Times> times = std::make_shared<Times>();

  n::ResolveFunction function() const {
    return [times = times](const std::string& host, std::uint16_t port) -> n::ResolveResult {
      times->start = Clock::now();
      times->started = true;
      std::this_thread::sleep_for(LookupTime);
      times->end = Clock::now();
      times->returned = true;
      if (host != "slow-hub.test") return tl::unexpected(std::string("unknown name"));
      return Poco::Net::SocketAddress("127.0.0.2", port);
    };
  }
};

struct Node {
  n::LoopThread thread;
  std::unique_ptr<n::OverlayNode> node;

  Node() = default;
  Node(n::OverlaySettings settings, std::vector<o::WsxEntry> hosts) { start(std::move(settings), std::move(hosts)); }
  ~Node() { stop(); }
  void start(n::OverlaySettings settings, std::vector<o::WsxEntry> hosts) {
    bool started = false;
    thread.call([&] {
      node = std::make_unique<n::OverlayNode>(thread.loop(), std::move(settings), std::move(hosts));
      started = node->start();
    });
    BOOST_REQUIRE(started);
  }
  void stop() {
    thread.call([&] { node.reset(); });
  }
  n::OverlayStatus status() {
    n::OverlayStatus s;
    thread.call([&] {
      if (node) s = node->status();
    });
    return s;
  }
};

Node start_hub() {
  n::OverlaySettings settings;
  settings.role = n::OverlayRole::Hub;
  settings.listen_ip = "127.0.0.2";
  settings.hub_port = 0;
  return Node(settings, {});
}

o::WsxEntry hub_entry(std::string address, std::uint16_t port) {
  o::WsxEntry e;
  e.network = "Slow";
  e.type = o::WsxType::WpnHub;
  e.type_text = std::string(o::wsx_type_text(e.type));
  e.address = std::move(address);
  e.port = port;
  return e;
}

// A repeating timer and a TCP echo on a loop: both stop when the loop thread is stuck.
class LoopProbe {
 public:
  explicit LoopProbe(n::LoopThread& thread) : thread_(thread) {
    Poco::Net::ServerSocket server(Poco::Net::SocketAddress("127.0.0.23", 0));
    client_.connect(server.address());
    served_ = server.acceptConnection();
    served_.setBlocking(false);
    thread_.call([&] {
      tick();
      const int fd = static_cast<int>(served_.impl()->sockfd());
      thread_.loop().watch(fd, true, false, [fd](n::IoReady) {
        char buffer[64];
        const auto got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got > 0) (void)::send(fd, buffer, static_cast<std::size_t>(got), MSG_NOSIGNAL);
      });
    });
  }
  ~LoopProbe() {
    thread_.call([&] {
      thread_.loop().cancel_timer(timer_);
      thread_.loop().unwatch(static_cast<int>(served_.impl()->sockfd()));
    });
  }

  // One byte there and back; the round trip, or a second when no answer came.
  Clock::duration echo() {
    const auto sent = Clock::now();
    client_.sendBytes("x", 1);
    pollfd p{static_cast<int>(client_.impl()->sockfd()), POLLIN, 0};
    if (::poll(&p, 1, 1000) != 1) return 1s;
    char byte = 0;
    client_.receiveBytes(&byte, 1);
    return Clock::now() - sent;
  }

  // The longest gap between two ticks inside [from, to].
  Clock::duration longest_gap(Clock::time_point from, Clock::time_point to) {
    std::lock_guard lock(mutex_);
    Clock::duration longest{};
    Clock::time_point previous = from;
    for (const auto t : ticks_) {
      if (t < from) continue;
      if (t > to) break;
      longest = std::max(longest, t - previous);
      previous = t;
    }
    return std::max(longest, to - previous);
  }

 private:
  void tick() {
    {
      std::lock_guard lock(mutex_);
      ticks_.push_back(Clock::now());
    }
    timer_ = thread_.loop().add_timer(TickEvery, [this] { tick(); });
  }

  n::LoopThread& thread_;
  Poco::Net::StreamSocket client_;
  Poco::Net::StreamSocket served_;
  n::TimerId timer_ = n::TimerId::None;
  std::mutex mutex_;
  std::vector<Clock::time_point> ticks_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(name_resolution)

BOOST_AUTO_TEST_CASE(a_slow_lookup_stalls_neither_timers_nor_traffic_and_the_login_follows_it) {
  auto hub = start_hub();
  const auto hub_port = hub.status().port;
  BOOST_REQUIRE(hub_port != 0);
  SlowLookup lookup;
  n::OverlaySettings settings;
  settings.bind_ip = "127.0.0.21";
  settings.resolve = lookup.function();
  // The secondary's loop exists first, so the probe watches it from the start.
  Node secondary;
  LoopProbe probe(secondary.thread);
  secondary.start(settings, {hub_entry("slow-hub.test", hub_port)});
  BOOST_REQUIRE(eventually([&] { return lookup.times->started.load(); }, 5s));

  int echoes = 0;
  Clock::duration slowest_echo{};
  while (!lookup.times->returned) {
    slowest_echo = std::max(slowest_echo, probe.echo());
    ++echoes;
    std::this_thread::sleep_for(20ms);  // pacing of the probe, not a wait for an outcome
  }
  const auto gap = probe.longest_gap(lookup.times->start.load(), lookup.times->end.load());
  const auto ms = [](Clock::duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  BOOST_TEST_MESSAGE("during the 3 s lookup: " << echoes << " echoes, slowest " << ms(slowest_echo)
                                               << " ms; longest timer gap " << ms(gap) << " ms");
  BOOST_TEST(echoes >= 50);
  BOOST_TEST(ms(slowest_echo) < 250);
  BOOST_TEST(ms(gap) < 250);

  BOOST_REQUIRE(eventually([&] { return secondary.status().logged_in; }, 10s));
  BOOST_TEST(secondary.status().parent->host == "slow-hub.test");
  BOOST_TEST(hub.status().users == 1u);
}

BOOST_AUTO_TEST_CASE(a_node_stopped_during_a_lookup_stops_at_once_and_never_connects) {
  auto hub = start_hub();
  const auto hub_port = hub.status().port;
  SlowLookup lookup;
  n::OverlaySettings settings;
  settings.bind_ip = "127.0.0.22";
  settings.resolve = lookup.function();
  Node secondary(settings, {hub_entry("slow-hub.test", hub_port)});
  BOOST_REQUIRE(eventually([&] { return lookup.times->started.load(); }, 5s));
  const auto before = Clock::now();
  secondary.stop();
  BOOST_TEST((Clock::now() - before < 200ms));
  BOOST_REQUIRE(eventually([&] { return lookup.times->returned.load(); }, 10s));
  // The answer arrives to nobody: the loop runs on and the hub never sees a login.
  BOOST_TEST(!secondary.status().running);
  BOOST_TEST(wpn::test::holds_for([&] { return hub.status().users == 0u; }, 500ms));
}

BOOST_AUTO_TEST_SUITE_END()
