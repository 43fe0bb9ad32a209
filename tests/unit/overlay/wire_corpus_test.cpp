// The frame corpus of tests/data/wire_corpus (layouts of real WinMX nodes, primaries and
// the reference implementations, plus hostile frames) fed to a logged-in SecondarySession
// and to the Hub from a logged-in secondary. Whatever a frame holds, the session stays
// open, the frame is either handled or skipped and counted (hostile ones always skipped),
// and the next valid frame is handled normally.
#include "support/wire_corpus.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "overlay_test_support.h"
#include "protocol/message_types.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::MiniNet;
using wpn::test::CorpusFrame;

namespace {

o::SecondarySession logged_in_session() {
  o::SecondarySession session(o::SecondaryConfig{}, [] { return p::QueueStatus{3, 3, 0}; });
  session.start(0);
  p::Frame accept{p::msg::LoginAccepted, {}};
  p::encode(p::LoginAccepted{21270}, accept.payload);
  session.on_frame(accept, 0);
  (void)session.take_frames();
  (void)session.take_events();
  return session;
}

std::size_t skipped_events(const std::vector<o::SecondaryEvent>& events, std::uint16_t type) {
  return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const o::SecondaryEvent& e) {
    const auto* skipped = std::get_if<o::SkippedFrame>(&e);
    return skipped != nullptr && skipped->type == type;
  }));
}

// A valid PM from the parent: the session must answer it with 0x144F and report it.
void expect_pm_handled(o::SecondarySession& session, const std::string& label) {
  p::PmIncoming pm;
  pm.message_id = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
  pm.handle = *p::NodeHandle::parse("WinMX 0200007f1871");
  pm.name = "bob456_00001";
  pm.text = "after " + label;
  p::Frame frame{p::msg::PmIncoming, {}};
  p::encode(pm, frame.payload);
  session.on_frame(frame, 1000);
  const auto frames = session.take_frames();
  BOOST_TEST_REQUIRE(frames.size() == 1u, label);
  BOOST_TEST(frames[0].type == p::msg::PmReceived, label);
  const auto events = session.take_events();
  BOOST_TEST_REQUIRE(events.size() == 1u, label);
  const auto* incoming = std::get_if<p::PmIncoming>(&events[0]);
  BOOST_TEST_REQUIRE(incoming != nullptr, label);
  BOOST_TEST(incoming->text == pm.text, label);
}

std::vector<p::Bytes> alice_shares() {
  return o::test::share_payloads("Music",
                                 {{"Artist - Song.mp3", o::test::key_of(1, 4000000), 4000000, {128, 44100, 250}}});
}

o::HubConfig hub_config() {
  o::HubConfig c;
  c.ip = {127, 0, 0, 2};
  return c;
}

// The sender searches after the corpus frame and still gets alice's file.
void expect_search_served(MiniNet& net, o::test::Peer& sender, const std::string& label) {
  const auto before = net.events_of<o::SearchHit>(sender).size();
  const auto id = sender.session->search("artist song");
  net.pump();
  const auto hits = net.events_of<o::SearchHit>(sender);
  BOOST_TEST_REQUIRE(hits.size() == before + 1, label);
  BOOST_TEST(hits.back().result.search_id == id, label);
  BOOST_TEST(hits.back().result.path == "Music\\Artist - Song.mp3", label);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_corpus)

BOOST_AUTO_TEST_CASE(corpus_holds_every_audit_layout_and_hostile_frames) {
  const auto to_secondary = wpn::test::wire_corpus("to_secondary");
  const auto to_hub = wpn::test::wire_corpus("to_hub");
  const auto has = [](const std::vector<CorpusFrame>& corpus, const std::string& name) {
    return std::any_of(corpus.begin(), corpus.end(), [&](const CorpusFrame& f) { return f.name == name; });
  };
  for (const char* name : {"tk_0x03a1_100_bytes", "probe_0x1fcc_u16_position", "probe_0x1fd6_no_endpoint",
                           "wmw_0x138b_long_name", "probe_0x177a_user_70"})
    BOOST_TEST(has(to_secondary, name), name);
  for (const char* name : {"wmw_0x1f54_x_u32", "audit_0x1f5e_tail_2", "wmw_0x0fa3_entry_without_media",
                           "wpcc_0x238d_empty", "rmx_0x238d_u32_zero", "audit_0x1771_short_6"})
    BOOST_TEST(has(to_hub, name), name);
  BOOST_TEST(std::count_if(to_secondary.begin(), to_secondary.end(), [](const auto& f) { return f.hostile; }) >= 5);
  BOOST_TEST(std::count_if(to_hub.begin(), to_hub.end(), [](const auto& f) { return f.hostile; }) >= 5);
}

