// The shared accept path under descriptor exhaustion, on real loopback sockets. The limit
// (RLIMIT_NOFILE) is per process, so every exhaustion scenario runs in a forked child that
// reports its measurements through a pipe; the checks run here, in the test process.
#include "net/listener.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "net/cache_server.h"
#include "net/connection_guard.h"
#include "net/data_port_listener.h"
#include "net/event_loop.h"
#include "net/hub_server.h"
#include "support/eventually.h"

namespace n = wpn::net;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// What a child saw; plain data, written to the pipe as bytes.
struct Outcome {
  int setup_error = 0;         // non-zero: the scenario could not be set up (see Setup below)
  double cpu_share = 1.0;      // process CPU time / wall time while descriptors were exhausted
  int greeted_while_full = 0;  // waiting clients that got a first byte meanwhile (0: none accepted)
  int waiting_served = 0;      // of them, served once descriptors were free again
  int fresh_served = 0;        // 1: a client that came afterwards was served too
  long long recovery_ms = 0;   // from freeing the descriptors to the last waiting client served
};

enum Setup { Ok = 0, NoPort = 1, FillFailed = 2, ConnectFailed = 3, Crashed = 4 };

// The sanitizer runtime needs descriptors of its own (its vptr check probes memory through a
// pipe) and aborts when there are none, so exhaustion is only tested without it.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool Sanitized = true;
#else
constexpr bool Sanitized = false;
#endif
#elif defined(__SANITIZE_ADDRESS__)
constexpr bool Sanitized = true;
#else
constexpr bool Sanitized = false;
#endif

boost::test_tools::assertion_result unsanitized(boost::unit_test::test_unit_id) {
  boost::test_tools::assertion_result result(!Sanitized);
  result.message() << "the sanitizer runtime cannot run out of descriptors";
  return result;
}

constexpr int WaitingClients = 4;

// A running server on the loop; destroyed on the loop thread.
struct Started {
  std::shared_ptr<void> server;
  std::uint16_t port = 0;
};
using StartServer = std::function<Started(n::EventLoop&)>;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool connect_to(int fd, const char* ip, std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  inet_pton(AF_INET, ip, &address.sin_addr);
  return ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

// The first byte the server sends, or -1 when nothing comes within the timeout.
int first_byte(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1) return -1;
  unsigned char byte = 0;
  return ::recv(fd, &byte, 1, MSG_PEEK) == 1 ? byte : -1;
}

Outcome exhaust_and_recover(const StartServer& start, const char* ip, int greeting) {
  Outcome out;
  n::LoopThread thread;
  Started started;
  thread.call([&] { started = start(thread.loop()); });
  if (started.port == 0) {
    out.setup_error = NoPort;
    return out;
  }
  // The clients' sockets exist before the table is full: connect(2) needs no new descriptor.
  std::vector<int> clients;
  for (int i = 0; i < WaitingClients; ++i) clients.push_back(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  rlimit original{};
  getrlimit(RLIMIT_NOFILE, &original);
  rlimit lowered = original;
  lowered.rlim_cur = std::min<rlim_t>(original.rlim_cur, 256);
  setrlimit(RLIMIT_NOFILE, &lowered);
  std::vector<int> fillers;
  for (;;) {
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) break;
    fillers.push_back(fd);
  }
  if (errno != EMFILE) out.setup_error = FillFailed;
  for (int fd : clients) {
    if (!connect_to(fd, ip, started.port)) out.setup_error = ConnectFailed;
  }

  // Exhausted, with connections waiting in the backlog: the listener must not spin.
  const auto wall_start = Clock::now();
  const double cpu_start = cpu_seconds();
  std::this_thread::sleep_for(1s);  // the measurement window, not a wait for an outcome
  const double cpu = cpu_seconds() - cpu_start;
  const double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
  out.cpu_share = cpu / wall;
  for (int fd : clients) out.greeted_while_full += first_byte(fd, 0ms) >= 0 ? 1 : 0;

  for (int fd : fillers) ::close(fd);
  setrlimit(RLIMIT_NOFILE, &original);
  const auto freed = Clock::now();
  for (int fd : clients) out.waiting_served += first_byte(fd, 5s) == greeting ? 1 : 0;
  out.recovery_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - freed).count();
  const int fresh = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (connect_to(fresh, ip, started.port) && first_byte(fresh, 5s) == greeting) out.fresh_served = 1;
  ::close(fresh);
  for (int fd : clients) ::close(fd);
  thread.call([&] { started.server.reset(); });
  return out;
}

