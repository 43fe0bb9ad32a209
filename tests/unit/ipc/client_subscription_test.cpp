#include "ipc/client_session.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "client_wire.h"

namespace {

using namespace wpn;
using namespace wpn::test;
using ipc::ClientSession;

ipc::ClientSessionOptions tray_options(bool every_topic = false) {
  return {"tray 1.0", {"status", "shares"}, {"transfers"}, every_topic};
}

// The session's one outgoing events.subscribe after `reply`, as sent.
json::JsonObject subscribe_sent(ClientSession& session) {
  const auto frames = sent(session);
  BOOST_REQUIRE(frames.size() == 1u);
  BOOST_REQUIRE(json::get_string(frames[0], "method").value_or("") == "events.subscribe");
  return frames[0];
}

std::string subscribe_reply(const json::JsonObject& request, std::string_view result) {
  const auto id = std::to_string(json::get_uint(request, "id").value());
  return wire_frame(R"({"id":)" + id + R"(,"status":"ok","result":)" + std::string(result) + "}");
}

std::vector<std::string> topics_of(const json::JsonObject& request) {
  return json::get_string_list(json::get_object(request, "params"), "topics").value_or(std::vector<std::string>{});
}

// Hello answered by instance `instance`; returns the subscription request that follows.
json::JsonObject after_hello(ClientSession& session, std::string_view instance) {
  sent(session);
  session.feed(hello_reply(0, instance));
  return subscribe_sent(session);
}

// A session subscribed to instance "run-1" whose events up to `seq` have been delivered.
ClientSession subscribed_at(std::uint64_t seq, bool every_topic = false) {
  ClientSession session(tray_options(every_topic));
  const auto request = after_hello(session, "run-1");
  session.feed(subscribe_reply(
      request, R"({"seq":)" + std::to_string(seq) + R"(,"instance":"run-1","replayed":0,"snapshot":{"status":{}}})"));
  outputs(session);
  BOOST_REQUIRE(session.ready());
  return session;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_subscription)

BOOST_AUTO_TEST_CASE(subscribes_to_every_topic_without_since_on_a_first_connection) {
  ClientSession session(tray_options());
  const auto request = after_hello(session, "run-1");
  BOOST_TEST(topics_of(request) == (std::vector<std::string>{"status", "shares", "transfers"}),
             boost::test_tools::per_element());
  const auto params = json::get_object(request, "params");
  BOOST_TEST(!params->has("since"));
  BOOST_TEST(!params->has("instance"));
}

BOOST_AUTO_TEST_CASE(asks_again_without_the_optional_topics_when_the_service_refuses_them) {
  ClientSession session(tray_options());
  const auto first = after_hello(session, "run-1");
  session.feed(wire_frame(R"({"id":)" + std::to_string(json::get_uint(first, "id").value()) +
                          R"(,"status":"error","error":{"code":"invalid_params","message":"no topic transfers"}})"));
  const auto second = subscribe_sent(session);
  BOOST_TEST(topics_of(second) == (std::vector<std::string>{"status", "shares"}), boost::test_tools::per_element());
  session.feed(subscribe_reply(second, R"({"seq":5,"instance":"run-1","replayed":0,"snapshot":{}})"));
  BOOST_TEST(session.ready());
}

BOOST_AUTO_TEST_CASE(a_refused_subscription_without_optional_topics_ends_the_session) {
  ClientSession session(ipc::ClientSessionOptions{"tray 1.0", {"status"}, {}, false});
  const auto request = after_hello(session, "run-1");
  session.feed(wire_frame(R"({"id":)" + std::to_string(json::get_uint(request, "id").value()) +
                          R"(,"status":"error","error":{"code":"invalid_params","message":"no"}})"));
  BOOST_TEST(session.closed());
}

BOOST_AUTO_TEST_CASE(holds_requests_until_subscribed) {
  ClientSession session(tray_options());
  const auto request = after_hello(session, "run-1");
  const auto id = session.request("status", nullptr);
  BOOST_TEST(sent(session).empty());
  session.feed(subscribe_reply(request, R"({"seq":5,"instance":"run-1","replayed":0,"snapshot":{}})"));
  const auto frames = sent(session);
  BOOST_REQUIRE(frames.size() == 1u);
  BOOST_TEST(json::get_uint(frames[0], "id").value() == id);
}

BOOST_AUTO_TEST_CASE(resumes_after_the_last_event_of_the_same_service_run) {
  ClientSession session(tray_options(), ipc::ResumePoint{"run-1", 41});
  const auto params = json::get_object(after_hello(session, "run-1"), "params");
  BOOST_TEST(json::get_uint(params, "since").value_or(0) == 41u);
  BOOST_TEST(json::get_string(params, "instance").value_or("") == "run-1");
}

BOOST_AUTO_TEST_CASE(does_not_resume_across_service_runs) {
  ClientSession session(tray_options(), ipc::ResumePoint{"run-1", 41});
  const auto params = json::get_object(after_hello(session, "run-2"), "params");
  BOOST_TEST(!params->has("since"));
}

BOOST_AUTO_TEST_CASE(delivers_the_replay_then_live_events_after_a_resume) {
  ClientSession session(tray_options(), ipc::ResumePoint{"run-1", 41});
  const auto request = after_hello(session, "run-1");
  session.feed(subscribe_reply(request, R"({"seq":45,"instance":"run-1","replayed":2})") + event_frame(43) +
               event_frame(45) + event_frame(50));
  const auto all = outputs(session);
  BOOST_REQUIRE(all.size() >= 2u);
  const auto* subscribed = std::get_if<ipc::SessionSubscribed>(&all[1]);
  BOOST_REQUIRE(subscribed != nullptr);
  BOOST_TEST(subscribed->result.snapshot.isNull());
  BOOST_TEST(event_seqs(all) == (std::vector<std::uint64_t>{43, 45, 50}), boost::test_tools::per_element());
  BOOST_TEST(session.resume_point().seq.value_or(0) == 50u);
}

BOOST_AUTO_TEST_CASE(a_snapshot_covers_everything_up_to_its_sequence_number) {
  ClientSession session(tray_options(), ipc::ResumePoint{"run-1", 41});
  const auto request = after_hello(session, "run-1");
  session.feed(subscribe_reply(request, R"({"seq":5000,"instance":"run-1","replayed":0,"snapshot":{"status":{}}})") +
               event_frame(4999) + event_frame(5001));
  const auto all = outputs(session);
  const auto* subscribed = std::get_if<ipc::SessionSubscribed>(&all[1]);
  BOOST_REQUIRE(subscribed != nullptr);
  BOOST_TEST(!subscribed->result.snapshot.isNull());
  BOOST_TEST(event_seqs(all) == std::vector<std::uint64_t>{5001}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(drops_events_it_has_delivered_already) {
  auto session = subscribed_at(10);
  session.feed(event_frame(11) + event_frame(11) + event_frame(9) + event_frame(14));
  BOOST_TEST(event_seqs(outputs(session)) == (std::vector<std::uint64_t>{11, 14}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(holes_are_other_topics_events_unless_it_has_every_topic) {
  auto session = subscribed_at(10);
  session.feed(event_frame(13) + event_frame(20));
  BOOST_TEST(event_seqs(outputs(session)) == (std::vector<std::uint64_t>{13, 20}), boost::test_tools::per_element());
  BOOST_TEST(sent(session).empty());
}

BOOST_AUTO_TEST_CASE(with_every_topic_a_hole_renews_the_subscription_from_the_last_event) {
  auto session = subscribed_at(10, true);
  session.feed(event_frame(11) + event_frame(13) + event_frame(14));
  BOOST_TEST(event_seqs(outputs(session)) == std::vector<std::uint64_t>{11}, boost::test_tools::per_element());
  const auto renewal = subscribe_sent(session);
  const auto params = json::get_object(renewal, "params");
  BOOST_TEST(json::get_uint(params, "since").value_or(0) == 11u);
  BOOST_TEST(json::get_string(params, "instance").value_or("") == "run-1");
  // Events still on their way under the old subscription wait for the replay.
  session.feed(event_frame(15) + subscribe_reply(renewal, R"({"seq":15,"instance":"run-1","replayed":4})") +
               event_frame(12) + event_frame(13) + event_frame(14) + event_frame(15) + event_frame(16));
  const auto all = outputs(session);
  BOOST_TEST(std::holds_alternative<ipc::SessionSubscribed>(all.front()));
  BOOST_TEST(event_seqs(all) == (std::vector<std::uint64_t>{12, 13, 14, 15, 16}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_replay_cut_short_renews_the_subscription) {
  ClientSession session(tray_options(), ipc::ResumePoint{"run-1", 41});
  const auto request = after_hello(session, "run-1");
  session.feed(subscribe_reply(request, R"({"seq":45,"instance":"run-1","replayed":3})") + event_frame(43) +
               event_frame(50));
  BOOST_TEST(event_seqs(outputs(session)) == std::vector<std::uint64_t>{43}, boost::test_tools::per_element());
  const auto renewal = subscribe_sent(session);
  BOOST_TEST(json::get_uint(json::get_object(renewal, "params"), "since").value_or(0) == 43u);
  session.feed(subscribe_reply(renewal, R"({"seq":50,"instance":"run-1","replayed":2})") + event_frame(44) +
               event_frame(50));
  BOOST_TEST(event_seqs(outputs(session)) == (std::vector<std::uint64_t>{44, 50}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(requests_during_a_renewal_are_sent_at_once) {
  auto session = subscribed_at(10, true);
  session.feed(event_frame(12));
  subscribe_sent(session);
  const auto id = session.request("status", nullptr);
  const auto frames = sent(session);
  BOOST_REQUIRE(frames.size() == 1u);
  BOOST_TEST(json::get_uint(frames[0], "id").value() == id);
}

BOOST_AUTO_TEST_SUITE_END()
