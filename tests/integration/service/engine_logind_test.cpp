// Sleep and wake told by logind: a private D-Bus daemon (dbus-daemon, as this user) with a
// stand-in for logind that owns org.freedesktop.login1 and sends PrepareForSleep as logind
// does. The clocks show no jump, so only the signal can make the engine reconnect its parent.
// Two engines in process: a hub on 127.0.0.2 and a secondary on 127.0.0.3.
#include <boost/test/unit_test.hpp>

#if WPN_HAVE_SD_BUS
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "engine_node.h"

extern char** environ;

namespace wpn::test {
namespace {

using namespace std::chrono_literals;

// dbus-daemon on a socket in a temporary folder, stopped with the test.
struct PrivateBus {
  TempDir dir;
  pid_t pid = -1;
  std::string address;

  PrivateBus() {
    const auto socket = dir / "bus";
    address = "unix:path=" + socket.string();
    const std::string listen = "--address=" + address;
    const char* argv[] = {"dbus-daemon", "--session", "--nofork", "--nopidfile", listen.c_str(), nullptr};
    BOOST_REQUIRE_MESSAGE(::posix_spawnp(&pid, "dbus-daemon", nullptr, nullptr, const_cast<char**>(argv), environ) == 0,
                          "dbus-daemon (package dbus-daemon) could not be started");
    BOOST_REQUIRE(wait_until([&] { return std::filesystem::exists(socket); }, 10s));
  }
  ~PrivateBus() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

// Owns logind's name on the bus and sends its signal.
struct FakeLogind {
  sd_bus* bus = nullptr;
  explicit FakeLogind(const std::string& address) {
    BOOST_REQUIRE(sd_bus_new(&bus) >= 0);
    BOOST_REQUIRE(sd_bus_set_address(bus, address.c_str()) >= 0);
    BOOST_REQUIRE(sd_bus_set_bus_client(bus, 1) >= 0);
    BOOST_REQUIRE(sd_bus_start(bus) >= 0);
    BOOST_REQUIRE(sd_bus_request_name(bus, "org.freedesktop.login1", 0) >= 0);
  }
  ~FakeLogind() { sd_bus_flush_close_unref(bus); }
  void prepare_for_sleep(bool going_to_sleep) {
    BOOST_REQUIRE(sd_bus_emit_signal(bus, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                                     "PrepareForSleep", "b", static_cast<int>(going_to_sleep)) >= 0);
    BOOST_REQUIRE(sd_bus_flush(bus) >= 0);
  }
};

using Node = EngineNode;

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_logind)

BOOST_AUTO_TEST_CASE(prepare_for_sleep_and_wake_reconnect_the_parent_when_the_clocks_show_nothing) {
  PrivateBus bus;
  FakeLogind logind(bus.address);
  Node hub(session::Role::Primary, "127.0.0.2");
  hub.start({{}, {}, "off"});
  BOOST_REQUIRE(wait_until([&] { return hub.engine->status()->network.port != 0; }));
  Node secondary(session::Role::Secondary, "127.0.0.3");
  secondary.settings.network.hubs = {{"127.0.0.2", hub.engine->status()->network.port}};
  secondary.start({{}, {}, bus.address});  // the real clocks: they show no sleep
  BOOST_REQUIRE(wait_until([&] { return secondary.engine->status()->network.logged_in; }));
  const int logins_before = secondary.login_count();

  // Going to sleep alone changes nothing yet.
  logind.prepare_for_sleep(true);
  std::this_thread::sleep_for(1500ms);
  BOOST_TEST(!secondary.engine->status()->resuming);
  BOOST_TEST(secondary.login_count() == logins_before);

  logind.prepare_for_sleep(false);
  BOOST_TEST(wait_until([&] { return secondary.engine->status()->resuming; }, 10s));
  BOOST_TEST(wait_until([&] { return secondary.login_count() > logins_before; }, 20s));
  BOOST_TEST(wait_until([&] { return !secondary.engine->status()->resuming; }, 20s));
  BOOST_TEST(secondary.engine->status()->network.logged_in);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wpn::test

#else
// Built without sd-bus: nothing listens to logind, the clock check (engine_suspend) remains.
BOOST_AUTO_TEST_SUITE(engine_logind)
BOOST_AUTO_TEST_CASE(built_without_sd_bus) { BOOST_TEST_MESSAGE("built without libsystemd-dev: not tested"); }
BOOST_AUTO_TEST_SUITE_END()
#endif
