// Requests answered later over a real control socket: an IpcServer in process, with a
// backend that keeps each engine-backed call until the test answers it (from another
// thread, as the engine does). Caps, timeouts and late replies, one client at a time.
#include <Poco/Logger.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ipc/message.h"
#include "raw_client.h"
#include "service/ipc/ipc_server.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;
using namespace std::chrono_literals;
using service::BackendDone;
using service::BackendResult;

class HeldBackend final : public service::ServiceBackend {
 public:
  ipc::StatusDto status() override {
    ipc::StatusDto status;
    status.name = "held";
    return status;
  }
  BackendResult<std::vector<ipc::ShareRootDto>> list_shares() override { return std::vector<ipc::ShareRootDto>{}; }
  ipc::ShareProgressDto share_progress() override { return {}; }
  BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams&) override {
    return std::vector<ipc::SettingDto>{};
  }
  BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams&) override {
    return std::vector<ipc::LogLineDto>{};
  }
  void share_files(const ipc::SharesFilesParams& params, BackendDone<ipc::FilePageDto> done) override {
    std::lock_guard lock(mutex_);
    held_.emplace_back(params.offset, std::move(done));
  }

  std::size_t held() {
    std::lock_guard lock(mutex_);
    return held_.size();
  }
  // Answers the i-th held call with a page whose offset echoes the request's.
  void answer(std::size_t i) {
    std::pair<std::uint64_t, BackendDone<ipc::FilePageDto>> call;
    {
      std::lock_guard lock(mutex_);
      call = held_.at(i);
    }
    call.second(ipc::FilePageDto{0, call.first, {}});
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::uint64_t, BackendDone<ipc::FilePageDto>>> held_;
};

struct InProcessServer {
  WpndHome home;
  HeldBackend backend;
  service::EventHub hub{"instance-held"};
  service::Dispatcher dispatcher{backend, hub, "wpnd test"};
  std::unique_ptr<service::IpcServer> server;

  explicit InProcessServer(std::chrono::milliseconds timeout = 5s) {
    std::filesystem::create_directories(home.runtime_dir());
    service::IpcServerOptions options;
    options.socket_path = home.runtime_dir() / "held.sock";
    options.owner_uid = ::getuid();
    options.max_requests_in_flight = 4;
    options.request_timeout = timeout;
    server = std::make_unique<service::IpcServer>(dispatcher, options, Poco::Logger::get("wpn.test.ipc"));
    const auto started = server->start();
    const std::string why = started ? std::string() : started.error();
    BOOST_REQUIRE_MESSAGE(started.has_value(), why);
  }
  ~InProcessServer() { server->stop(); }

  std::filesystem::path socket() const { return home.runtime_dir() / "held.sock"; }

  bool wait_held(std::size_t count) {
    return eventually([&] { return backend.held() >= count; }, 5s);
  }
};

struct ShortTimeoutServer : InProcessServer {
  ShortTimeoutServer() : InProcessServer(300ms) {}
};

ipc::Reply reply_from(RawClient& raw, std::chrono::milliseconds timeout = 5s) {
  const auto frame = raw.read_frame(timeout);
  BOOST_REQUIRE_MESSAGE(frame.has_value(), "no reply frame");
  const auto message = ipc::parse_server_message(*frame);
  BOOST_REQUIRE(message.has_value());
  const auto* reply = std::get_if<ipc::Reply>(&*message);
  BOOST_REQUIRE(reply != nullptr);
  return *reply;
}

void hello(RawClient& raw) {
  BOOST_REQUIRE(raw.connected());
  BOOST_REQUIRE(raw.send_frame(R"({"id":0,"method":"hello","params":{"protocol":1}})"));
  BOOST_REQUIRE(reply_from(raw).ok());
}

std::string files_request(int id) {
  return R"({"id":)" + std::to_string(id) + R"(,"method":"shares.files","params":{"offset":)" +
         std::to_string(id * 10) + "}}";
}

std::string code_of(const ipc::Reply& reply) {
  return reply.error ? std::string(ipc::to_string(reply.error->code)) : std::string("ok");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ipc_in_flight)

