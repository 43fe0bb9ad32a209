// The control socket does not wait on the engine thread: status answers from the snapshot
// the engine publishes, while the engine thread is held up on purpose (an in-process wpnd,
// so the test can reach the engine thread; nothing of the kind ships in wpnd).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "ipc/message.h"
#include "raw_client.h"
#include "service/app/wpnd_service.h"
#include "session/engine_testing.h"
#include "wpnd_harness.h"

namespace wpn::test {
namespace {

using namespace std::chrono_literals;

ipc::Reply reply_from(RawClient& raw, std::chrono::milliseconds timeout) {
  const auto frame = raw.read_frame(timeout);
  BOOST_REQUIRE_MESSAGE(frame.has_value(), "no reply frame");
  const auto message = ipc::parse_server_message(*frame);
  BOOST_REQUIRE(message.has_value());
  const auto* reply = std::get_if<ipc::Reply>(&*message);
  BOOST_REQUIRE(reply != nullptr);
  return *reply;
}

struct InProcessService {
  WpndHome home;
  std::unique_ptr<service::WpndService> wpnd;

  InProcessService() {
    std::filesystem::create_directories(home.default_share());
    service::ServiceOptions options;
    options.config_file = home.config_file();
    options.console_log = false;
    options.overrides = {{"data_dir", home.data_dir().string()},
                         {"runtime_dir", home.runtime_dir().string()},
                         {"shares", home.default_share().string()},
                         {"download_dir", (home.home() / "Downloads").string()},
                         {"bind", "127.0.0.1"},
                         {"data_port", "0"},
                         {"log_to_file", "false"}};
    wpnd = std::make_unique<service::WpndService>(std::move(options));
    const auto started = wpnd->start();
    const std::string why = started ? std::string() : started.error().message;
    BOOST_REQUIRE_MESSAGE(started.has_value(), why);
  }
  ~InProcessService() { wpnd->stop(); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_stall)

std::int64_t ms_since(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

// Holds the engine thread for `duration` from a task posted to it; returns once it is held.
void stall_engine_thread(session::Engine& engine, std::chrono::milliseconds duration) {
  auto entered = std::make_shared<std::promise<void>>();
  auto stalled = entered->get_future();
  session::post_to_engine_thread_for_test(engine, [entered, duration] {
    entered->set_value();
    std::this_thread::sleep_for(duration);
  });
  BOOST_REQUIRE(stalled.wait_for(5s) == std::future_status::ready);
}

void hello(RawClient& raw) {
  BOOST_REQUIRE(raw.send_frame(R"({"id":0,"method":"hello","params":{"protocol":1}})"));
  BOOST_REQUIRE(reply_from(raw, 5s).ok());
}

BOOST_FIXTURE_TEST_CASE(status_answers_within_100ms_while_the_engine_thread_is_stalled, InProcessService) {
  RawClient raw(home.socket());
  hello(raw);
  stall_engine_thread(*wpnd->engine(), 3s);

  const auto asked = std::chrono::steady_clock::now();
  BOOST_REQUIRE(raw.send_frame(R"({"id":1,"method":"status"})"));
  const auto status = reply_from(raw, 3s);
  BOOST_TEST(status.ok());
  BOOST_TEST(ms_since(asked) < 100);
  BOOST_REQUIRE(raw.send_frame(R"({"id":2,"method":"network.status"})"));
  BOOST_TEST(reply_from(raw, 3s).ok());
  BOOST_TEST(ms_since(asked) < 200);
}

// A request the engine must answer waits for it without holding anyone up, its own client
// included, and then completes with the engine's answer.
BOOST_FIXTURE_TEST_CASE(an_engine_request_outstanding_in_a_stall_holds_up_no_client, InProcessService) {
  RawClient a(home.socket());
  RawClient b(home.socket());
  hello(a);
  hello(b);
  const auto stalled_at = std::chrono::steady_clock::now();
  stall_engine_thread(*wpnd->engine(), 3s);

  BOOST_REQUIRE(a.send_frame(R"({"id":1,"method":"transfers.view","params":{"list":"downloads"}})"));
  auto asked = std::chrono::steady_clock::now();
  BOOST_REQUIRE(a.send_frame(R"({"id":2,"method":"status"})"));
  const auto own_status = reply_from(a, 3s);
  BOOST_TEST(ms_since(asked) < 100);
  BOOST_TEST(*own_status.id == 2u);  // not queued behind request 1
  BOOST_TEST(own_status.ok());

  asked = std::chrono::steady_clock::now();
  BOOST_REQUIRE(b.send_frame(R"({"id":7,"method":"status"})"));
  const auto other_status = reply_from(b, 3s);
  BOOST_TEST(ms_since(asked) < 100);
  BOOST_TEST(*other_status.id == 7u);

  const auto view = reply_from(a, 5s);
  BOOST_TEST(*view.id == 1u);
  BOOST_REQUIRE(view.ok());
  const auto page = ipc::as_object(view.result);
  BOOST_TEST(page->getValue<std::string>("list") == "downloads");
  BOOST_TEST(page->getValue<std::uint64_t>("total") == 0u);
  BOOST_TEST(ms_since(stalled_at) >= 2500);  // it did wait for the engine
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wpn::test
