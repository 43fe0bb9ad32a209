// The tray's link (ipc::LoopClient) against a real wpnd: snapshot and live events, a
// service restart, and a service that stops answering (SIGSTOP) while requests wait.
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "ipc/schema.h"
#include "ipc_client/loop_client.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;
using Clock = std::chrono::steady_clock;

// What the link reported, from its thread.
struct Seen {
  std::mutex mutex;
  std::vector<ipc::SubscribeResult> subscriptions;
  std::vector<ipc::Event> events;
  std::vector<ipc::ClientError> disconnects;

  template <typename F>
  auto read(F f) {
    std::lock_guard lock(mutex);
    return f();
  }
  std::size_t subscription_count() {
    return read([&] { return subscriptions.size(); });
  }
  ipc::SubscribeResult subscription(std::size_t i) {
    return read([&] { return subscriptions.at(i); });
  }
  bool saw_event(std::string_view name, std::string_view value) {
    return read([&] {
      for (const auto& event : events)
        if (event.name == name && ipc::to_json_text(event.data).find(value) != std::string::npos) return true;
      return false;
    });
  }
};

ipc::LoopCallbacks recording(Seen& seen) {
  ipc::LoopCallbacks callbacks;
  callbacks.subscribed = [&seen](const ipc::HelloResult&, const ipc::SubscribeResult& result) {
    std::lock_guard lock(seen.mutex);
    seen.subscriptions.push_back(result);
  };
  callbacks.event = [&seen](ipc::Event event) {
    std::lock_guard lock(seen.mutex);
    seen.events.push_back(std::move(event));
  };
  callbacks.disconnected = [&seen](const ipc::ClientError& why) {
    std::lock_guard lock(seen.mutex);
    seen.disconnects.push_back(why);
  };
  return callbacks;
}

ipc::LoopOptions tray_like(std::chrono::milliseconds call_timeout = 10s) {
  ipc::LoopOptions options;
  options.client = "loop-client-test";
  options.topics = {"status", "shares", "settings"};
  options.optional_topics = {"transfers"};
  options.first_retry = 50ms;
  options.max_retry = 200ms;
  options.call_timeout = call_timeout;
  options.handshake_timeout = 3s;
  return options;
}

// A call's outcome, waited for from the test's thread.
struct Answer {
  std::mutex mutex;
  std::optional<ipc::CallOutcome> outcome;
  Clock::time_point at;

  ipc::ReplyHandler handler() {
    return [this](ipc::CallOutcome result) {
      std::lock_guard lock(mutex);
      outcome = std::move(result);
      at = Clock::now();
    };
  }
  bool arrived() {
    std::lock_guard lock(mutex);
    return outcome.has_value();
  }
};

// settings.changed names the keys that changed.
ipc::JsonObject set_setting(const std::string& key, const Poco::Dynamic::Var& value) {
  auto values = ipc::make_object();
  values->set(key, value);
  auto params = ipc::make_object();
  params->set("values", values);
  return params;
}

long long ms(Clock::duration span) { return std::chrono::duration_cast<std::chrono::milliseconds>(span).count(); }

// Pauses wpnd so that it accepts connections and reads nothing; resumes it on scope exit.
// Every thread of the process in the stopped state: SIGSTOP takes effect asynchronously,
// and a service answering from a snapshot could still reply in that window.
bool all_threads_stopped(pid_t pid) {
  const auto tasks = std::filesystem::path("/proc") / std::to_string(pid) / "task";
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) return false;
    const char state = line[close + 2];
    if (state != 'T' && state != 't') return false;
  }
  return !error;
}

