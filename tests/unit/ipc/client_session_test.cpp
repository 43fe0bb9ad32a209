#include "ipc/client_session.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "client_wire.h"

namespace {

using namespace wpn;
using namespace wpn::test;
using ipc::ClientErrc;
using ipc::ClientSession;

ClientSession plain_session() { return ClientSession(ipc::ClientSessionOptions{"tester 1.0", {}, {}, false}); }

// A session whose hello (id 0) has been answered.
ClientSession ready_session() {
  auto session = plain_session();
  session.take_outgoing();
  session.feed(hello_reply(0, "run-1"));
  outputs(session);
  BOOST_REQUIRE(session.ready());
  return session;
}

ipc::SessionClosed closed_output(const std::vector<ipc::SessionOutput>& all) {
  BOOST_REQUIRE(!all.empty());
  const auto* closed = std::get_if<ipc::SessionClosed>(&all.back());
  BOOST_REQUIRE(closed != nullptr);
  return *closed;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_session)

BOOST_AUTO_TEST_CASE(says_hello_first_with_protocol_1_its_name_and_events) {
  auto session = plain_session();
  const auto frames = sent(session);
  BOOST_REQUIRE(frames.size() == 1u);
  BOOST_TEST(json::get_string(frames[0], "method").value_or("") == "hello");
  const auto params = json::get_object(frames[0], "params");
  BOOST_REQUIRE(!params.isNull());
  BOOST_TEST(json::get_int(params, "protocol").value_or(0) == 1);
  BOOST_TEST(json::get_string(params, "client").value_or("") == "tester 1.0");
  const auto capabilities = json::get_string_list(params, "capabilities");
  BOOST_REQUIRE(capabilities.has_value());
  BOOST_TEST(*capabilities == std::vector<std::string>{"events"}, boost::test_tools::per_element());
  BOOST_TEST(!session.ready());
}

BOOST_AUTO_TEST_CASE(holds_requests_until_the_hello_is_answered_then_sends_them_in_order) {
  auto session = plain_session();
  const auto hello_id = json::get_uint(sent(session)[0], "id").value();
  const auto first = session.request("status", nullptr);
  const auto second = session.request("shares.list", json::make_object());
  BOOST_TEST(sent(session).empty());
  session.feed(hello_reply(hello_id, "run-1"));
  const auto all = outputs(session);
  BOOST_REQUIRE(all.size() == 1u);
  const auto* ready = std::get_if<ipc::SessionReady>(&all[0]);
  BOOST_REQUIRE(ready != nullptr);
  BOOST_TEST(ready->hello.instance == "run-1");
  BOOST_TEST(ready->hello.server == "wpnd 0.1.0");
  const auto frames = sent(session);
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(json::get_uint(frames[0], "id").value() == first);
  BOOST_TEST(json::get_string(frames[0], "method").value_or("") == "status");
  BOOST_TEST(!json::get_object(frames[0], "params").isNull());  // an absent params is sent as {}
  BOOST_TEST(json::get_uint(frames[1], "id").value() == second);
  BOOST_TEST(json::get_string(frames[1], "method").value_or("") == "shares.list");
}

BOOST_AUTO_TEST_CASE(matches_replies_to_their_requests_in_any_order) {
  auto session = ready_session();
  const auto first = session.request("status", nullptr);
  const auto second = session.request("shares.rescan", nullptr);
  sent(session);
  session.feed(wire_frame(R"({"id":)" + std::to_string(second) +
                          R"(,"status":"error","error":{"code":"not_found","message":"no such root"}})") +
               wire_frame(R"({"id":)" + std::to_string(first) + R"(,"status":"ok","result":{"pid":42}})"));
  const auto all = outputs(session);
  BOOST_REQUIRE(all.size() == 2u);
  const auto& error = std::get<ipc::SessionAnswer>(all[0]);
  BOOST_TEST(error.id == second);
  BOOST_REQUIRE(!error.result.has_value());
  BOOST_TEST(ipc::to_string(error.result.error().code) == "not_found");
  BOOST_TEST(error.result.error().message == "no such root");
  const auto& ok = std::get<ipc::SessionAnswer>(all[1]);
  BOOST_TEST(ok.id == first);
  BOOST_REQUIRE(ok.result.has_value());
  BOOST_TEST(json::get_uint(json::as_object(*ok.result), "pid").value_or(0) == 42u);
}

BOOST_AUTO_TEST_CASE(gives_the_same_answer_for_bytes_split_at_every_offset) {
  const std::string reply = wire_frame(R"({"id":1,"status":"ok","result":{"pid":7}})") + event_frame(3);
  for (std::size_t split = 0; split <= reply.size(); ++split) {
    auto session = ready_session();
    BOOST_REQUIRE(session.request("status", nullptr) == 1u);
    session.feed(std::string_view(reply).substr(0, split));
    session.feed(std::string_view(reply).substr(split));
    const auto all = outputs(session);
    BOOST_REQUIRE(all.size() == 2u);
    BOOST_TEST(std::get<ipc::SessionAnswer>(all[0]).id == 1u);
    BOOST_TEST(std::get<ipc::Event>(all[1]).seq == 3u);
  }
}

BOOST_AUTO_TEST_CASE(ignores_replies_to_requests_it_did_not_send_or_that_were_answered) {
  auto session = ready_session();
  const auto id = session.request("status", nullptr);
  const std::string reply = wire_frame(R"({"id":)" + std::to_string(id) + R"(,"status":"ok","result":{}})");
  session.feed(wire_frame(R"({"id":999,"status":"ok","result":{}})") + reply + reply);
  const auto all = outputs(session);
  BOOST_TEST(all.size() == 1u);
  BOOST_TEST(!session.closed());
}

BOOST_AUTO_TEST_CASE(without_topics_passes_every_event_through_in_arrival_order) {
  auto session = ready_session();
  session.feed(event_frame(9, "shares.file_added") + event_frame(4) + event_frame(4));
  BOOST_TEST(event_seqs(outputs(session)) == (std::vector<std::uint64_t>{9, 4, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_refused_user_ends_the_session_as_refused_with_the_services_verdict) {
  auto session = plain_session();
  const auto held = session.request("status", nullptr);
  session.feed(
      wire_frame(R"({"id":null,"status":"error","error":{"code":"permission_denied","message":"not the owner"}})"));
  const auto all = outputs(session);
  const auto closed = closed_output(all);
  BOOST_TEST(session.closed());
  BOOST_TEST(static_cast<int>(closed.why.code) == static_cast<int>(ClientErrc::Refused));
  BOOST_TEST(closed.why.message == "not the owner");
  BOOST_REQUIRE(closed.verdict.has_value());
  BOOST_TEST(ipc::to_string(closed.verdict->code) == "permission_denied");
  BOOST_TEST(closed.unanswered == std::vector<ipc::RequestId>{held}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(another_protocol_version_ends_the_session_as_a_protocol_error) {
  auto session = plain_session();
  session.feed(
      wire_frame(R"({"id":0,"status":"error","error":{"code":"unsupported_version","message":"server 1, client 2"}})"));
  const auto closed = closed_output(outputs(session));
  BOOST_TEST(static_cast<int>(closed.why.code) == static_cast<int>(ClientErrc::Protocol));
  BOOST_TEST(closed.why.message == "wpnd refused the hello: server 1, client 2");
}

BOOST_AUTO_TEST_CASE(a_hello_result_without_a_protocol_version_is_a_protocol_error) {
  auto session = plain_session();
  session.feed(wire_frame(R"({"id":0,"status":"ok","result":{"server":"wpnd 0.1.0","instance":"run-1"}})"));
  const auto closed = closed_output(outputs(session));
  BOOST_TEST(static_cast<int>(closed.why.code) == static_cast<int>(ClientErrc::Protocol));
  BOOST_TEST(!session.ready());
}

BOOST_AUTO_TEST_CASE(a_verdict_after_the_hello_answers_nothing_and_ends_the_session) {
  auto session = ready_session();
  const auto id = session.request("status", nullptr);
  session.feed(
      wire_frame(R"({"id":null,"status":"error","error":{"code":"overloaded","message":"read your replies"}})"));
  const auto closed = closed_output(outputs(session));
  BOOST_REQUIRE(closed.verdict.has_value());
  BOOST_TEST(ipc::to_string(closed.verdict->code) == "overloaded");
  BOOST_TEST(closed.unanswered == std::vector<ipc::RequestId>{id}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_empty_frame_ends_the_session_and_later_bytes_are_ignored) {
  auto session = ready_session();
  session.feed(std::string("\0\0\0\0", 4) + event_frame(1));
  const auto all = outputs(session);
  BOOST_REQUIRE(all.size() == 1u);
  BOOST_TEST(closed_output(all).why.message == "wpnd sent an invalid frame");
  session.feed(event_frame(2));
  BOOST_TEST(outputs(session).empty());
}

BOOST_AUTO_TEST_CASE(a_frame_that_is_not_a_message_ends_the_session) {
  for (const std::string json : {"[1,2]", "{\"id\":1}", "{not json", "{\"event\":\"x.y\",\"seq\":\"one\"}"}) {
    auto session = ready_session();
    session.feed(wire_frame(json));
    const auto closed = closed_output(outputs(session));
    BOOST_TEST(static_cast<int>(closed.why.code) == static_cast<int>(ClientErrc::Protocol), json);
    BOOST_TEST(closed.why.message.rfind("wpnd sent an invalid message", 0) == 0u, json);
  }
}

BOOST_AUTO_TEST_CASE(a_lost_connection_lists_every_open_request_once) {
  auto session = ready_session();
  const auto a = session.request("status", nullptr);
  const auto b = session.request("logs.recent", nullptr);
  session.connection_lost({ClientErrc::Io, "wpnd closed the connection"});
  session.connection_lost({ClientErrc::Io, "again"});
  const auto all = outputs(session);
  BOOST_REQUIRE(all.size() == 1u);
  const auto closed = closed_output(all);
  BOOST_TEST(closed.why.message == "wpnd closed the connection");
  BOOST_TEST(!closed.verdict.has_value());
  BOOST_TEST(closed.unanswered == (std::vector<ipc::RequestId>{a, b}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
