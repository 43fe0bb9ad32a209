#include "protocol/codecs/chat_text.h"

#include <boost/test/unit_test.hpp>

#include "chat_test_support.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::chat_frame;

BOOST_AUTO_TEST_SUITE(chat_text)

BOOST_AUTO_TEST_CASE(chat_line_from_nuggit_carries_a_rank_byte) {
  const auto frame = chat_frame("line_0x00c9_with_rank.hex");
  BOOST_TEST(frame.type == chat_msg::Line);
  const auto line = decode_chat_line(frame.payload);
  BOOST_REQUIRE(line.has_value());
  BOOST_TEST(line->name == "bob");
  BOOST_TEST(line->text == "hello all");
  BOOST_TEST((line->rank == std::optional<std::uint8_t>(0)));
  Bytes out;
  encode(*line, out);
  BOOST_TEST(out == frame.payload);
}

BOOST_AUTO_TEST_CASE(chat_line_from_roboserv_has_no_rank) {
  const auto frame = chat_frame("line_0x00c9_no_rank.hex");
  const auto line = decode_chat_line(frame.payload);
  BOOST_REQUIRE(line.has_value());
  BOOST_TEST(line->name == "bob887_52531");
  BOOST_TEST(line->text == "hello all");
  BOOST_TEST(!line->rank.has_value());
  Bytes out;
  encode(*line, out);
  BOOST_TEST(out == frame.payload);
  BOOST_TEST(!decode_chat_line(bytes_of("bob")).has_value());
}

BOOST_AUTO_TEST_CASE(action_line_with_an_empty_name_is_server_text) {
  const auto frame = chat_frame("action_line_0x00cb_server_text.hex");
  const auto line = decode_chat_action_line(frame.payload);
  BOOST_REQUIRE(line.has_value());
  BOOST_TEST(line->name.empty());
  BOOST_TEST(line->text == "Login rejected. Username taken.");
  Bytes out;
  encode(*line, out);
  BOOST_TEST(out == frame.payload);
}

BOOST_AUTO_TEST_CASE(server_line_keeps_colour_escapes) {
  const auto frame = chat_frame("server_line_0x00d2_colour.hex");
  const auto line = decode_chat_text<ChatServerLine>(frame.payload);
  BOOST_REQUIRE(line.has_value());
  BOOST_TEST(line->text == "\x03\x04red notice");
}

BOOST_AUTO_TEST_CASE(single_string_messages_read_say_topic_and_redirect) {
  BOOST_TEST(decode_chat_text<ChatSay>(chat_frame("say_0x1450_action.hex").payload).value().text == "/me waves");
  BOOST_TEST(decode_chat_text<ChatTopic>(chat_frame("topic_0x012c.hex").payload).value().text == "Fresh topic");
  BOOST_TEST(decode_chat_text<ChatRedirect>(chat_frame("redirect_0x0190.hex").payload).value().text ==
             "Other_0100007F1A2C");
}

BOOST_AUTO_TEST_CASE(text_without_nul_is_kept_and_text_over_the_limit_is_refused) {
  BOOST_TEST(decode_chat_text<ChatSayLegacy>(bytes_of("hi")).value().text == "hi");
  BOOST_TEST(decode_chat_text<ChatSayLegacy>(Bytes{}).value().text.empty());
  const std::string longest(MaxChatTextLength, 'x');
  BOOST_TEST(decode_chat_text<ChatSayLegacy>(bytes_of(longest)).has_value());
  BOOST_TEST((decode_chat_text<ChatSayLegacy>(bytes_of(longest + "x")).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_SUITE_END()
