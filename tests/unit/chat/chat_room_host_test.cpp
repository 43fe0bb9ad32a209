#include "chat/chat_room_host.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "chat_test_support.h"

using namespace wpn::chat;
namespace p = wpn::protocol;
namespace m = wpn::protocol::chat_msg;
using wpn::test::chat_frame_of;
using wpn::test::closes;
using wpn::test::join_as;
using wpn::test::sent_to;
using wpn::test::server_texts_to;
using wpn::test::types_sent_to;

namespace {

struct RoomFixture {
  wpn::test::MapBans bans;
  ChatRoomConfig config = make_config();
  ChatRoomHost host{config, bans};
  Millis now = 1000;

  static ChatRoomConfig make_config() {
    ChatRoomConfig c;
    c.topic = "Welcome";
    c.motd = {"#c4#Be nice"};
    c.user_limit = 3;
    c.operator_password = "sesame";
    return c;
  }

  std::vector<HostAction> join(ConnId conn, const std::string& name, bool v353 = true) {
    return join_from(conn, name, {192, 168, 0, static_cast<p::Byte>(conn)}, v353);
  }
  std::vector<HostAction> join_from(ConnId conn, const std::string& name, const p::Ip4& ip, bool v353 = true) {
    host.on_accepted(conn, ip, now);
    if (v353) host.on_frame(conn, chat_frame_of(p::ChatHello353{p::Bytes(1, p::ChatFlagByte)}), now);
    return host.on_frame(conn, chat_frame_of(join_as(name)), now);
  }
  std::vector<HostAction> say(ConnId conn, const std::string& text) {
    return host.on_frame(conn, chat_frame_of(p::ChatSay{text}), now);
  }
};

template <class M>
M decode_as(const SendFrame& frame) {
  auto message = p::decode_chat_server_message(frame.type, frame.payload);
  BOOST_REQUIRE(message.has_value());
  return std::get<M>(*message);
}

struct RefusalCase {
  const char* name;
  const char* expected_text;
};
std::ostream& operator<<(std::ostream& os, const RefusalCase& c) { return os << c.name; }
const RefusalCase Refusals[] = {
    {"x", "Login rejected. Username invalid."},
    {"bob 123_00001", "Login rejected. Username invalid."},
    {"{\\rtf1123_00001", "Login rejected. Username invalid."},
    {"alice999_99999", "Login rejected. Username taken."},
    {"ALICE123_00002", "Login rejected. Username taken."},
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(chat_room_host, RoomFixture)

BOOST_AUTO_TEST_CASE(a_353_client_gets_the_documented_burst_in_order) {
  join(1, "alice123_00001");
  const auto actions = join(2, "bob456_00002");
  const std::vector<std::uint16_t> expected{m::Joined, m::ServerSpeaks353, m::ColourFormat, m::Software,
                                            m::Topic,  m::UserListed,      m::ServerLine,   m::UserJoined};
  BOOST_TEST(types_sent_to(actions, 2) == expected, boost::test_tools::per_element());
  const auto sent = sent_to(actions, 2);
  BOOST_TEST(decode_as<p::ChatUserListed>(sent[5]).user.name == "alice123_00001");
  BOOST_TEST(decode_as<p::ChatServerLine>(sent[6]).text ==
             "\x03\x04"
             "Be nice");
  BOOST_TEST(decode_as<p::ChatUserJoined>(sent[7]).user.name == "bob456_00002");
}

BOOST_AUTO_TEST_CASE(a_331_client_gets_legacy_records_and_server_text_without_colours) {
  join(1, "alice123_00001");
  const auto actions = join(2, "bob456_00002", false);
  const std::vector<std::uint16_t> expected{m::Joined, m::Topic, m::UserListedLegacy, m::ActionLine,
                                            m::UserJoinedLegacy};
  BOOST_TEST(types_sent_to(actions, 2) == expected, boost::test_tools::per_element());
  BOOST_TEST(server_texts_to(actions, 2) == std::vector<std::string>{"Be nice"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_join_is_announced_to_every_member_in_its_own_version) {
  join(1, "alice123_00001");
  join(2, "bob456_00002", false);
  const auto actions = join(3, "carol789_00003");
  BOOST_TEST(types_sent_to(actions, 1) == std::vector<std::uint16_t>{m::UserJoined}, boost::test_tools::per_element());
  BOOST_TEST(types_sent_to(actions, 2) == std::vector<std::uint16_t>{m::UserJoinedLegacy},
             boost::test_tools::per_element());
  BOOST_TEST(host.user_count() == 3u);
}

BOOST_DATA_TEST_CASE_F(RoomFixture, a_refused_join_gets_0x0066_the_reason_and_a_delayed_close, Refusals, c) {
  join(1, "alice123_00001");
  const auto actions = join(2, c.name);
  BOOST_TEST(types_sent_to(actions, 2).front() == m::Joined);
  BOOST_TEST(server_texts_to(actions, 2) == std::vector<std::string>{c.expected_text},
             boost::test_tools::per_element());
  BOOST_TEST(!closes(actions, 2));
  BOOST_TEST(!closes(host.on_tick(now + config.close_delay - 1), 2));
  BOOST_TEST(closes(host.on_tick(now + config.close_delay), 2));
  BOOST_TEST(host.user_count() == 1u);
}

BOOST_AUTO_TEST_CASE(a_full_room_refuses_the_next_user) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  join(3, "carol789_00003");
  const auto actions = join(4, "dave111_00004");
  BOOST_TEST(server_texts_to(actions, 4) == std::vector<std::string>{"Server is at capacity. Please try again later."},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(text_is_relayed_to_everyone_including_the_sender) {
  join(1, "alice123_00001");
  join(2, "bob456_00002", false);
  const auto actions = say(1, "hello all");
  const auto to_alice = decode_as<p::ChatLine>(sent_to(actions, 1).at(0));
  BOOST_TEST(to_alice.name == "alice123_00001");
  BOOST_TEST(to_alice.text == "hello all");
  BOOST_TEST((to_alice.rank == std::optional<std::uint8_t>(0)));
  const auto to_bob = decode_as<p::ChatLine>(sent_to(actions, 2).at(0));
  BOOST_TEST(to_bob.text == "hello all");
  BOOST_TEST(!to_bob.rank.has_value());
  // A 3.31 say (0x00C8) is accepted too, unlike nuggit (§7.1).
  const auto legacy = host.on_frame(2, chat_frame_of(p::ChatSayLegacy{"hi from 3.31"}), now);
  BOOST_TEST(decode_as<p::ChatLine>(sent_to(legacy, 1).at(0)).text == "hi from 3.31");
}

BOOST_AUTO_TEST_CASE(me_prefixes_and_0x00ca_are_relayed_as_actions) {
  join(1, "alice123_00001");
  join(2, "bob456_00002", false);
  for (const auto& line : {"/me waves", "/action waves", "/emote waves"}) {
    const auto action = decode_as<p::ChatActionLine>(sent_to(say(1, line), 2).at(0));
    BOOST_TEST(action.name == "alice123_00001");
    BOOST_TEST(action.text == "waves");
    now += 1000;
  }
  const auto legacy = host.on_frame(2, chat_frame_of(p::ChatEmoteLegacy{"nods"}), now);
  BOOST_TEST(decode_as<p::ChatActionLine>(sent_to(legacy, 1).at(0)).text == "nods");
}

BOOST_AUTO_TEST_CASE(line_breaks_are_flattened_and_rtf_is_not_relayed) {
  join(1, "alice123_00001");
  BOOST_TEST(decode_as<p::ChatLine>(sent_to(say(1, "two\r\nlines"), 1).at(0)).text == "two  lines");
  const auto rtf = say(1, "{\\rtf1 boom}");
  BOOST_TEST(server_texts_to(rtf, 1) == std::vector<std::string>{"RTF text is not relayed."},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_long_line_is_cut_to_fit_one_frame) {
  join(1, "alice123_00001");
  const auto sent = sent_to(say(1, std::string(2000, 'x')), 1);  // within the byte burst
  BOOST_TEST(sent.at(0).payload.size() <= p::ChatMaxSendPayload);
  BOOST_TEST(decode_as<p::ChatLine>(sent.at(0)).text.size() > 900u);
}

BOOST_AUTO_TEST_CASE(a_flood_of_lines_is_dropped_with_one_notice) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  std::size_t delivered = 0;
  std::size_t notices = 0;
  for (int i = 0; i < 20; ++i) {
    const auto actions = say(1, "spam");
    delivered += sent_to(actions, 2).size();
    notices += server_texts_to(actions, 1).size();
  }
  BOOST_TEST(delivered == config.flood.burst_lines);
  BOOST_TEST(notices == 1u);
  now += 1000;  // the bucket refills at lines_per_second
  std::size_t later = 0;
  for (int i = 0; i < 5; ++i) later += sent_to(say(1, "again"), 2).size();
  BOOST_TEST(later == config.flood.lines_per_second);
}

BOOST_AUTO_TEST_CASE(bytes_per_second_limit_stops_long_lines_before_the_line_count_does) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  std::size_t delivered = 0;
  for (int i = 0; i < 5; ++i) delivered += sent_to(say(1, std::string(900, 'y')), 2).size();
  BOOST_TEST(delivered == config.flood.burst_bytes / 900);
}

BOOST_AUTO_TEST_CASE(a_rename_is_broadcast_and_a_taken_name_is_refused) {
  join(1, "alice123_00001");
  join(2, "bob456_00002", false);
  const auto renamed = host.on_frame(
      1, chat_frame_of(p::ChatDetails{p::LineType::Cable, {10, 0, 0, 1}, 6257, 9, "alicia123_00001"}), now);
  const auto to_alice = decode_as<p::ChatUserRenamed>(sent_to(renamed, 1).at(0));
  BOOST_TEST(to_alice.old_name == "alice123_00001");
  BOOST_TEST(to_alice.user.name == "alicia123_00001");
  BOOST_TEST(to_alice.user.files == 9u);
  BOOST_TEST(decode_as<p::ChatUserRenamedLegacy>(sent_to(renamed, 2).at(0)).user.name == "alicia123_00001");
  now += 1000;
  const auto taken =
      host.on_frame(2, chat_frame_of(p::ChatDetails{p::LineType::Dsl, {}, 0, 0, "Alicia999_00002"}), now);
  BOOST_TEST(sent_to(taken, 1).empty());
  BOOST_TEST(server_texts_to(taken, 2) == std::vector<std::string>{"Rename refused: that name is taken."},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(operator_commands_need_a_login) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  BOOST_TEST(
      server_texts_to(say(2, "/kick alice"), 2) == std::vector<std::string>{"You are not an operator of this room."},
      boost::test_tools::per_element());
  now += 1000;
  BOOST_TEST(server_texts_to(say(2, "/login wrong"), 2) == std::vector<std::string>{"Login failed."},
             boost::test_tools::per_element());
  now += 1000;
  const auto login = say(2, "/login sesame");
  // Everyone learns the new rank through a rename record with equal names (§6.1).
  const auto to_alice = decode_as<p::ChatUserRenamed>(sent_to(login, 1).at(0));
  BOOST_TEST(to_alice.old_name == to_alice.user.name);
  BOOST_TEST((to_alice.user.rank == p::ChatRank::Operator));
}

BOOST_AUTO_TEST_CASE(an_operator_kicks_by_base_name_and_the_victim_learns_why_before_the_close) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  join(3, "carol789_00003");
  say(2, "/login sesame");
  now += 1000;
  const auto kicked = say(2, "/kick alice");
  BOOST_TEST(
      server_texts_to(kicked, 1) == std::vector<std::string>{"You have been kicked from the room by bob456_00002."},
      boost::test_tools::per_element());
  BOOST_TEST(types_sent_to(kicked, 3) == std::vector<std::uint16_t>({m::UserLeft, m::ServerLine}),
             boost::test_tools::per_element());
  BOOST_TEST(host.user_count() == 2u);
  BOOST_TEST(sent_to(say(3, "still here"), 1).empty());
  BOOST_TEST(closes(host.on_tick(now + config.close_delay), 1));
  // A kick is not a ban: alice may come back.
  BOOST_TEST(types_sent_to(join(4, "alice123_00001"), 4).back() == m::UserJoined);
}

BOOST_AUTO_TEST_CASE(a_ban_goes_through_the_mediator_and_holds_until_it_expires) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  const auto banned = host.ban("alice123_00001", 30 * 60'000, "owner", now);
  BOOST_TEST(server_texts_to(banned, 1) ==
                 std::vector<std::string>{"You have been banned from the room by owner for 30 minutes."},
             boost::test_tools::per_element());
  BOOST_REQUIRE(bans.bans.count("alice") == 1u);
  BOOST_TEST(bans.bans.at("alice").ban.name == "alice123_00001");
  host.on_tick(now + config.close_delay);
  BOOST_TEST(server_texts_to(join(3, "alice777_00009"), 3) == std::vector<std::string>{"You have been banned."},
             boost::test_tools::per_element());
  bans.now = 30 * 60'000;  // the owner's clock passes the expiry
  BOOST_TEST(types_sent_to(join(4, "alice123_00001"), 4).back() == m::UserJoined);
}

BOOST_AUTO_TEST_CASE(an_operator_bans_and_the_owner_lifts_the_ban) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  say(2, "/login sesame");
  now += 1000;
  say(2, "/kickban alice");
  BOOST_TEST(bans.bans.count("alice") == 1u);
  BOOST_TEST(host.unban("alice"));
  BOOST_TEST(bans.bans.empty());
  BOOST_TEST(!host.unban("alice"));
}

BOOST_AUTO_TEST_CASE(a_ban_holds_the_members_ip_and_refuses_another_name_from_it) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  host.ban("alice", 0, "owner", now);
  BOOST_REQUIRE(bans.bans.count("alice") == 1u);
  BOOST_TEST(bans.bans.at("alice").ban.ip == (p::Ip4{192, 168, 0, 1}));
  host.on_tick(now + config.close_delay);
  // The same address under a new name is refused like the name; another address is not.
  BOOST_TEST(server_texts_to(join_from(3, "mallory999_00003", {192, 168, 0, 1}), 3) ==
                 std::vector<std::string>{"You have been banned."},
             boost::test_tools::per_element());
  BOOST_TEST(types_sent_to(join_from(4, "mallory999_00003", {192, 168, 0, 4}), 4).back() == m::UserJoined);
  // Lifting the ban lifts both.
  BOOST_TEST(host.unban("alice"));
  BOOST_TEST(types_sent_to(join_from(5, "carol777_00005", {192, 168, 0, 1}), 5).back() == m::UserJoined);
}

BOOST_AUTO_TEST_CASE(a_member_sharing_a_banned_ip_may_still_rename) {
  join(1, "alice123_00001");
  join_from(2, "bob456_00002", {192, 168, 0, 1});  // in the room before the ban
  host.ban("alice", 0, "owner", now);
  const auto renamed =
      host.on_frame(2, chat_frame_of(p::ChatDetails{p::LineType::Dsl, {10, 0, 0, 1}, 6257, 5, "bobby456_00002"}), now);
  BOOST_TEST(server_texts_to(renamed, 2).empty());
  BOOST_TEST(host.users().back().name == "bobby456_00002");
}

BOOST_AUTO_TEST_CASE(topic_changes_reach_everyone) {
  join(1, "alice123_00001");
  join(2, "bob456_00002", false);
  const auto actions = host.set_topic("#c3#New topic", now);
  BOOST_TEST(decode_as<p::ChatTopic>(sent_to(actions, 2).at(0)).text == "\x03\x03New topic");
  say(1, "/login sesame");
  now += 1000;
  BOOST_TEST(decode_as<p::ChatTopic>(sent_to(say(1, "/topic by op"), 2).at(0)).text == "by op");
  BOOST_TEST(host.topic() == "by op");
}

BOOST_AUTO_TEST_CASE(a_connection_that_never_joins_is_closed_after_the_login_timeout) {
  host.on_accepted(7, {127, 0, 0, 1}, now);
  BOOST_TEST(!closes(host.on_tick(now + config.login_timeout - 1), 7));
  BOOST_TEST(closes(host.on_tick(now + config.login_timeout), 7));
  BOOST_TEST(host.connections() == 0u);
}

BOOST_AUTO_TEST_CASE(frames_that_do_not_decode_are_skipped_and_the_user_stays) {
  join(1, "alice123_00001");
  for (const std::uint16_t type : {m::Join, m::Details, std::uint16_t{0x00AA}, std::uint16_t{0x4242}}) {
    const auto actions = host.on_frame(1, p::Frame{type, p::Bytes{0x41, 0x42}}, now);
    BOOST_TEST(!closes(actions, 1));
  }
  BOOST_TEST(host.user_count() == 1u);
  BOOST_TEST(sent_to(say(1, "fine"), 1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_closed_member_is_announced_as_parted) {
  join(1, "alice123_00001");
  join(2, "bob456_00002");
  const auto actions = host.on_closed(1, now);
  const auto left = decode_as<p::ChatUserLeft>(sent_to(actions, 2).at(0));
  BOOST_TEST(left.name == "alice123_00001");
  BOOST_TEST(host.user_count() == 1u);
}

BOOST_AUTO_TEST_CASE(members_get_a_keep_alive_every_interval) {
  join(1, "alice123_00001");
  BOOST_TEST(sent_to(host.on_tick(now + config.keep_alive_interval - 1), 1).empty());
  BOOST_TEST(
      types_sent_to(host.on_tick(now + config.keep_alive_interval), 1) == std::vector<std::uint16_t>{m::KeepAlive},
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