BOOST_AUTO_TEST_CASE(secondary_stays_and_handles_the_next_frame_after_each) {
  for (const auto& entry : wpn::test::wire_corpus("to_secondary")) {
    auto session = logged_in_session();
    session.on_frame(entry.frame, 1000);
    BOOST_TEST(!session.close_reason().has_value(), entry.name);
    BOOST_TEST((session.state() == o::SecondarySession::State::LoggedIn), entry.name);
    const auto events = session.take_events();
    const auto skipped = session.skipped_frames();
    BOOST_TEST(skipped <= 1u, entry.name);
    BOOST_TEST(skipped_events(events, entry.frame.type) == skipped, entry.name);  // counted = reported
    if (entry.hostile) BOOST_TEST(skipped == 1u, entry.name);
    (void)session.take_frames();  // a handled 0x13F6 or 0x03A1 is answered
    expect_pm_handled(session, entry.name);
  }
}

BOOST_AUTO_TEST_CASE(secondary_takes_the_whole_corpus_in_one_session) {
  auto session = logged_in_session();
  const auto corpus = wpn::test::wire_corpus("to_secondary");
  std::uint64_t hostile = 0;
  for (const auto& entry : corpus) {
    session.on_frame(entry.frame, 1000);
    hostile += entry.hostile ? 1 : 0;
  }
  BOOST_TEST(!session.close_reason().has_value());
  BOOST_TEST(session.skipped_frames() >= hostile);
  BOOST_TEST(session.skipped_frames() <= corpus.size());
  (void)session.take_frames();
  (void)session.take_events();
  const auto id = session.search("sexy boy");
  p::SearchResult result;
  result.search_id = id;
  result.path = "Music\\Air\\Sexy Boy.mp3";
  result.user = "alice123_00001";
  p::Frame frame{p::msg::SearchResult, {}};
  p::encode(result, frame.payload, p::default_wire_options());
  session.on_frame(frame, 2000);
  BOOST_TEST_REQUIRE(session.results(id) != nullptr);
  BOOST_TEST(session.results(id)->size() == 1u);
}

BOOST_AUTO_TEST_CASE(hub_keeps_the_sender_and_serves_its_next_search) {
  for (const auto& entry : wpn::test::wire_corpus("to_hub")) {
    MiniNet net(hub_config());
    auto& alice = net.connect("alice123", {127, 0, 0, 3}, 6700, alice_shares());
    auto& sender = net.connect("corpus", {127, 0, 0, 4});
    net.raw(sender.conn, entry.frame.type, entry.frame.payload);
    BOOST_TEST(!sender.closed, entry.name + ": " + sender.close_reason);
    BOOST_TEST(!alice.closed, entry.name);
    BOOST_TEST(net.hub.logged_in() == 2u, entry.name);
    const auto skipped = net.hub.skipped_frames();
    BOOST_TEST(skipped <= 1u, entry.name);
    BOOST_TEST(net.traces.size() == skipped, entry.name);  // counted = traced
    if (skipped == 1) {
      BOOST_TEST(net.traces[0].conn == sender.conn, entry.name);
      BOOST_TEST(net.traces[0].frame.type == entry.frame.type, entry.name);
      BOOST_TEST(net.traces[0].frame.length == entry.frame.payload.size(), entry.name);
    }
    if (entry.hostile) BOOST_TEST(skipped == 1u, entry.name);
    expect_search_served(net, sender, entry.name);
  }
}

BOOST_AUTO_TEST_CASE(hub_takes_the_whole_corpus_from_one_sender) {
  MiniNet net(hub_config());
  auto& alice = net.connect("alice123", {127, 0, 0, 3}, 6700, alice_shares());
  auto& sender = net.connect("corpus", {127, 0, 0, 4});
  const auto corpus = wpn::test::wire_corpus("to_hub");
  std::uint64_t hostile = 0;
  for (const auto& entry : corpus) {
    net.raw(sender.conn, entry.frame.type, entry.frame.payload);
    hostile += entry.hostile ? 1 : 0;
  }
  BOOST_TEST(!sender.closed, sender.close_reason);
  BOOST_TEST(!alice.closed);
  BOOST_TEST(net.hub.skipped_frames() >= hostile);
  BOOST_TEST(net.hub.user(sender.session->full_name())->skipped_frames == net.hub.skipped_frames());
  expect_search_served(net, sender, "whole corpus");
}

BOOST_AUTO_TEST_SUITE_END()