// Runs the scenario in a child process and returns what it measured.
Outcome in_child(const StartServer& start, const char* ip, int greeting) {
  int pipe_fds[2];
  BOOST_REQUIRE_EQUAL(::pipe(pipe_fds), 0);
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    Outcome out;
    try {
      out = exhaust_and_recover(start, ip, greeting);
    } catch (...) {
      out.setup_error = Crashed;
    }
    [[maybe_unused]] const auto written = ::write(pipe_fds[1], &out, sizeof out);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  Outcome out;
  out.setup_error = Crashed;
  std::size_t got = 0;
  while (got < sizeof out) {
    const auto n = ::read(pipe_fds[0], reinterpret_cast<char*>(&out) + got, sizeof out - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (got != sizeof out) out.setup_error = Crashed;
  return out;
}

void check(const Outcome& out, const char* what) {
  BOOST_TEST_MESSAGE(what << ": CPU " << out.cpu_share * 100 << " % of wall time while exhausted; "
                          << out.waiting_served << " waiting clients served " << out.recovery_ms
                          << " ms after descriptors were freed");
  BOOST_TEST_REQUIRE(out.setup_error == Ok, what << ": setup failed: " << out.setup_error);
  BOOST_TEST(out.greeted_while_full == 0, what << ": accepted although the descriptor table was full");
  // Paused, the process sleeps (well under 1 %); a spinning loop takes a core, or its share
  // of a loaded machine, which stays well above this.
  BOOST_TEST(out.cpu_share < 0.05, what << ": the engine spun on the listener: " << out.cpu_share * 100 << " %");
  BOOST_TEST(out.waiting_served == WaitingClients, what);
  BOOST_TEST(out.recovery_ms < 3000, what << ": " << out.recovery_ms << " ms");
  BOOST_TEST(out.fresh_served == 1, what);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(listener)

BOOST_AUTO_TEST_CASE(hands_over_every_connection_of_a_burst_non_blocking) {
  n::LoopThread thread;
  std::unique_ptr<n::Listener> listener;
  std::vector<Poco::Net::StreamSocket> accepted;
  bool all_non_blocking = true;
  thread.call([&] {
    listener = std::make_unique<n::Listener>(thread.loop(), "test");
    const auto error = listener->open(Poco::Net::SocketAddress("127.0.0.61", 0), 256, [&](Poco::Net::StreamSocket s) {
      all_non_blocking = all_non_blocking && (::fcntl(static_cast<int>(s.impl()->sockfd()), F_GETFL) & O_NONBLOCK);
      accepted.push_back(std::move(s));
    });
    BOOST_REQUIRE(!error);
  });
  std::uint16_t port = 0;
  thread.call([&] { port = listener->port(); });
  // More than one round's batch, so the listener must come back for the rest.
  std::vector<int> clients;
  for (int i = 0; i < 150; ++i) {
    clients.push_back(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    BOOST_REQUIRE(connect_to(clients.back(), "127.0.0.61", port));
  }
  std::size_t count = 0;
  BOOST_TEST(wpn::test::eventually(
      [&] {
        thread.call([&] { count = accepted.size(); });
        return count == clients.size();
      },
      10s));
  thread.call([&] {
    BOOST_TEST(all_non_blocking);
    BOOST_TEST(!listener->backing_off());
    listener.reset();
    accepted.clear();
  });
  for (int fd : clients) ::close(fd);
}

BOOST_AUTO_TEST_CASE(the_data_port_backs_off_while_descriptors_are_exhausted_and_serves_again,
                     *boost::unit_test::precondition(unsanitized)) {
  const auto start = [](n::EventLoop& loop) {
    struct DataPort {
      n::ConnectionGuard guard{64, 16};
      n::DataPortListener listener;
      explicit DataPort(n::EventLoop& l) : listener(l, guard) {}
    };
    auto port = std::make_shared<DataPort>(loop);
    n::ListenerSettings settings;
    settings.bind_address = "127.0.0.62";
    settings.ephemeral = true;
    if (port->listener.start(settings)) return Started{};
    return Started{port, port->listener.port()};
  };
  check(in_child(start, "127.0.0.62", '1'), "data port");
}

BOOST_AUTO_TEST_CASE(the_hub_backs_off_while_descriptors_are_exhausted_and_serves_again,
                     *boost::unit_test::precondition(unsanitized)) {
  const auto start = [](n::EventLoop& loop) {
    auto hub =
        std::make_shared<n::HubServer>(loop, wpn::overlay::HubConfig{}, Poco::Net::SocketAddress("127.0.0.63", 0));
    if (!hub->start()) return Started{};
    return Started{hub, hub->port()};
  };
  check(in_child(start, "127.0.0.63", '1'), "hub");
}

BOOST_AUTO_TEST_CASE(the_peer_cache_backs_off_while_descriptors_are_exhausted_and_serves_again,
                     *boost::unit_test::precondition(unsanitized)) {
  const auto start = [](n::EventLoop& loop) {
    auto cache = std::make_shared<n::CacheServer>(loop, std::vector<wpn::protocol::NodeRecord>{},
                                                  Poco::Net::SocketAddress("127.0.0.64", 0));
    if (!cache->start()) return Started{};
    return Started{cache, cache->port()};
  };
  check(in_child(start, "127.0.0.64", '8'), "peer cache");
}

BOOST_AUTO_TEST_SUITE_END()
