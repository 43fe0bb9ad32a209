// Misbehaving clients: malformed and oversized frames, requests before the hello, clients
// that do not read. Each is dealt with alone while another client keeps working.
#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/log_dto.h"
#include "ipc/message.h"
#include "ipc/params.h"
#include "raw_client.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

constexpr auto ReplyTimeout = 10s;

struct Service {
  WpndHome home;
  std::unique_ptr<WpndProcess> wpnd;

  explicit Service(const std::string& config = "{}") {
    home.write_config(config);
    wpnd = std::make_unique<WpndProcess>(home);
    wpnd->require_ready();
  }

  ipc::Reply reply_from(RawClient& raw) {
    const auto frame = raw.read_frame(ReplyTimeout);
    BOOST_REQUIRE_MESSAGE(frame.has_value(), "no reply frame");
    const auto message = ipc::parse_server_message(*frame);
    BOOST_REQUIRE(message.has_value());
    const auto* reply = std::get_if<ipc::Reply>(&*message);
    BOOST_REQUIRE(reply != nullptr);
    return *reply;
  }

  void hello(RawClient& raw) {
    BOOST_REQUIRE(raw.send_frame(R"({"id":0,"method":"hello","params":{"protocol":1}})"));
    BOOST_REQUIRE(reply_from(raw).ok());
  }

  std::string error_of(const ipc::Reply& reply) {
    return reply.error ? std::string(ipc::to_string(reply.error->code)) : std::string("ok");
  }

  bool logged(const std::string& text) {
    auto client = wpnd->connect();
    const auto lines = ipc::log_lines_from_json(
        ipc::as_array(call_ok(client, "logs.recent", *ipc::parse_json_object(R"({"limit":10000})"))));
    for (const auto& line : lines)
      if (line.text.find(text) != std::string::npos) return true;
    return false;
  }
};

