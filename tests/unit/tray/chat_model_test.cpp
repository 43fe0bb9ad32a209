#include <boost/test/unit_test.hpp>

#include "model/chat_tabs.h"
#include "model/chat_text.h"

using namespace wpn::tray;

BOOST_AUTO_TEST_SUITE(chat_model)

BOOST_AUTO_TEST_CASE(colour_codes_split_text_into_spans) {
  // nuggit's echo of a command (chat.md §7.2).
  const auto spans = parse_colours("\x03\x08> \x03\x01/cmd arg");
  BOOST_TEST(spans.size() == 2u);
  BOOST_TEST((spans[0] == ColouredSpan{8, "> "}));
  BOOST_TEST((spans[1] == ColouredSpan{1, "/cmd arg"}));
  BOOST_TEST((parse_colours("plain") == std::vector<ColouredSpan>{{0, "plain"}}));
  BOOST_TEST((parse_colours("a\x03\xff"
                            "b") == std::vector<ColouredSpan>{{0, "a"}, {255, "b"}}));
}

BOOST_AUTO_TEST_CASE(broken_codes_never_leak_into_the_text) {
  BOOST_TEST(strip_colours("\x03\x04red notice") == "red notice");
  BOOST_TEST(strip_colours("end\x03") == "end");
  BOOST_TEST(strip_colours(std::string("a\x03\x00"
                                       "b",
                                       4)) == "ab");
  BOOST_TEST(strip_colours("\x03\x03\x03\x05x") == "x");
  BOOST_TEST(parse_colours("").empty());
  BOOST_TEST(parse_colours("\x03\x04").empty());
}

BOOST_AUTO_TEST_CASE(colours_are_stable_and_readable) {
  BOOST_TEST(colour_rgb(4) == 0xFF0000u);
  BOOST_TEST(colour_rgb(0) == 0u);
  BOOST_TEST(colour_rgb(200) == colour_rgb(200));
  BOOST_TEST(colour_rgb(60) != colour_rgb(61));
  for (int c = 10; c < 256; ++c) {
    const auto rgb = colour_rgb(c);
    BOOST_TEST(((rgb >> 16) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) < 3 * 200u, c);  // not near white
  }
}

BOOST_AUTO_TEST_CASE(me_is_an_action) {
  const auto action = parse_chat_input("/me waves");
  BOOST_TEST(action.action);
  BOOST_TEST(action.text == "waves");
  BOOST_TEST(parse_chat_input("/emote nods").action);
  const auto said = parse_chat_input("/meow");
  BOOST_TEST(!said.action);
  BOOST_TEST(said.text == "/meow");
}

BOOST_AUTO_TEST_CASE(lines_in_other_tabs_are_unread_until_activated) {
  ChatTabs tabs;
  tabs.set_own_name("me_123");
  const auto lobby = tabs.open(ChatTabKind::Room, "lobby");
  BOOST_TEST(*tabs.active() == lobby);
  tabs.add_line(ChatTabKind::Room, "lobby", {"a_1", "hi", false, false});
  BOOST_TEST(tabs.tab(lobby).unread == 0u);
  // A private message opens its own tab, unread.
  tabs.add_line(ChatTabKind::Private, "bob_2", {"bob_2", "psst", false, false});
  tabs.add_line(ChatTabKind::Private, "bob_2", {"bob_2", "\x03\x04me_123 there?", false, false});
  const auto bob = *tabs.find(ChatTabKind::Private, "bob_2");
  BOOST_TEST(tabs.label(bob) == "bob_2 (2) *");
  BOOST_TEST(tabs.label(lobby) == "#lobby");
  tabs.set_title(lobby, "Lobby");
  BOOST_TEST(tabs.label(lobby) == "#Lobby");
  BOOST_TEST(tabs.total_unread() == 2u);
  // Our own lines are never unread.
  tabs.add_line(ChatTabKind::Private, "bob_2", {"me_123", "yes", false, true});
  BOOST_TEST(tabs.tab(bob).unread == 2u);
  tabs.activate(bob);
  BOOST_TEST(tabs.label(bob) == "bob_2");
  BOOST_TEST(tabs.total_unread() == 0u);
}

BOOST_AUTO_TEST_CASE(history_is_bounded_and_closing_moves_the_active_tab) {
  ChatTabs tabs(3);
  for (int i = 0; i < 5; ++i) tabs.add_line(ChatTabKind::Room, "r", {"u", std::to_string(i), false, false});
  BOOST_TEST(tabs.tab(0).lines.size() == 3u);
  BOOST_TEST(tabs.tab(0).lines.front().text == "2");
  tabs.open(ChatTabKind::Room, "s");
  tabs.add_line(ChatTabKind::Room, "s", {"u", "x", false, false});
  tabs.activate(1);
  tabs.close(1);
  BOOST_TEST(*tabs.active() == 0u);
  tabs.close(0);
  BOOST_TEST(!tabs.active().has_value());
  BOOST_TEST(tabs.size() == 0u);
}

BOOST_AUTO_TEST_CASE(input_history_walks_back_and_returns_to_the_draft) {
  InputHistory history;
  BOOST_TEST(!history.older("draft").has_value());
  history.push("one");
  history.push("two");
  history.push("two");  // a repeat is kept once
  BOOST_TEST(*history.older("draft") == "two");
  BOOST_TEST(*history.older("ignored") == "one");
  BOOST_TEST(!history.older("ignored").has_value());
  BOOST_TEST(*history.newer() == "two");
  BOOST_TEST(*history.newer() == "draft");
  BOOST_TEST(!history.newer().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
