#include "chat/chat_client_session.h"

#include <boost/test/unit_test.hpp>

#include "chat_test_support.h"
#include "unit/protocol/chat_test_support.h"

using namespace wpn::chat;
namespace p = wpn::protocol;
namespace m = wpn::protocol::chat_msg;
using wpn::test::chat_frame_of;

namespace {

p::ChatUser user(std::string name, p::ChatRank rank = p::ChatRank::Normal) {
  return p::ChatUser{std::move(name), {10, 0, 0, 2}, 6257, p::LineType::Cable, 12, rank};
}

struct ClientFixture {
  ChatClientConfig config = make_config();
  ChatClientSession session{config};
  Millis now = 1000;

  static ChatClientConfig make_config() {
    ChatClientConfig c;
    c.room = "Lobby_0100007F1A2B";
    c.name = "me123_00007";
    c.node_ip = {10, 0, 0, 1};
    c.node_port = 6257;
    c.files = 42;
    c.history_limit = 5;
    return c;
  }

  template <class M>
  void feed(const M& message) {
    session.on_frame(chat_frame_of(message), now);
  }
  // 0x0066, 0x0068, the list with bob, then our own join.
  void join_353_room() {
    session.start(now);
    session.take_frames();
    feed(p::ChatJoined{p::Bytes(1, p::ChatFlagByte)});
    feed(p::ChatServerSpeaks353{p::Bytes(1, p::ChatFlagByte)});
    feed(p::ChatTopic{"Welcome"});
    feed(p::ChatUserListed{user("bob456_00002", p::ChatRank::Operator)});
    feed(p::ChatUserJoined{user("me123_00007")});
  }
  std::vector<HistoryLine> lines() {
    std::vector<HistoryLine> out;
    for (auto& event : session.take_events())
      if (auto* line = std::get_if<LineAdded>(&event)) out.push_back(line->line);
    return out;
  }
};

template <class M>
M decode_client(const p::Frame& frame) {
  auto message = p::decode_chat_client_message(frame.type, frame.payload);
  BOOST_REQUIRE(message.has_value());
  return std::get<M>(*message);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(chat_client_session, ClientFixture)

BOOST_AUTO_TEST_CASE(start_says_3_53_then_joins_with_our_details) {
  session.start(now);
  const auto frames = session.take_frames();
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(frames[0].type == m::Hello353);
  const auto join = decode_client<p::ChatJoin>(frames[1]);
  BOOST_TEST(join.room == "Lobby_0100007F1A2B");
  BOOST_TEST(join.name == "me123_00007");
  BOOST_TEST((join.line_type == p::LineType::Dsl));
  BOOST_TEST((join.node_ip == p::Ip4{10, 0, 0, 1}));
  BOOST_TEST(join.node_port == 6257);
  BOOST_TEST(join.files == 42u);
}

BOOST_AUTO_TEST_CASE(a_3_31_client_sends_no_hello_and_a_redirected_one_names_the_old_room) {
  config.speak_353 = false;
  config.redirected_from = "Old_0100007F1A2B";
  ChatClientSession legacy{config};
  legacy.start(now);
  const auto frames = legacy.take_frames();
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(decode_client<p::ChatRedirectedFrom>(frames[0]).text == "Old_0100007F1A2B");
  BOOST_TEST(frames[1].type == m::Join);
}

BOOST_AUTO_TEST_CASE(the_burst_ends_at_our_own_join_with_the_list_and_topic) {
  join_353_room();
  BOOST_TEST((session.state() == ChatClientSession::State::InRoom));
  BOOST_TEST(session.host_speaks_353());
  BOOST_TEST(session.topic() == "Welcome");
  BOOST_REQUIRE(session.users().size() == 2u);
  BOOST_TEST(session.users()[0].name == "bob456_00002");
  BOOST_TEST((session.users()[0].rank == p::ChatRank::Operator));
  BOOST_TEST(session.users()[0].files == 12u);
  const auto events = session.take_events();
  BOOST_TEST(std::holds_alternative<RoomJoined>(events.back()));
  BOOST_TEST(std::get<RoomJoined>(events.back()).users == 2u);
}

BOOST_AUTO_TEST_CASE(nuggit_joined_is_consumed_whole_and_its_hidden_frames_ignored) {
  session.start(now);
  const auto captured = wpn::test::chat_frame("joined_0x0066_nuggit_fancy_entry.hex");
  session.on_frame(p::Frame{captured.type, captured.payload}, now);
  BOOST_TEST((session.state() == ChatClientSession::State::InBurst));
  BOOST_TEST(session.users().empty());
}

BOOST_AUTO_TEST_CASE(text_goes_as_0x1450_to_a_353_host) {
  join_353_room();
  BOOST_TEST(session.say("hello", now));
  BOOST_TEST(session.act("waves", now));
  const auto frames = session.take_frames();
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(decode_client<p::ChatSay>(frames[0]).text == "hello");
  BOOST_TEST(decode_client<p::ChatSay>(frames[1]).text == "/me waves");
}

BOOST_AUTO_TEST_CASE(text_goes_as_0x00c8_and_0x00ca_to_a_331_host) {
  session.start(now);
  feed(p::ChatJoined{p::Bytes(1, 0)});
  feed(p::ChatUserJoinedLegacy{user("me123_00007")});
  session.take_frames();
  BOOST_TEST(session.say("hello\nthere", now));
  BOOST_TEST(session.act("waves", now));
  BOOST_TEST(!session.say("{\\rtf1 x}", now));
  const auto frames = session.take_frames();
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(decode_client<p::ChatSayLegacy>(frames[0]).text == "hello there");
  BOOST_TEST(decode_client<p::ChatEmoteLegacy>(frames[1]).text == "waves");
}

BOOST_AUTO_TEST_CASE(a_list_entry_after_login_is_a_join) {
  join_353_room();
  session.take_events();
  feed(p::ChatUserListed{user("carol789_00003")});
  const auto added = lines();
  BOOST_REQUIRE(added.size() == 1u);
  BOOST_TEST((added[0].kind == LineKind::Joined));
  BOOST_TEST(added[0].name == "carol789_00003");
  BOOST_TEST(session.users().size() == 3u);
}

BOOST_AUTO_TEST_CASE(parts_renames_and_rank_changes_update_the_list) {
  join_353_room();
  session.take_events();
  feed(p::ChatUserRenamed{"bob456_00002", {10, 0, 0, 2}, 6257, user("robert456_00002", p::ChatRank::Operator)});
  feed(p::ChatUserRenamed{"me123_00007", {10, 0, 0, 1}, 6257, user("me123_00007", p::ChatRank::Voiced)});
  feed(p::ChatUserLeft{"robert456_00002", {10, 0, 0, 2}, 6257});
  const auto added = lines();
  BOOST_REQUIRE(added.size() == 2u);  // a rank change is no line
  BOOST_TEST((added[0].kind == LineKind::Renamed));
  BOOST_TEST(added[0].name == "bob456_00002");
  BOOST_TEST(added[0].text == "robert456_00002");
  BOOST_TEST((added[1].kind == LineKind::Left));
  BOOST_REQUIRE(session.users().size() == 1u);
  BOOST_TEST((session.users()[0].rank == p::ChatRank::Voiced));
}

BOOST_AUTO_TEST_CASE(every_kind_of_room_text_becomes_a_history_line) {
  join_353_room();
  session.take_events();
  feed(p::ChatLine{"bob", "hi", std::uint8_t{1}});
  feed(p::ChatActionLine{"bob", "waves"});
  feed(p::ChatActionLine{"", "server says"});
  feed(p::ChatServerLine{"\x03\x04notice"});
  feed(p::ChatCommandEcho{"echo"});
  const auto added = lines();
  BOOST_REQUIRE(added.size() == 5u);
  BOOST_TEST((added[0].kind == LineKind::Chat));
  BOOST_TEST(added[0].text == "hi");
  BOOST_TEST((added[1].kind == LineKind::Action));
  BOOST_TEST((added[2].kind == LineKind::Server));
  BOOST_TEST(added[2].text == "server says");
  BOOST_TEST(added[3].text == "\x03\x04notice");
  BOOST_TEST((added[4].kind == LineKind::CommandEcho));
  feed(p::ChatMotd{"motd"});
  BOOST_TEST((lines().at(0).kind == LineKind::Motd));
}

BOOST_AUTO_TEST_CASE(history_keeps_only_the_newest_lines) {
  join_353_room();
  for (int i = 0; i < 8; ++i) feed(p::ChatLine{"bob", "line " + std::to_string(i), std::nullopt});
  const auto& kept = session.history().lines();
  BOOST_REQUIRE(kept.size() == config.history_limit);
  BOOST_TEST(kept.front().text == "line 3");
  BOOST_TEST(kept.back().text == "line 7");
  BOOST_TEST(session.history().since(kept.back().seq - 1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_refusal_is_told_from_a_network_error) {
  session.start(now);
  feed(p::ChatJoined{p::Bytes(1, p::ChatFlagByte)});
  feed(p::ChatServerLine{"Login rejected. Username taken."});
  session.on_closed(true, now + 5000);
  BOOST_REQUIRE(session.end().has_value());
  BOOST_TEST((session.end()->reason == ChatEndReason::Rejected));
  BOOST_TEST(session.end()->text == "Login rejected. Username taken.");
  BOOST_TEST(!should_reconnect(ChatEndReason::Rejected));

  ChatClientSession dropped{config};
  dropped.start(now);
  dropped.on_closed(false, now);
  BOOST_TEST((dropped.end()->reason == ChatEndReason::NetworkError));
  BOOST_TEST(should_reconnect(ChatEndReason::NetworkError));
}

BOOST_AUTO_TEST_CASE(a_silent_close_after_0x0066_is_a_rejection_without_words) {
  // RoboServ closes without a line on a bad name, a ban or a failed keyword (§5.3).
  session.start(now);
  feed(p::ChatJoined{p::Bytes(1, 0)});
  session.on_closed(true, now + 100);
  BOOST_TEST((session.end()->reason == ChatEndReason::Rejected));
  BOOST_TEST(session.end()->text.empty());
}

BOOST_AUTO_TEST_CASE(a_record_for_a_listed_name_updates_it_instead_of_adding_a_second) {
  join_353_room();
  feed(p::ChatUserListed{user("bob456_00002", p::ChatRank::Voiced)});
  BOOST_REQUIRE(session.users().size() == 2u);
  BOOST_TEST((session.users()[0].rank == p::ChatRank::Voiced));
}

BOOST_AUTO_TEST_CASE(kicks_and_bans_are_reported_as_such_and_not_reconnected) {
  join_353_room();
  feed(p::ChatServerLine{"You have been kicked from the room by bob."});
  session.on_closed(true, now + 2000);
  BOOST_TEST((session.end()->reason == ChatEndReason::Kicked));
  BOOST_TEST(!should_reconnect(ChatEndReason::Kicked));

  ChatClientSession banned{config};
  banned.start(now);
  banned.on_frame(chat_frame_of(p::ChatJoined{p::Bytes(1, p::ChatFlagByte)}), now);
  banned.on_frame(chat_frame_of(p::ChatActionLine{"", "You have been banned."}), now);
  banned.on_closed(true, now + 5000);
  BOOST_TEST((banned.end()->reason == ChatEndReason::Banned));
  BOOST_TEST(!should_reconnect(ChatEndReason::Banned));
}

BOOST_AUTO_TEST_CASE(an_unexplained_close_is_the_host_and_old_words_do_not_count) {
  join_353_room();
  feed(p::ChatServerLine{"You have been kicked, long ago."});
  session.on_closed(true, now + config.last_words_window + 1);
  BOOST_TEST((session.end()->reason == ChatEndReason::ClosedByHost));
  BOOST_TEST(should_reconnect(ChatEndReason::ClosedByHost));
}

BOOST_AUTO_TEST_CASE(a_redirect_is_followed_once) {
  join_353_room();
  feed(p::ChatRedirect{"Other_0100007F1A2C"});
  BOOST_TEST((session.end()->reason == ChatEndReason::Redirected));
  BOOST_TEST(session.end()->text == "Other_0100007F1A2C");
  BOOST_TEST(session.close_reason().has_value());

  config.redirected_from = "Lobby_0100007F1A2B";
  ChatClientSession second{config};
  second.start(now);
  second.on_frame(chat_frame_of(p::ChatRedirect{"Third_0100007F1A2D"}), now);
  BOOST_TEST(!second.end().has_value());
  BOOST_TEST(!second.close_reason().has_value());
}

BOOST_AUTO_TEST_CASE(an_idle_session_pings_every_keep_alive_interval) {
  join_353_room();
  session.on_tick(now + config.keep_alive_interval - 1);
  BOOST_TEST(session.take_frames().empty());
  session.on_tick(now + config.keep_alive_interval);
  const auto frames = session.take_frames();
  BOOST_REQUIRE(frames.size() == 1u);
  BOOST_TEST(frames[0].type == m::KeepAlive);
}

BOOST_AUTO_TEST_CASE(no_answer_to_the_join_times_out_and_a_silent_burst_still_enters) {
  session.start(now);
  session.on_tick(now + config.join_timeout);
  BOOST_TEST((session.end()->reason == ChatEndReason::TimedOut));
  BOOST_TEST(session.close_reason().has_value());

  ChatClientSession quiet{config};
  quiet.start(now);
  quiet.on_frame(chat_frame_of(p::ChatJoined{p::Bytes(1, p::ChatFlagByte)}), now);
  quiet.on_tick(now + config.burst_timeout);
  BOOST_TEST((quiet.state() == ChatClientSession::State::InRoom));
}

BOOST_AUTO_TEST_CASE(frames_that_do_not_decode_are_skipped) {
  join_353_room();
  session.on_frame(p::Frame{m::UserLeft, p::Bytes{0x62, 0x6f, 0x62, 0x00}}, now);
  session.on_frame(p::Frame{0x9902, p::Bytes{1, 2, 3}}, now);
  session.on_frame(p::Frame{m::SayLegacy, p::Bytes{0x41, 0x00, 0x42, 0x00}}, now);
  BOOST_TEST((session.state() == ChatClientSession::State::InRoom));
  BOOST_TEST(session.users().size() == 2u);
  BOOST_TEST(!session.close_reason().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
