#include "protocol/codecs/chat_join.h"

#include <boost/test/unit_test.hpp>

#include "chat_test_support.h"

using namespace wpn::protocol;
using wpn::test::chat_frame;
using wpn::test::hex;
using wpn::test::require_truncations_fail;

BOOST_AUTO_TEST_SUITE(chat_join)

BOOST_AUTO_TEST_CASE(join_decodes_documented_layout_and_encodes_it_back) {
  const auto frame = chat_frame("join_0x0064.hex");
  BOOST_TEST(frame.type == chat_msg::Join);
  BOOST_TEST(frame.length == frame.payload.size());
  const auto join = decode_chat_join(frame.payload);
  BOOST_REQUIRE(join.has_value());
  BOOST_TEST(join->room == "Lobby_0100007F1A2B");
  BOOST_TEST((join->line_type == LineType::Dsl));
  BOOST_TEST((join->node_ip == Ip4{127, 0, 0, 1}));
  BOOST_TEST(join->node_port == 6257);
  BOOST_TEST(join->files == 42u);
  BOOST_TEST(join->name == "alice123_04321");
  Bytes out;
  encode(*join, out);
  BOOST_TEST(out == frame.payload);
}

BOOST_AUTO_TEST_CASE(join_truncated_before_the_name_fails_and_a_name_without_nul_is_kept) {
  const auto frame = chat_frame("join_0x0064.hex");
  const std::size_t name_start = 19 + 12;
  require_truncations_fail(frame.payload, name_start, [](ByteView p) { return decode_chat_join(p); });
  const auto no_nul = decode_chat_join(ByteView(frame.payload).first(frame.payload.size() - 1));
  BOOST_REQUIRE(no_nul.has_value());
  BOOST_TEST(no_nul->name == "alice123_04321");
}

BOOST_AUTO_TEST_CASE(join_with_an_overlong_room_name_is_over_limit) {
  ChatJoin join;
  join.room = std::string(MaxChatRoomNameLength + 1, 'r');
  join.name = "alice123_04321";
  Bytes out;
  encode(join, out);
  BOOST_TEST((decode_chat_join(out).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_CASE(details_carry_the_name_last) {
  const auto frame = chat_frame("details_0x0065.hex");
  BOOST_TEST(frame.type == chat_msg::Details);
  const auto details = decode_chat_details(frame.payload);
  BOOST_REQUIRE(details.has_value());
  BOOST_TEST((details->line_type == LineType::Cable));
  BOOST_TEST((details->node_ip == Ip4{192, 168, 1, 2}));
  BOOST_TEST(details->node_port == 6257);
  BOOST_TEST(details->files == 10u);
  BOOST_TEST(details->name == "carol555_11111");
  Bytes out;
  encode(*details, out);
  BOOST_TEST(out == frame.payload);
  require_truncations_fail(frame.payload, 12, [](ByteView p) { return decode_chat_details(p); });
}

BOOST_AUTO_TEST_CASE(hello_keeps_the_byte_and_the_u16_forms_verbatim) {
  const auto wpcc = chat_frame("hello_0x13ed_wpcc.hex");
  BOOST_TEST(wpcc.type == chat_msg::Hello353);
  BOOST_TEST(decode_chat_opaque<ChatHello353>(wpcc.payload).value().raw == hex("3100"));
  BOOST_TEST(decode_chat_opaque<ChatHello353>(hex("31")).value().raw == hex("31"));
  BOOST_TEST(decode_chat_opaque<ChatHello353>(Bytes{}).value().raw.empty());
}

BOOST_AUTO_TEST_CASE(software_id_decodes_nuggit_and_tolerates_a_missing_version) {
  const auto frame = chat_frame("software_0x9905_nuggit.hex");
  const auto id = decode_chat_software(frame.payload);
  BOOST_REQUIRE(id.has_value());
  BOOST_TEST(id->software == "nuggit");
  BOOST_TEST(id->version == "0.1.88");
  Bytes out;
  encode(*id, out);
  BOOST_TEST(out == frame.payload);
  const auto bare = decode_chat_software(wpn::test::bytes_of("RoboMX"));
  BOOST_REQUIRE(bare.has_value());
  BOOST_TEST(bare->software == "RoboMX");
  BOOST_TEST(bare->version.empty());
}

BOOST_AUTO_TEST_SUITE_END()
