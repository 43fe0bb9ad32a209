#include "chat/chat_names.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace wpn::chat;

namespace {

// chat.md §5.3, nuggit's rule ^\S{3,}[0-9]{3}_[0-9]{5}$, at most 48 bytes.
const char* const ValidNames[] = {"bob887_52531", "tester123_21270", "a_b123_00000", "J\xE9r\xF4me123_12345"};
const char* const InvalidNames[] = {"",
                                    "bo887_52531",
                                    "bob 887_52531",
                                    "bob88_52531",
                                    "bob887-52531",
                                    "bob887_5253",
                                    "bob887_5253a",
                                    "bobxyz_52531",
                                    "{\\rtf887_52531",
                                    "tab\t887_52531"};

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_names)

BOOST_DATA_TEST_CASE(names_of_the_documented_form_are_valid, ValidNames, name) {
  BOOST_TEST(valid_room_user_name(name));
}

BOOST_DATA_TEST_CASE(names_off_the_documented_form_are_invalid, InvalidNames, name) {
  BOOST_TEST(!valid_room_user_name(name));
}

BOOST_AUTO_TEST_CASE(names_over_48_bytes_are_invalid) {
  BOOST_TEST(valid_room_user_name(std::string(39, 'n') + "123_00001"));
  BOOST_TEST(!valid_room_user_name(std::string(40, 'n') + "123_00001"));
}

BOOST_AUTO_TEST_CASE(the_user_key_drops_the_tail_and_case) {
  BOOST_TEST(user_key("Bob887_52531") == "bob");
  BOOST_TEST(user_key("bob123_00001") == user_key("BOB999_99999"));
  BOOST_TEST(user_key("short") == "short");
}

BOOST_AUTO_TEST_CASE(rtf_openers_are_found_in_any_case) {
  BOOST_TEST(contains_rtf("x {\\rtf1 y"));
  BOOST_TEST(contains_rtf("{\\RTF"));
  BOOST_TEST(!contains_rtf("{\\rt"));
  BOOST_TEST(!contains_rtf("rtf {rtf \\rtf"));
}

BOOST_AUTO_TEST_CASE(clean_lines_lose_breaks_and_never_end_inside_a_colour_escape) {
  BOOST_TEST(clean_line("a\r\nb", 100) == "a  b");
  BOOST_TEST(clean_line(std::string("a\0b", 3), 100) == "ab");
  BOOST_TEST(clean_line("abc\x03\x04"
                        "def",
                        4) == "abc");
  BOOST_TEST(clean_line("abc\x03\x04"
                        "def",
                        5) == "abc\x03\x04");
  BOOST_TEST(clean_line("\x03\x03\x03\x03", 3) == "\x03\x03");
}

BOOST_AUTO_TEST_SUITE_END()
