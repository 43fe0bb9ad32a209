#include "protocol/codecs/rooms.h"

#include <boost/test/unit_test.hpp>

#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::hex;

namespace {

// protocol.md §11.6 laid out by hand: seed, 0x47, request 0x11223344, 12 users,
// limit 40, port 6699, "Lobby", "Welcome".
const char* const AnnouncementHex =
    "deadbeef"
    "47"
    "44332211"
    "0c000000"
    "28000000"
    "2b1a"
    "4c6f62627900"
    "57656c636f6d6500";

}  // namespace

BOOST_AUTO_TEST_SUITE(rooms)

BOOST_AUTO_TEST_CASE(room_list_request_is_a_zero_u32) {
  Bytes out;
  encode(RoomListRequest{}, out);
  BOOST_TEST(out == hex("00000000"));
  BOOST_TEST(decode_room_list_request(hex("05000000")).value().value == 5u);
  for (std::size_t size = 1; size < 4; ++size)
    BOOST_TEST((decode_room_list_request(Bytes(size, 0)).error().code == DecodeErrc::Truncated));
}

// Wire audit D14: wpcc-mobile sends 0x238D empty, RoboMX sends [u32 0].
BOOST_AUTO_TEST_CASE(room_list_request_may_be_empty_or_a_zero_u32) {
  const auto empty = decode_room_list_request(Bytes{});
  BOOST_REQUIRE(empty.has_value());
  BOOST_TEST(empty->value == 0u);
  const auto zero = decode_room_list_request(hex("00000000"));
  BOOST_REQUIRE(zero.has_value());
  BOOST_TEST(zero->value == 0u);
}

BOOST_AUTO_TEST_CASE(room_list_entry_round_trips_documented_layout) {
  const RoomListEntry entry{12, 40, "Lobby_0100007F1A2B", "Welcome"};
  Bytes out;
  encode(entry, out);
  BOOST_TEST(out == hex("0c000000 28000000 4c6f6262795f30313030303037463141324200 57656c636f6d6500"));
  BOOST_TEST((decode_room_list_entry(out).value() == entry));
}

BOOST_AUTO_TEST_CASE(room_list_entry_truncation_fails_until_the_topic) {
  Bytes out;
  encode(RoomListEntry{1, 2, "Lobby", "Hi"}, out);
  const std::size_t topic_start = 8 + 6;
  for (std::size_t cut = 0; cut < out.size(); ++cut) {
    const auto entry = decode_room_list_entry(ByteView(out).first(cut));
    BOOST_TEST_CONTEXT("cut at " << cut) {
      if (cut < topic_start)
        BOOST_TEST(!entry.has_value());
      else
        BOOST_TEST(entry.value().topic.size() == cut - topic_start);
    }
  }
}

