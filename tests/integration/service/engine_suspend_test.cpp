// Sleep and wake: a jump of CLOCK_BOOTTIME past CLOCK_MONOTONIC, injected through the
// engine's clock source, makes the engine say "resuming", log in to its hub again at once
// and end "resuming" when it is back. Two engines in process: a hub on 127.0.0.2 and a
// secondary on 127.0.0.3, over real loopback sockets.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "engine_node.h"

namespace wpn::test {
namespace {

using namespace std::chrono_literals;

// CLOCK_MONOTONIC as steady_clock reads it, and a boot time that runs ahead of it by
// whatever the test says the machine slept.
struct SleepyClock {
  std::atomic<std::int64_t> slept_ns{0};
  session::SuspendClock source() {
    const auto monotonic = [] { return std::chrono::steady_clock::now().time_since_epoch(); };
    return {[this, monotonic] { return monotonic() + std::chrono::nanoseconds(slept_ns.load()); }, monotonic, "off"};
  }
  void sleep(std::chrono::seconds duration) { slept_ns += std::chrono::nanoseconds(duration).count(); }
};

using Node = EngineNode;

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_suspend)

BOOST_AUTO_TEST_CASE(a_clock_jump_reconnects_the_parent_and_reports_resuming_until_it_is_back) {
  Node hub(session::Role::Primary, "127.0.0.2");
  hub.start();
  BOOST_REQUIRE(wait_until([&] { return hub.engine->status()->network.port != 0; }));
  SleepyClock clock;
  Node secondary(session::Role::Secondary, "127.0.0.3");
  secondary.settings.network.hubs = {{"127.0.0.2", hub.engine->status()->network.port}};
  secondary.start(clock.source());
  BOOST_REQUIRE(wait_until([&] { return secondary.engine->status()->network.logged_in; }));
  const int logins_before = secondary.login_count();

  // Awake: several engine ticks pass without a jump and nothing says "resuming".
  std::this_thread::sleep_for(2500ms);
  BOOST_TEST(!secondary.engine->status()->resuming);
  BOOST_TEST(secondary.login_count() == logins_before);

  clock.sleep(std::chrono::seconds(600));
  BOOST_TEST(wait_until([&] { return secondary.engine->status()->resuming; }, 10s));
  // A new login to the hub at once (the old connection is dropped, not waited on) ...
  BOOST_TEST(wait_until([&] { return secondary.login_count() > logins_before; }, 20s));
  // ... after which the snapshot says it is back.
  BOOST_TEST(wait_until([&] { return !secondary.engine->status()->resuming; }, 20s));
  BOOST_TEST(secondary.engine->status()->network.logged_in);
  BOOST_TEST(wait_until([&] { return hub.engine->status()->network.users == 1u; }, 20s));
}

BOOST_AUTO_TEST_CASE(without_a_parent_it_stays_resuming_rather_than_alarming) {
  SleepyClock clock;
  Node alone(session::Role::Secondary, "127.0.0.3");
  alone.start(clock.source());
  clock.sleep(std::chrono::seconds(30));
  BOOST_TEST(wait_until([&] { return alone.engine->status()->resuming; }, 10s));
  // No hub configured: it stays "resuming" (rather than alarming) for the grace period.
  std::this_thread::sleep_for(2s);
  BOOST_TEST(alone.engine->status()->resuming);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wpn::test