struct Frozen {
  pid_t pid;
  explicit Frozen(pid_t p) : pid(p) {
    ::kill(pid, SIGSTOP);
    BOOST_REQUIRE(eventually([&] { return all_threads_stopped(pid); }, 5s));
  }
  ~Frozen() { ::kill(pid, SIGCONT); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(loop_client)

BOOST_AUTO_TEST_CASE(receives_the_snapshot_then_live_events) {
  WpndHome home;
  WpndProcess wpnd(home);
  wpnd.require_ready();
  Seen seen;
  Answer answer;
  ipc::LoopClient link(home.socket(), recording(seen), tray_like());
  link.start();
  BOOST_REQUIRE(eventually([&] { return seen.subscription_count() == 1; }, 20s));
  BOOST_TEST(seen.read([&] { return seen.disconnects.size(); }) == 0u);  // the first handshake went through
  const auto first = seen.subscription(0);
  BOOST_REQUIRE(!first.snapshot.isNull());
  BOOST_TEST(first.snapshot->has("status"));
  BOOST_TEST(first.snapshot->has("settings"));
  BOOST_TEST(!seen.saw_event("settings.changed", "\"upload_slots\""));

  link.call("settings.set", set_setting("upload_slots", 6), answer.handler());
  BOOST_REQUIRE(eventually([&] { return answer.arrived(); }, 20s));
  BOOST_REQUIRE(answer.outcome->has_value());
  BOOST_TEST((*answer.outcome)->has_value());
  BOOST_TEST(eventually([&] { return seen.saw_event("settings.changed", "\"upload_slots\""); }, 20s));
  link.stop();
}

BOOST_AUTO_TEST_CASE(reconnects_and_subscribes_again_after_a_service_restart) {
  WpndHome home;
  auto wpnd = std::make_unique<WpndProcess>(home);
  wpnd->require_ready();
  Seen seen;
  Answer offline;
  Answer answer;
  ipc::LoopClient link(home.socket(), recording(seen), tray_like());
  link.start();
  BOOST_REQUIRE(eventually([&] { return seen.subscription_count() == 1; }, 20s));
  const auto before = seen.subscription(0).instance;

  BOOST_REQUIRE(wpnd->stop() == 0);
  wpnd.reset();
  BOOST_REQUIRE(eventually([&] { return seen.read([&] { return !seen.disconnects.empty(); }); }, 20s));
  link.call("status", nullptr, offline.handler());
  BOOST_REQUIRE(eventually([&] { return offline.arrived(); }, 5s));
  BOOST_TEST(!offline.outcome->has_value());  // answered at once while there is no service

  wpnd = std::make_unique<WpndProcess>(home);
  wpnd->require_ready();
  BOOST_REQUIRE(eventually([&] { return seen.subscription_count() >= 2; }, 20s));
  const auto after = seen.subscription(seen.subscription_count() - 1);
  BOOST_TEST(after.instance != before);
  BOOST_TEST(!after.snapshot.isNull());  // another run: nothing to resume from

  link.call("settings.set", set_setting("upload_slots", 7), answer.handler());
  BOOST_TEST(eventually([&] { return seen.saw_event("settings.changed", "\"upload_slots\""); }, 20s));
  link.stop();
}

BOOST_AUTO_TEST_CASE(a_request_to_a_service_that_stops_answering_times_out_within_its_bound) {
  WpndHome home;
  WpndProcess wpnd(home);
  wpnd.require_ready();
  Seen seen;
  Answer answer;
  constexpr auto Bound = 1500ms;
  ipc::LoopClient link(home.socket(), recording(seen), tray_like(Bound));
  link.start();
  BOOST_REQUIRE(eventually([&] { return seen.subscription_count() == 1; }, 20s));

  Frozen frozen(wpnd.pid());
  const auto asked = Clock::now();
  link.call("status", nullptr, answer.handler());
  BOOST_REQUIRE(eventually([&] { return answer.arrived(); }, 10s));
  BOOST_REQUIRE(!answer.outcome->has_value());
  BOOST_TEST(static_cast<int>(answer.outcome->error().code) == static_cast<int>(ipc::ClientErrc::Timeout));
  const auto waited = ms(answer.at - asked);
  BOOST_TEST_MESSAGE("a request to the frozen service timed out after " << waited << " ms");
  BOOST_TEST(waited >= Bound.count());
  BOOST_TEST(waited < (Bound + 1s).count());

  // Stopping does not wait for the frozen service either.
  const auto stopping = Clock::now();
  link.stop();
  const auto stop_ms = ms(Clock::now() - stopping);
  BOOST_TEST_MESSAGE("stop() with a frozen service took " << stop_ms << " ms");
  BOOST_TEST(stop_ms < 1000);
}

BOOST_AUTO_TEST_CASE(a_service_that_never_says_hello_is_left_and_stop_stays_prompt) {
  WpndHome home;
  WpndProcess wpnd(home);
  wpnd.require_ready();
  Frozen frozen(wpnd.pid());
  Seen seen;
  ipc::LoopClient link(home.socket(), recording(seen), tray_like());
  link.start();
  BOOST_REQUIRE(eventually([&] { return seen.read([&] { return !seen.disconnects.empty(); }); }, 10s));
  BOOST_TEST(static_cast<int>(seen.read([&] { return seen.disconnects.front().code; })) ==
             static_cast<int>(ipc::ClientErrc::Timeout));
  const auto stopping = Clock::now();
  link.stop();
  BOOST_TEST(ms(Clock::now() - stopping) < 1000);
  BOOST_TEST(seen.subscription_count() == 0u);
}

BOOST_AUTO_TEST_CASE(the_blocking_client_gives_up_on_a_frozen_service_at_its_timeout) {
  WpndHome home;
  WpndProcess wpnd(home);
  wpnd.require_ready();
  auto client = wpnd.connect();
  Frozen frozen(wpnd.pid());
  const auto asked = Clock::now();
  auto reply = client.call("status", ipc::make_object(), 1s);
  const auto waited = ms(Clock::now() - asked);
  BOOST_REQUIRE(!reply.has_value());
  BOOST_TEST(static_cast<int>(reply.error().code) == static_cast<int>(ipc::ClientErrc::Timeout));
  BOOST_TEST(waited >= 1000);
  BOOST_TEST(waited < 2000);
  auto event = client.next_event(300ms);
  BOOST_REQUIRE(!event.has_value());
  BOOST_TEST(static_cast<int>(event.error().code) == static_cast<int>(ipc::ClientErrc::Timeout));
}

BOOST_AUTO_TEST_SUITE_END()