BOOST_AUTO_TEST_CASE(room_list_entry_rejects_overlong_strings) {
  Bytes out;
  encode(RoomListEntry{1, 2, std::string(MaxListedRoomNameLength + 1, 'r'), "t"}, out);
  BOOST_TEST((decode_room_list_entry(out).error().code == DecodeErrc::LengthOverLimit));
  out.clear();
  encode(RoomListEntry{1, 2, std::string(MaxListedRoomNameLength, 'r'), std::string(MaxRoomTopicLength + 1, 't')}, out);
  BOOST_TEST((decode_room_list_entry(out).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_CASE(announcement_decodes_documented_layout) {
  const auto room = decode_room_announcement(hex(AnnouncementHex));
  BOOST_REQUIRE(room.has_value());
  const std::array<Byte, 4> seed{0xDE, 0xAD, 0xBE, 0xEF};
  BOOST_TEST(room->seed == seed);
  BOOST_TEST(room->request_id == 0x11223344u);
  BOOST_TEST(room->users == 12u);
  BOOST_TEST(room->limit == 40u);
  BOOST_TEST(room->port == 6699);
  BOOST_TEST(room->name == "Lobby");
  BOOST_TEST(room->topic == "Welcome");
  Bytes out;
  encode(*room, out);
  BOOST_TEST(out == hex(AnnouncementHex));
}

BOOST_AUTO_TEST_CASE(announcement_of_another_type_is_wrong_type) {
  Bytes other = hex(AnnouncementHex);
  other[4] = 0x48;
  const auto room = decode_room_announcement(other);
  BOOST_REQUIRE(!room.has_value());
  BOOST_TEST((room.error().code == DecodeErrc::WrongType));
  BOOST_TEST(room.error().offset == 4u);
}

BOOST_AUTO_TEST_CASE(announcement_truncation_fails_until_the_topic) {
  const Bytes payload = hex(AnnouncementHex);
  const std::size_t topic_start = 19 + 6;
  for (std::size_t cut = 0; cut < payload.size(); ++cut) {
    const auto room = decode_room_announcement(ByteView(payload).first(cut));
    BOOST_TEST_CONTEXT("cut at " << cut) {
      if (cut < topic_start)
        BOOST_TEST(!room.has_value());
      else
        BOOST_TEST(room.value().topic.size() == cut - topic_start);
    }
  }
}

BOOST_AUTO_TEST_CASE(announcement_enforces_documented_limits) {
  RoomAnnouncement room;
  room.name = std::string(MaxRoomNameLength, 'n');
  room.topic = std::string(MaxRoomTopicLength, 't');
  Bytes out;
  encode(room, out);
  BOOST_TEST(decode_room_announcement(out).has_value());
  room.name.push_back('n');
  out.clear();
  encode(room, out);
  BOOST_TEST((decode_room_announcement(out).error().code == DecodeErrc::LengthOverLimit));
  room.name.pop_back();
  room.topic.push_back('t');
  out.clear();
  encode(room, out);
  BOOST_TEST((decode_room_announcement(out).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_CASE(listed_room_name_carries_reversed_ip_and_tcp_port) {
  // protocol.md §7.2: roomname_0100007F1A2B = 127.0.0.1, TCP 6699.
  BOOST_TEST(listed_room_name("roomname", {127, 0, 0, 1}, 6699) == "roomname_0100007F1A2B");
  WireOptions lower;
  lower.room_suffix_upper_hex = false;
  BOOST_TEST(listed_room_name("roomname", {127, 0, 0, 1}, 6699, lower) == "roomname_0100007f1a2b");
  const auto parsed = parse_listed_room_name("roomname_0100007f1A2B");
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->name == "roomname");
  const Ip4 loopback{127, 0, 0, 1};
  BOOST_TEST(parsed->ip == loopback);
  BOOST_TEST(parsed->tcp_port == 6699);
  BOOST_TEST(parse_listed_room_name("_0100007F1A2B").value().name.empty());
}

BOOST_AUTO_TEST_CASE(listed_room_name_without_suffix_is_not_parsed) {
  for (const char* const name : {"roomname", "roomname_0100007F1A2", "roomname-0100007F1A2B", "roomname_0100007G1A2B",
                                 "roomname_0100007F1A2+", "0100007F1A2B"})
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(!parse_listed_room_name(name).has_value()); }
}

BOOST_AUTO_TEST_CASE(dispatch_decodes_by_frame_type_and_rejects_others) {
  const Bytes entry = hex("0c000000 28000000 4c6f62627900 57656c636f6d6500");
  const auto message = decode_room_list_message(0x238E, entry);
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(type_of(*message) == 0x238E);
  BOOST_TEST(std::get<RoomListEntry>(*message).name == "Lobby");
  Bytes out;
  encode(*message, out);
  BOOST_TEST(out == entry);
  BOOST_TEST(type_of(decode_room_list_message(0x238D, hex("00000000")).value()) == 0x238D);
  BOOST_TEST((decode_room_list_message(0x0047, entry).error().code == DecodeErrc::WrongType));
}

BOOST_AUTO_TEST_SUITE_END()
