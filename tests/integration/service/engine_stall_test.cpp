// The control socket does not wait on the engine thread: status answers from the snapshot
// the engine publishes, while the engine thread is held up on purpose (an in-process wpnd,
// so the test can reach the engine thread; nothing of the kind ships in wpnd).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
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

BOOST_FIXTURE_TEST_CASE(status_answers_within_100ms_while_the_engine_thread_is_stalled, InProcessService) {
  RawClient raw(home.socket());
  BOOST_REQUIRE(raw.send_frame(R"({"id":0,"method":"hello","params":{"protocol":1}})"));
  BOOST_REQUIRE(reply_from(raw, 5s).ok());

  std::promise<void> entered;
  auto stalled = entered.get_future();
  session::post_to_engine_thread_for_test(*wpnd->engine(), [&entered] {
    entered.set_value();
    std::this_thread::sleep_for(3s);
  });
  BOOST_REQUIRE(stalled.wait_for(5s) == std::future_status::ready);

  const auto asked = std::chrono::steady_clock::now();
  BOOST_REQUIRE(raw.send_frame(R"({"id":1,"method":"status"})"));
  const auto status = reply_from(raw, 3s);
  const auto took = std::chrono::steady_clock::now() - asked;
  BOOST_TEST(status.ok());
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 100);
  BOOST_REQUIRE(raw.send_frame(R"({"id":2,"method":"network.status"})"));
  BOOST_TEST(reply_from(raw, 3s).ok());
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked).count() <
             200);

  // A call that needs the engine thread gets its answer once the thread is free again.
  BOOST_REQUIRE(raw.send_frame(R"({"id":3,"method":"transfers.view","params":{"list":"downloads"}})"));
  BOOST_TEST(reply_from(raw, 5s).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wpn::test
