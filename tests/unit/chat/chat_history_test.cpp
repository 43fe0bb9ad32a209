#include "chat/chat_history.h"

#include <boost/test/unit_test.hpp>

using namespace wpn::chat;

BOOST_AUTO_TEST_SUITE(chat_history)

BOOST_AUTO_TEST_CASE(lines_get_rising_sequence_numbers_and_the_oldest_go_first) {
  ChatHistory history(3);
  for (int i = 1; i <= 5; ++i) history.add(LineKind::Chat, "bob", std::to_string(i), Millis(i));
  BOOST_TEST(history.lines().size() == 3u);
  BOOST_TEST(history.lines().front().text == "3");
  BOOST_TEST(history.lines().front().seq == 3u);
  BOOST_TEST(history.last_seq() == 5u);
}

BOOST_AUTO_TEST_CASE(since_returns_only_newer_lines) {
  ChatHistory history(10);
  for (int i = 1; i <= 4; ++i) history.add(LineKind::Server, "", std::to_string(i), 0);
  const auto newer = history.since(2);
  BOOST_REQUIRE(newer.size() == 2u);
  BOOST_TEST(newer[0].text == "3");
  BOOST_TEST(history.since(4).empty());
  BOOST_TEST(history.since(0).size() == 4u);
}

BOOST_AUTO_TEST_CASE(kind_names_are_stable_tokens) {
  BOOST_TEST(line_kind_name(LineKind::Chat) == "chat");
  BOOST_TEST(line_kind_name(LineKind::CommandEcho) == "command_echo");
}

BOOST_AUTO_TEST_SUITE_END()