struct SlowClientService : Service {
  SlowClientService() : Service(R"({"ipc_client_queue_kib": 64})") {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ipc_robustness)

BOOST_FIXTURE_TEST_CASE(malformed_frame_gets_an_error_and_a_closed_connection_alone, Service) {
  auto bystander = wpnd->connect();
  RawClient raw(home.socket());
  BOOST_REQUIRE(raw.connected());
  hello(raw);
  BOOST_REQUIRE(raw.send_frame(R"({"id":1,"method":)"));
  const auto reply = reply_from(raw);
  BOOST_TEST(error_of(reply) == "bad_frame");
  BOOST_TEST(!reply.id.has_value());
  BOOST_TEST(raw.wait_closed(ReplyTimeout));
  call_ok(bystander, "status");
  BOOST_TEST(logged("malformed frame"));
}

BOOST_FIXTURE_TEST_CASE(frame_above_the_cap_is_refused_before_it_is_read, Service) {
  auto bystander = wpnd->connect();
  RawClient raw(home.socket());
  hello(raw);
  // A 64 MiB length prefix; the payload never follows.
  BOOST_REQUIRE(raw.send_bytes(std::string("\x00\x00\x00\x04", 4)));
  const auto reply = reply_from(raw);
  BOOST_TEST(error_of(reply) == "frame_too_large");
  BOOST_TEST(reply.error->message.find("67108864") != std::string::npos);
  BOOST_TEST(raw.wait_closed(ReplyTimeout));
  call_ok(bystander, "status");
}

BOOST_FIXTURE_TEST_CASE(empty_frame_and_non_object_json_close_the_connection, Service) {
  const std::vector<std::string> malformed{std::string(4, '\0'), ipc::encode_frame("[1,2]"),
                                           ipc::encode_frame(R"({"method":"status"})")};
  for (const auto& bytes : malformed) {
    RawClient raw(home.socket());
    BOOST_REQUIRE(raw.send_bytes(bytes));
    BOOST_TEST(error_of(reply_from(raw)) == "bad_frame");
    BOOST_TEST(raw.wait_closed(ReplyTimeout));
  }
  auto client = wpnd->connect();
  call_ok(client, "status");
}

BOOST_FIXTURE_TEST_CASE(bad_requests_are_answered_and_the_connection_stays, Service) {
  RawClient raw(home.socket());
  BOOST_REQUIRE(raw.send_frame(R"({"id":1,"method":"status"})"));
  BOOST_TEST(error_of(reply_from(raw)) == "hello_required");
  hello(raw);
  BOOST_REQUIRE(raw.send_frame(R"({"id":2,"method":"Bad Name"})"));
  const auto bad = reply_from(raw);
  BOOST_TEST(error_of(bad) == "bad_request");
  BOOST_TEST(*bad.id == 2u);
  BOOST_REQUIRE(raw.send_frame(R"({"id":3,"method":"status","params":[1]})"));
  BOOST_TEST(error_of(reply_from(raw)) == "invalid_params");
  BOOST_REQUIRE(raw.send_frame(R"({"id":4,"method":"status"})"));
  const auto ok = reply_from(raw);
  BOOST_TEST(ok.ok());
  BOOST_TEST(*ok.id == 4u);
}

BOOST_FIXTURE_TEST_CASE(unsupported_protocol_version_is_refused_by_name, Service) {
  RawClient raw(home.socket());
  BOOST_REQUIRE(raw.send_frame(R"({"id":1,"method":"hello","params":{"protocol":99}})"));
  const auto reply = reply_from(raw);
  BOOST_TEST(error_of(reply) == "unsupported_version");
  BOOST_TEST(reply.error->message.find("99") != std::string::npos);
  BOOST_TEST(raw.wait_closed(ReplyTimeout));
}

BOOST_FIXTURE_TEST_CASE(pipelined_requests_are_all_answered_in_order_without_unbounded_queueing, SlowClientService) {
  RawClient raw(home.socket());
  hello(raw);
  // Far more reply bytes than the 64 KiB queue and the socket buffers hold together; the
  // service stops reading this client until it catches up instead of queueing without bound.
  constexpr int Requests = 400;
  std::string burst;
  for (int i = 1; i <= Requests; ++i)
    ipc::append_frame(burst, "{\"id\":" + std::to_string(i) + R"(,"method":"settings.get"})");
  BOOST_REQUIRE(raw.send_bytes(burst));
  auto bystander = wpnd->connect();
  call_ok(bystander, "status");
  for (int i = 1; i <= Requests; ++i) {
    const auto reply = reply_from(raw);
    BOOST_REQUIRE(reply.ok());
    BOOST_REQUIRE_EQUAL(*reply.id, static_cast<ipc::RequestId>(i));
  }
}

BOOST_FIXTURE_TEST_CASE(client_that_never_reads_its_events_is_disconnected_at_the_cap, SlowClientService) {
  RawClient slow(home.socket());
  slow.shrink_receive_buffer();
  hello(slow);
  BOOST_REQUIRE(slow.send_frame(R"({"id":1,"method":"events.subscribe","params":{"topics":["settings","logs"]}})"));
  BOOST_REQUIRE(reply_from(slow).ok());
  auto busy = wpnd->connect();
  // Each change publishes a settings event and a log line that the slow client never reads.
  bool dropped = false;
  for (int round = 0; round < 200 && !dropped; ++round) {
    for (int i = 0; i < 50; ++i) {
      const std::string level = (i % 2) != 0 ? "information" : "notice";
      call_ok(busy, "settings.set", *ipc::parse_json_object(R"({"values":{"log_level":")" + level + "\"}}"));
    }
    dropped = logged("stopped reading (write queue full)");
  }
  BOOST_TEST(dropped);
  BOOST_TEST(slow.wait_closed(ReplyTimeout));
  call_ok(busy, "status");
}

BOOST_FIXTURE_TEST_CASE(connected_clients_are_told_when_the_service_stops, Service) {
  RawClient raw(home.socket());
  hello(raw);
  BOOST_REQUIRE(wpnd->stop() == 0);
  const auto reply = reply_from(raw);
  BOOST_TEST(error_of(reply) == "shutting_down");
  BOOST_TEST(raw.wait_closed(ReplyTimeout));
}

BOOST_AUTO_TEST_SUITE_END()
