#include <boost/test/unit_test.hpp>

#include "overlay/secondary_session.h"
#include "protocol/message_types.h"
#include "support/test_data.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;

namespace {

p::Frame frame_of(std::uint16_t type, p::Bytes payload) { return {type, std::move(payload)}; }

template <class M>
p::Frame frame_of(const M& message) {
  p::Frame f{M::Type, {}};
  p::encode(message, f.payload);
  return f;
}

struct Fixture {
  p::QueueStatus queue{3, 3, 0};
  o::SecondarySession session{o::SecondaryConfig{}, [this] { return queue; }};

  std::vector<std::uint16_t> types() {
    std::vector<std::uint16_t> out;
    for (const auto& f : session.take_frames()) out.push_back(f.type);
    return out;
  }
  void login(o::Millis now = 0) {
    session.start(now);
    session.on_frame(frame_of(p::LoginAccepted{21270}), now);
    (void)session.take_frames();
    (void)session.take_events();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(secondary_session)

BOOST_FIXTURE_TEST_CASE(logs_in_with_the_documented_sequence, Fixture) {
  session.set_shares({{'M', '\\', 0}});
  session.start(0);
  auto frames = session.take_frames();
  BOOST_REQUIRE_EQUAL(frames.size(), 1u);
  BOOST_CHECK_EQUAL(frames[0].type, p::msg::Login);
  // protocol.md §6.1 example payload for the same fields.
  o::SecondarySession example({.base_name = "tester123", .line_type = p::LineType::Dsl, .data_port = 6699}, nullptr);
  example.start(0);
  BOOST_CHECK(example.take_frames()[0].payload == wpn::test::hex("74 65 73 74 65 72 31 32 33 00 08 00 2B 1A"));

  session.on_frame(frame_of(p::msg::LoginAccepted, wpn::test::hex("16 53")), 0);
  BOOST_CHECK(session.state() == o::SecondarySession::State::LoggedIn);
  BOOST_CHECK_EQUAL(session.full_name(), "openwpn100_21270");
  frames = session.take_frames();
  BOOST_REQUIRE_EQUAL(frames.size(), 3u);
  BOOST_CHECK_EQUAL(frames[0].type, p::msg::Status);
  BOOST_CHECK(frames[0].payload == wpn::test::bytes_of("9003 3 of 3 available"));
  BOOST_CHECK_EQUAL(frames[1].type, p::msg::FullName);
  BOOST_CHECK(frames[1].payload == wpn::test::bytes_of(std::string("openwpn100_21270") + '\0'));
  BOOST_CHECK_EQUAL(frames[2].type, p::msg::ShareFolder);
  const auto events = session.take_events();
  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  BOOST_CHECK_EQUAL(std::get<o::LoggedIn>(events[0]).client_id, 21270);
}

BOOST_FIXTURE_TEST_CASE(keeps_a_node_list_that_arrives_before_the_accept, Fixture) {
  session.start(0);
  (void)session.take_frames();
  p::NodeRecord record;
  record.ip = {127, 0, 0, 2};
  record.tcp_port = 6699;
  record.free_secondary = 4;
  session.on_frame(frame_of(p::make_node_list(std::vector{record})), 0);
  session.on_frame(frame_of(p::msg::Search, {1, 2}), 0);  // ignored before 0x0460
  BOOST_CHECK(session.state() == o::SecondarySession::State::AwaitingAccept);
  BOOST_CHECK(types().empty());
  BOOST_REQUIRE_EQUAL(session.node_list().size(), 8u);
  BOOST_CHECK(session.node_list()[0] == record);
}

BOOST_FIXTURE_TEST_CASE(answers_node_lists_without_flooding, Fixture) {
  login(0);
  const auto list = frame_of(p::make_node_list({}));
  session.on_frame(list, 5000);  // same text 5 s after the login status: not repeated
  BOOST_CHECK(types().empty());
  session.on_frame(list, 11000);
  BOOST_CHECK(types() == std::vector<std::uint16_t>{p::msg::Status});
  queue.free = 2;  // a change goes out at once
  session.status_changed(12000);
  auto frames = session.take_frames();
  BOOST_REQUIRE_EQUAL(frames.size(), 1u);
  BOOST_CHECK(frames[0].payload == wpn::test::bytes_of("9002 2 of 3 available"));
  session.status_changed(12500);  // unchanged: nothing
  BOOST_CHECK(types().empty());
  session.on_tick(71999);  // 60 s after the last status (12 s) not yet reached
  BOOST_CHECK(types().empty());
  session.on_tick(72000);  // keep-alive at least every 60 s
  BOOST_CHECK(types() == std::vector<std::uint16_t>{p::msg::Status});
}

BOOST_FIXTURE_TEST_CASE(acknowledges_every_private_message, Fixture) {
  login();
  p::PmIncoming pm;
  pm.message_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  pm.handle = *p::NodeHandle::parse("WinMX 0200007f1871");
  pm.name = "bob456_00001";
  pm.text = "hello";
  session.on_frame(frame_of(pm), 0);
  auto frames = session.take_frames();
  BOOST_REQUIRE_EQUAL(frames.size(), 1u);
  BOOST_CHECK_EQUAL(frames[0].type, p::msg::PmReceived);
  const auto ack = p::decode_pm_received(frames[0].payload);
  BOOST_REQUIRE(ack);
  BOOST_CHECK(ack->message_id == pm.message_id);
  BOOST_CHECK_EQUAL(ack->name, "bob456_00001");
  BOOST_CHECK_EQUAL(ack->reply, "SENT");
}

BOOST_FIXTURE_TEST_CASE(collects_results_of_open_searches_once, Fixture) {
  login();
  const auto id = session.search("song");
  BOOST_CHECK(types() == std::vector<std::uint16_t>{p::msg::Search});
  p::SearchResult r;
  r.search_id = id;
  r.path = "Music\\song.mp3";
  r.user = "alice_00001";
  session.on_frame(frame_of(r), 0);
  session.on_frame(frame_of(r), 0);  // duplicate
  r.search_id = id + 100;            // not ours
  session.on_frame(frame_of(r), 0);
  BOOST_REQUIRE(session.results(id));
  BOOST_CHECK_EQUAL(session.results(id)->size(), 1u);
  BOOST_CHECK_EQUAL(session.take_events().size(), 1u);
  session.stop_search(id);
  BOOST_CHECK(types() == std::vector<std::uint16_t>{p::msg::SearchStop});
  BOOST_CHECK(!session.results(id));
}

BOOST_FIXTURE_TEST_CASE(times_out_without_accept, Fixture) {
  session.start(0);
  session.on_tick(29999);
  BOOST_CHECK(!session.close_reason());
  session.on_tick(30000);
  BOOST_CHECK(session.close_reason());
}

BOOST_FIXTURE_TEST_CASE(skips_and_counts_bad_frames_and_goes_on, Fixture) {
  login();
  const p::Bytes broken{1, 2, 3};
  session.on_frame(frame_of(p::msg::SearchResult, broken), 0);
  BOOST_CHECK(!session.close_reason());
  BOOST_CHECK(session.state() == o::SecondarySession::State::LoggedIn);
  BOOST_CHECK_EQUAL(session.skipped_frames(), 1u);
  auto events = session.take_events();
  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  const auto* skipped = std::get_if<o::SkippedFrame>(&events[0]);
  BOOST_REQUIRE(skipped);
  BOOST_CHECK_EQUAL(skipped->type, p::msg::SearchResult);
  BOOST_CHECK(skipped->error.code == p::DecodeErrc::Truncated);
  BOOST_CHECK(skipped->payload == broken);
  // An unassigned type inside the 0x1Fxx range counts too; one of no family does not.
  session.on_frame(frame_of(0x1FB0, {9}), 0);
  session.on_frame(frame_of(0x7777, {9}), 0);
  BOOST_CHECK_EQUAL(session.skipped_frames(), 2u);
  // The next valid frame is handled as usual.
  p::PmIncoming pm;
  pm.handle = *p::NodeHandle::parse("WinMX 0200007f1871");
  pm.name = "bob456_00001";
  pm.text = "still there?";
  session.on_frame(frame_of(pm), 0);
  BOOST_CHECK(types() == std::vector<std::uint16_t>{p::msg::PmReceived});
}

BOOST_FIXTURE_TEST_CASE(keeps_only_the_head_of_a_long_skipped_payload, Fixture) {
  login();
  p::Bytes long_payload(5000, 'A');
  long_payload[0] = 'B';
  session.on_frame(frame_of(p::msg::PmIncoming, long_payload), 0);
  const auto events = session.take_events();
  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  const auto& skipped = std::get<o::SkippedFrame>(events[0]);
  BOOST_CHECK_EQUAL(skipped.length, 5000u);
  BOOST_CHECK_EQUAL(skipped.payload.size(), o::MaxSkippedPayloadCopy);
  BOOST_CHECK_EQUAL(skipped.payload[0], 'B');
}

BOOST_FIXTURE_TEST_CASE(a_bad_accept_before_login_is_skipped_until_the_timeout, Fixture) {
  session.start(0);
  session.on_frame(frame_of(p::msg::LoginAccepted, {}), 0);
  BOOST_CHECK(!session.close_reason());
  BOOST_CHECK_EQUAL(session.skipped_frames(), 1u);
  session.on_frame(frame_of(p::LoginAccepted{9}), 10);
  BOOST_CHECK(session.state() == o::SecondarySession::State::LoggedIn);
}

BOOST_FIXTURE_TEST_CASE(closes_when_the_stream_is_garbled, Fixture) {
  login();
  const p::Bytes noise(4000, 0x5A);
  for (int i = 0; i < 3; ++i) session.on_frame(frame_of(0xE0F1, noise), 0);
  BOOST_CHECK(!session.close_reason());
  session.on_frame(frame_of(0xE0F1, p::Bytes(100, 0x5A)), 0);  // short: plausible, breaks the run
  for (int i = 0; i < 3; ++i) session.on_frame(frame_of(0xE0F1, noise), 0);
  BOOST_CHECK(!session.close_reason());
  session.on_frame(frame_of(0x4B21, noise), 0);
  BOOST_REQUIRE(session.close_reason());
  BOOST_CHECK(session.close_reason()->starts_with("cipher lost sync"));
}

BOOST_FIXTURE_TEST_CASE(passive_mode_announces_the_passive_port, Fixture) {
  o::SecondaryConfig config;
  config.passive = true;
  config.data_port = 6699;
  o::SecondarySession passive(config, nullptr);
  passive.start(0);
  const auto login = p::decode_login(passive.take_frames()[0].payload);
  BOOST_REQUIRE(login);
  BOOST_CHECK_EQUAL(login->data_port, 0);
}

// The owner announces on the LoggedIn event as well; WinMX sends the list once (issue: it went twice).
BOOST_FIXTURE_TEST_CASE(sends_the_share_list_once_when_the_owner_announces_it_again_after_login, Fixture) {
  const std::vector<p::Bytes> shares{{'M', '\\', 0, 'a', 0}, {'N', '\\', 0}};
  session.set_shares(shares);
  session.start(0);
  session.on_frame(frame_of(p::LoginAccepted{21270}), 0);
  session.set_shares(shares);  // the owner's announce after the LoggedIn event
  session.set_shares(shares);
  std::size_t share_frames = 0;
  for (const auto type : types()) share_frames += type == p::msg::ShareFolder ? 1 : 0;
  BOOST_CHECK_EQUAL(share_frames, shares.size());
}

BOOST_FIXTURE_TEST_CASE(reannounces_shares_when_they_change, Fixture) {
  login();
  session.set_shares({{'A', '\\', 0}, {'B', '\\', 0}});
  BOOST_CHECK((types() == std::vector<std::uint16_t>{p::msg::ShareFolder, p::msg::ShareFolder}));
}

// A streamed announcement: each piece goes out at once, in order, and nothing is kept for
// the next login (the owner streams the list again after each one).
BOOST_FIXTURE_TEST_CASE(sends_streamed_share_pieces_only_while_logged_in_and_keeps_none, Fixture) {
  BOOST_TEST(!session.send_share_payloads({{'A', '\\', 0}}));
  session.start(0);
  BOOST_TEST(!session.send_share_payloads({{'A', '\\', 0}}));
  session.on_frame(frame_of(p::LoginAccepted{21270}), 0);
  (void)session.take_frames();
  BOOST_TEST(session.send_share_payloads({{'A', '\\', 0}, {'B', '\\', 0}}));
  BOOST_TEST(session.send_share_payloads({{'C', '\\', 0}}));
  const auto frames = session.take_frames();
  BOOST_REQUIRE(frames.size() == 3u);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    BOOST_TEST(frames[i].type == p::msg::ShareFolder);
    BOOST_TEST(frames[i].payload.front() == static_cast<p::Byte>('A' + i));
  }
  // set_shares with an empty list after streaming sends nothing: there is no kept list.
  session.set_shares({});
  BOOST_TEST(session.take_frames().empty());
}

// Wire audit D10: winmxworld's browse sequence ends with 0x1B5A after 0x1BC6, carrying
// the 0x1B59 payload; RoboMX sends it too.
BOOST_FIXTURE_TEST_CASE(closes_a_browse_with_0x1b5a_once_it_is_answered, Fixture) {
  login();
  const p::NodeHandle holder{{127, 0, 0, 7}, 6257};
  BOOST_REQUIRE(session.browse(holder, "bob_00002"));
  const auto request = session.take_frames();
  BOOST_REQUIRE_EQUAL(request.size(), 1u);
  BOOST_CHECK_EQUAL(request[0].type, p::msg::BrowseRequest);

  session.on_frame(frame_of(p::BrowseComplete{holder, "someone_else_00003", {}}), 0);
  BOOST_CHECK(types().empty());  // not a browse of ours
  session.on_frame(frame_of(p::BrowseComplete{holder, "bob_00002", {}}), 0);
  const auto end = session.take_frames();
  BOOST_REQUIRE_EQUAL(end.size(), 1u);
  BOOST_CHECK_EQUAL(end[0].type, p::msg::BrowseEnd);
  BOOST_CHECK(end[0].payload == request[0].payload);
  session.on_frame(frame_of(p::BrowseComplete{holder, "bob_00002", {}}), 0);
  BOOST_CHECK(types().empty());  // closed once

  BOOST_REQUIRE(session.browse(holder, "carol_00004"));
  (void)session.take_frames();
  session.on_frame(frame_of(p::BrowseFailed{holder, "carol_00004"}), 0);
  BOOST_CHECK((types() == std::vector<std::uint16_t>{p::msg::BrowseEnd}));
}

// Wire audit D12: RoboMX's first login sends 0x038D before 0x0384.
BOOST_AUTO_TEST_CASE(full_name_goes_first_when_the_wire_option_says_so) {
  o::SecondaryConfig config;
  config.wire.full_name_before_status = true;
  o::SecondarySession session(config, nullptr);
  session.start(0);
  (void)session.take_frames();
  session.on_frame(frame_of(p::LoginAccepted{21270}), 0);
  const auto frames = session.take_frames();
  BOOST_REQUIRE_GE(frames.size(), 2u);
  BOOST_CHECK_EQUAL(frames[0].type, p::msg::FullName);
  BOOST_CHECK_EQUAL(frames[1].type, p::msg::Status);
}

BOOST_AUTO_TEST_SUITE_END()
