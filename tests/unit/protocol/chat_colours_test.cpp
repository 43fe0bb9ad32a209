#include "protocol/codecs/chat_colours.h"

#include <boost/test/unit_test.hpp>

using namespace wpn::protocol;

namespace {

// chat.md §7.1: how nuggit preformats a chat line for a 3.53 user.
const std::string NuggitLine = "\x03\x08<\x03\x03name\x03\x08> \x03\x01text";
// chat.md §7.1: a nuggit action line for 3.53 users.
const std::string NuggitAction = "\x03\x03name \x03\x03waves";

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_colours)

BOOST_AUTO_TEST_CASE(stripping_removes_each_escape_and_its_colour_byte) {
  BOOST_TEST(strip_chat_colours("\x03\x04red notice") == "red notice");
  BOOST_TEST(strip_chat_colours(NuggitLine) == "<name> text");
  BOOST_TEST(strip_chat_colours(NuggitAction) == "name waves");
  BOOST_TEST(strip_chat_colours("plain") == "plain");
  BOOST_TEST(strip_chat_colours("cut\x03") == "cut");
}

BOOST_AUTO_TEST_CASE(spans_give_each_run_its_colour) {
  const std::vector<ColourSpan> expected{{"<", 8}, {"name", 3}, {"> ", 8}, {"text", 1}};
  BOOST_TEST((chat_colour_spans(NuggitLine) == expected));
  const std::vector<ColourSpan> notice{{"before ", std::nullopt}, {"red notice", 4}};
  BOOST_TEST((chat_colour_spans("before \x03\x04red notice") == notice));
}

BOOST_AUTO_TEST_CASE(spans_merge_runs_of_one_colour_and_drop_empty_ones) {
  const std::vector<ColourSpan> expected{{"name waves", 3}};
  BOOST_TEST((chat_colour_spans(NuggitAction) == expected));
  const std::vector<ColourSpan> last_wins{{"x", 5}};
  BOOST_TEST((chat_colour_spans("\x03\x04\x03\x05x") == last_wins));
  BOOST_TEST(chat_colour_spans("\x03\x04").empty());
  BOOST_TEST(chat_colour_spans("").empty());
}

BOOST_AUTO_TEST_CASE(expanding_turns_hash_c_codes_into_escapes) {
  BOOST_TEST(expand_colour_codes("#c4#red notice") == "\x03\x04red notice");
  BOOST_TEST(expand_colour_codes("#c253#x#C1#y") == "\x03\xFDx\x03\x01y");
  BOOST_TEST(expand_colour_codes("#c0# #c256# #cz# #c12") == "#c0# #c256# #cz# #c12");
  BOOST_TEST(expand_colour_codes("#c?#hi") == "#c?#hi");
  BOOST_TEST(expand_colour_codes("#c?#hi", 9) == "\x03\x09hi");
  BOOST_TEST(expand_colour_codes("#cx#hi", 9) == "\x03\x09hi");
}

BOOST_AUTO_TEST_SUITE_END()