BOOST_FIXTURE_TEST_CASE(late_answers_leave_in_the_order_they_come_matched_by_id, InProcessServer) {
  RawClient raw(socket());
  hello(raw);
  BOOST_REQUIRE(raw.send_frame(files_request(1)));
  BOOST_REQUIRE(raw.send_frame(files_request(2)));
  BOOST_REQUIRE(wait_held(2));
  // While both wait, the client's own status still answers.
  BOOST_REQUIRE(raw.send_frame(R"({"id":3,"method":"status"})"));
  BOOST_TEST(*reply_from(raw).id == 3u);
  std::thread engine([&] {
    backend.answer(1);
    backend.answer(0);
  });
  engine.join();
  const auto first = reply_from(raw);
  const auto second = reply_from(raw);
  BOOST_TEST(*first.id == 2u);
  BOOST_TEST(*second.id == 1u);
  BOOST_TEST(ipc::as_object(first.result)->getValue<std::uint64_t>("offset") == 20u);
  BOOST_TEST(ipc::as_object(second.result)->getValue<std::uint64_t>("offset") == 10u);
}

BOOST_FIXTURE_TEST_CASE(one_request_beyond_the_in_flight_cap_is_overloaded_and_alone, InProcessServer) {
  RawClient bystander(socket());
  hello(bystander);
  RawClient raw(socket());
  hello(raw);
  for (int id = 1; id <= 4; ++id) BOOST_REQUIRE(raw.send_frame(files_request(id)));
  BOOST_REQUIRE(wait_held(4));
  BOOST_REQUIRE(raw.send_frame(files_request(5)));
  const auto refused = reply_from(raw);
  BOOST_TEST(code_of(refused) == "overloaded");
  BOOST_TEST(*refused.id == 5u);
  BOOST_TEST(backend.held() == 4u);  // the fifth never reached the backend
  BOOST_TEST(raw.wait_closed(5s));
  // Answers for the closed client go nowhere; the other client is served throughout.
  for (std::size_t i = 0; i < 4; ++i) backend.answer(i);
  BOOST_REQUIRE(bystander.send_frame(R"({"id":9,"method":"status"})"));
  const auto status = reply_from(bystander);
  BOOST_TEST(*status.id == 9u);
  BOOST_TEST(status.ok());
}

BOOST_FIXTURE_TEST_CASE(an_unanswered_request_gets_an_error_at_the_bound_and_its_late_answer_is_dropped,
                        ShortTimeoutServer) {
  RawClient raw(socket());
  hello(raw);
  const auto asked = std::chrono::steady_clock::now();
  BOOST_REQUIRE(raw.send_frame(files_request(1)));
  const auto timed_out = reply_from(raw, 5s);
  const auto waited = std::chrono::steady_clock::now() - asked;
  BOOST_TEST(*timed_out.id == 1u);
  BOOST_TEST(code_of(timed_out) == "internal");
  BOOST_TEST(timed_out.error->message.find("did not answer") != std::string::npos);
  BOOST_TEST(waited >= 280ms);
  BOOST_TEST(waited < 3s);
  // The answer arriving now is not sent: the next frame is the reply to the next request.
  backend.answer(0);
  BOOST_REQUIRE(raw.send_frame(R"({"id":2,"method":"status"})"));
  const auto next = reply_from(raw);
  BOOST_TEST(*next.id == 2u);
  BOOST_TEST(next.ok());
  BOOST_TEST(!raw.read_frame(200ms).has_value());
}

BOOST_FIXTURE_TEST_CASE(an_answer_for_a_client_that_left_is_dropped_quietly, InProcessServer) {
  {
    RawClient raw(socket());
    hello(raw);
    BOOST_REQUIRE(raw.send_frame(files_request(1)));
    BOOST_REQUIRE(wait_held(1));
  }
  BOOST_REQUIRE(eventually([&] { return server->client_count() == 0; }, 5s));
  backend.answer(0);
  RawClient next(socket());
  hello(next);
  BOOST_REQUIRE(next.send_frame(files_request(2)));
  BOOST_REQUIRE(wait_held(2));
  backend.answer(1);
  const auto reply = reply_from(next);
  BOOST_TEST(*reply.id == 2u);
  BOOST_TEST(reply.ok());
}

BOOST_AUTO_TEST_SUITE_END()
