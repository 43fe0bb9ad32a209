#include "net/event_loop.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using wpn::net::EventLoop;
using wpn::net::IoReady;
using wpn::net::LoopThread;

namespace {

struct SocketPair {
  int fds[2] = {-1, -1};
  SocketPair() { BOOST_REQUIRE_EQUAL(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0); }
  ~SocketPair() {
    close(fds[0]);
    close(fds[1]);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(event_loop)

BOOST_AUTO_TEST_CASE(runs_posted_tasks_in_order_and_stops) {
  EventLoop loop;
  std::vector<int> order;
  loop.post([&] { order.push_back(1); });
  loop.post([&] { order.push_back(2); });
  loop.post([&] { loop.stop(); });
  loop.run();
  BOOST_TEST(order == (std::vector<int>{1, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fires_timers_by_deadline_and_skips_cancelled_ones) {
  EventLoop loop;
  std::vector<int> fired;
  const auto start = std::chrono::steady_clock::now();
  loop.add_timer(30ms, [&] { fired.push_back(30); });
  const auto cancelled = loop.add_timer(10ms, [&] { fired.push_back(10); });
  loop.add_timer(20ms, [&] { fired.push_back(20); });
  loop.add_timer(50ms, [&] { loop.stop(); });
  loop.cancel_timer(cancelled);
  loop.run();
  BOOST_TEST(fired == (std::vector<int>{20, 30}), boost::test_tools::per_element());
  BOOST_TEST((std::chrono::steady_clock::now() - start >= 50ms));
}

BOOST_AUTO_TEST_CASE(reports_readable_socket_and_hangup) {
  EventLoop loop;
  SocketPair pair;
  std::string received;
  bool saw_end = false;
  loop.watch(pair.fds[0], true, false, [&](IoReady ready) {
    char buffer[16];
    const auto got = read(pair.fds[0], buffer, sizeof buffer);
    if (got > 0) received.append(buffer, static_cast<std::size_t>(got));
    if (got == 0 || ready.error) {
      saw_end = true;
      loop.unwatch(pair.fds[0]);
      loop.stop();
    }
  });
  BOOST_REQUIRE_EQUAL(write(pair.fds[1], "hello", 5), 5);
  loop.add_timer(5ms, [&] { shutdown(pair.fds[1], SHUT_WR); });
  loop.add_timer(2s, [&] { loop.stop(); });  // a guard: the test fails rather than hangs
  loop.run();
  BOOST_TEST(received == "hello");
  BOOST_TEST(saw_end);
}

BOOST_AUTO_TEST_CASE(reports_writable_only_while_asked) {
  EventLoop loop;
  SocketPair pair;
  int writable_calls = 0;
  loop.watch(pair.fds[0], false, true, [&](IoReady ready) {
    if (ready.writable) ++writable_calls;
    loop.modify(pair.fds[0], false, false);
  });
  loop.add_timer(30ms, [&] { loop.stop(); });
  loop.run();
  BOOST_TEST(writable_calls == 1);
}

BOOST_AUTO_TEST_CASE(loop_thread_call_runs_on_the_loop_and_returns_its_effects) {
  LoopThread thread;
  std::atomic<bool> on_loop{false};
  int value = 0;
  thread.call([&] {
    on_loop = thread.loop().in_loop_thread();
    value = 42;
  });
  BOOST_TEST(on_loop.load());
  BOOST_TEST(value == 42);
  BOOST_TEST(!thread.loop().in_loop_thread());
}

BOOST_AUTO_TEST_CASE(loop_thread_call_rethrows_the_task_exception) {
  LoopThread thread;
  BOOST_CHECK_THROW(thread.call([] { throw std::runtime_error("boom"); }), std::runtime_error);
  int after = 0;
  thread.call([&] { after = 1; });
  BOOST_TEST(after == 1);
}

BOOST_AUTO_TEST_CASE(a_handler_may_unwatch_another_fd_of_the_same_round) {
  EventLoop loop;
  SocketPair first;
  SocketPair second;
  int calls = 0;
  auto handler = [&](int own, int other) {
    return [&, own, other](IoReady) {
      ++calls;
      loop.unwatch(own);
      loop.unwatch(other);
    };
  };
  loop.watch(first.fds[0], true, false, handler(first.fds[0], second.fds[0]));
  loop.watch(second.fds[0], true, false, handler(second.fds[0], first.fds[0]));
  BOOST_REQUIRE_EQUAL(write(first.fds[1], "x", 1), 1);
  BOOST_REQUIRE_EQUAL(write(second.fds[1], "y", 1), 1);
  loop.add_timer(30ms, [&] { loop.stop(); });
  loop.run();
  BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_costs_its_connection_not_the_loop) {
  EventLoop loop;
  SocketPair pair;
  int calls = 0;
  bool owner_closed = false;
  loop.watch(pair.fds[0], true, false, [&](IoReady) {
    ++calls;
    char buffer[16];
    const auto got = read(pair.fds[0], buffer, sizeof buffer);
    if (got == 0) {  // the owner's own end-of-stream path
      owner_closed = true;
      loop.unwatch(pair.fds[0]);
      return;
    }
    loop.modify(12345, true, false);  // an fd the loop does not know: epoll_ctl(modify) throws
  });
  bool later_ran = false;
  loop.add_timer(50ms, [&] {
    later_ran = true;
    loop.stop();
  });
  BOOST_REQUIRE_EQUAL(write(pair.fds[1], "x", 1), 1);
  loop.run();
  BOOST_TEST(later_ran);
  BOOST_TEST(calls == 2);
  BOOST_TEST(owner_closed);
  char byte = 0;
  BOOST_TEST(read(pair.fds[1], &byte, 1) == 0);  // the peer sees the connection end
}

BOOST_AUTO_TEST_CASE(a_handler_that_throws_again_is_no_longer_called) {
  EventLoop loop;
  SocketPair pair;
  int calls = 0;
  loop.watch(pair.fds[0], true, false, [&](IoReady) {
    ++calls;
    throw std::runtime_error("always");
  });
  BOOST_REQUIRE_EQUAL(write(pair.fds[1], "x", 1), 1);
  loop.add_timer(50ms, [&] { loop.stop(); });
  loop.run();
  BOOST_TEST(calls == 2);  // the data, then the end the shutdown made; a spinning loop counts thousands
}

BOOST_AUTO_TEST_CASE(throwing_timers_and_posted_tasks_leave_the_rest_running) {
  EventLoop loop;
  std::vector<int> ran;
  loop.post([] { throw std::runtime_error("posted"); });
  loop.post([&] { ran.push_back(1); });
  loop.add_timer(1ms, [] { throw 42; });  // not even a std::exception
  loop.add_timer(2ms, [&] { ran.push_back(2); });
  loop.add_timer(20ms, [&] {
    ran.push_back(3);
    loop.stop();
  });
  loop.run();
  BOOST_TEST(ran == (std::vector<int>{1, 2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
