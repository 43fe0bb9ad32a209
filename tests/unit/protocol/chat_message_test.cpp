#include "protocol/codecs/chat_message.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "chat_test_support.h"

using namespace wpn::protocol;
using wpn::test::chat_frame;
using wpn::test::hex;

namespace {

const char* const ServerFrames[] = {
    "joined_0x0066_nuggit_fancy_entry.hex",
    "software_0x9905_nuggit.hex",
    "user_joined_0x0071_u8_rank.hex",
    "user_joined_legacy_0x006e.hex",
    "user_joined_with_ip_0x0075.hex",
    "user_left_0x0073.hex",
    "user_renamed_0x0074.hex",
    "user_renamed_legacy_0x0070.hex",
    "line_0x00c9_with_rank.hex",
    "line_0x00c9_no_rank.hex",
    "action_line_0x00cb_server_text.hex",
    "server_line_0x00d2_colour.hex",
    "topic_0x012c.hex",
    "redirect_0x0190.hex",
    "keep_alive_0xfde8_rmx.hex",
};

const char* const ClientFrames[] = {
    "join_0x0064.hex",       "details_0x0065.hex",        "hello_0x13ed_wpcc.hex",      "software_0x9905_nuggit.hex",
    "say_0x1450_action.hex", "keep_alive_0xfde8_rmx.hex", "keep_alive_0xfde8_wpcc.hex",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_message)

BOOST_DATA_TEST_CASE(every_documented_server_frame_dispatches_to_its_type_and_re_encodes, ServerFrames, name) {
  const auto frame = chat_frame(name);
  const auto message = decode_chat_server_message(frame.type, frame.payload);
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(type_of(*message) == frame.type);
  Bytes out;
  encode(*message, out);
  BOOST_TEST(out == frame.payload);
}

BOOST_DATA_TEST_CASE(every_documented_client_frame_dispatches_to_its_type_and_re_encodes, ClientFrames, name) {
  const auto frame = chat_frame(name);
  const auto message = decode_chat_client_message(frame.type, frame.payload);
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(type_of(*message) == frame.type);
  Bytes out;
  encode(*message, out);
  BOOST_TEST(out == frame.payload);
}

BOOST_AUTO_TEST_CASE(nuggit_joined_is_consumed_whole_with_its_hidden_frames) {
  const auto frame = chat_frame("joined_0x0066_nuggit_fancy_entry.hex");
  const auto message = decode_chat_server_message(frame.type, frame.payload);
  BOOST_REQUIRE(message.has_value());
  const auto& joined = std::get<ChatJoined>(*message);
  BOOST_TEST(joined.raw.size() == frame.length);
  BOOST_TEST(joined.raw.front() == ChatFlagByte);
}

BOOST_AUTO_TEST_CASE(types_outside_a_direction_are_unknown) {
  // 0x00C8 from a host is an RCMS quirk; 0x9902 is an admin extension we never ask for.
  for (const std::uint16_t type : {chat_msg::SayLegacy, std::uint16_t{0x9902}, std::uint16_t{0x0069}})
    BOOST_TEST((decode_chat_server_message(type, hex("626f620068690000")).error().code == DecodeErrc::UnknownType));
  for (const std::uint16_t type : {chat_msg::Line, chat_msg::Joined, std::uint16_t{0x00AA}})
    BOOST_TEST((decode_chat_client_message(type, hex("00")).error().code == DecodeErrc::UnknownType));
}

BOOST_AUTO_TEST_CASE(a_known_frame_that_does_not_decode_is_an_error_other_than_unknown) {
  const auto part = decode_chat_server_message(chat_msg::UserLeft, hex("626f6200"));
  BOOST_REQUIRE(!part.has_value());
  BOOST_TEST((part.error().code == DecodeErrc::Truncated));
  const auto join = decode_chat_client_message(chat_msg::Join, hex("4c6f62627900"));
  BOOST_REQUIRE(!join.has_value());
  BOOST_TEST((join.error().code == DecodeErrc::Truncated));
}

BOOST_AUTO_TEST_SUITE_END()
