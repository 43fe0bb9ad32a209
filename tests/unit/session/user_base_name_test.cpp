// The base name WinMX-style (protocol.md §7.1): digits added once to a chosen name and
// kept in the data directory, so the network, the rooms and the handle agree on it.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "chat/chat_names.h"
#include "session/user_base_name.h"

namespace s = wpn::session;

namespace {

struct TempDir {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("wpn_user_name_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  TempDir() { std::filesystem::create_directories(dir); }
  ~TempDir() { std::filesystem::remove_all(dir); }
};

std::string stem_of(const std::string& base) { return base.substr(0, base.size() - 3); }

}  // namespace

BOOST_AUTO_TEST_SUITE(user_base_name)

BOOST_AUTO_TEST_CASE(a_name_without_three_digits_gets_them_and_one_with_them_is_kept) {
  BOOST_TEST(s::base_name_with_digits("OpenWPN", 7) == "OpenWPN007");
  BOOST_TEST(s::base_name_with_digits("OpenWPN", 482) == "OpenWPN482");
  BOOST_TEST(s::base_name_with_digits("carol123", 482) == "carol123");
  BOOST_TEST(s::base_name_with_digits("ab", 5) == "ab_005");   // three bytes before the digits
  BOOST_TEST(s::base_name_with_digits("123", 5) == "123005");  // "123" is the stem, not the digits
  BOOST_TEST(s::base_name_with_digits("abc12", 345) == "abc12345");
  BOOST_TEST(s::base_name_with_digits("dave_12345", 1) == "dave001");  // the network adds its own suffix
  BOOST_TEST(s::base_name_with_digits("two words", 9) == "two_words009");
  BOOST_TEST(!s::has_name_digits("ab123"));
  BOOST_TEST(s::has_name_digits("abc123"));
}

BOOST_AUTO_TEST_CASE(every_base_makes_a_name_a_room_host_accepts) {
  for (const std::string chosen : {"OpenWPN", "x", "12", "dave_12345", "tab\there", "carol123"}) {
    const auto base = s::base_name_with_digits(chosen, 31);
    BOOST_TEST(wpn::chat::valid_room_user_name(base + "_04711"), base);
  }
}

BOOST_AUTO_TEST_CASE(the_digits_are_drawn_once_and_kept_until_the_chosen_name_changes) {
  TempDir temp;
  const auto first = s::settle_user_base_name("OpenWPN", temp.dir);
  BOOST_TEST(s::has_name_digits(first), first);
  BOOST_TEST(stem_of(first) == "OpenWPN");
  for (int run = 0; run < 5; ++run) BOOST_TEST(s::settle_user_base_name("OpenWPN", temp.dir) == first);

  const auto other = s::settle_user_base_name("Someone", temp.dir);
  BOOST_TEST(stem_of(other) == "Someone");
  BOOST_TEST(s::settle_user_base_name("Someone", temp.dir) == other);

  // A name with its own digits is used as given and leaves the saved choice alone.
  BOOST_TEST(s::settle_user_base_name("carol123", temp.dir) == "carol123");
  BOOST_TEST(s::settle_user_base_name("Someone", temp.dir) == other);
}

BOOST_AUTO_TEST_CASE(a_damaged_file_draws_new_digits_for_the_same_stem) {
  TempDir temp;
  std::ofstream(temp.dir / "user_name") << "OpenWPN\nSomethingElse999\n";
  const auto base = s::settle_user_base_name("OpenWPN", temp.dir);
  BOOST_TEST(stem_of(base) == "OpenWPN");
  BOOST_TEST(s::has_name_digits(base));
  BOOST_TEST(s::settle_user_base_name("OpenWPN", temp.dir) == base);
}

BOOST_AUTO_TEST_SUITE_END()
