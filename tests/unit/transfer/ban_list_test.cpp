#include "transfer/ban_list.h"

#include <boost/test/unit_test.hpp>

#include <chrono>

#include "support/fake_clock.h"

using namespace wpn::transfer;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(ban_list)

BOOST_AUTO_TEST_CASE(a_full_name_becomes_a_rule_for_that_user_only) {
  const auto rule = make_ban_rule("alice_04213", false);
  BOOST_TEST(rule.name == "alice_04213");
  BOOST_TEST((rule.match == BanMatch::FullName));
  const wpn::test::FakeClock clock;
  BanList bans;
  bans.add(rule);
  BOOST_TEST(bans.is_banned("alice_04213", clock.wall_now()));
  BOOST_TEST(!bans.is_banned("alice_04214", clock.wall_now()));
  BOOST_TEST(!bans.is_banned("alice", clock.wall_now()));
}

BOOST_AUTO_TEST_CASE(a_base_name_rule_matches_every_suffix) {
  const wpn::test::FakeClock clock;
  BanList bans;
  bans.add(make_ban_rule("alice_04213", true));  // asked for the base name
  BOOST_TEST(bans.rules().at(0).name == "alice");
  BOOST_TEST((bans.rules().at(0).match == BanMatch::BaseName));
  for (const char* name : {"alice_04213", "alice_00001", "alice_99999", "alice"})
    BOOST_TEST(bans.is_banned(name, clock.wall_now()), name);
  for (const char* name : {"alicea_00001", "bob_04213", "xalice_04213"})
    BOOST_TEST(!bans.is_banned(name, clock.wall_now()), name);
}

BOOST_AUTO_TEST_CASE(a_name_without_a_suffix_can_only_be_a_base_name_rule) {
  const auto rule = make_ban_rule("Leecher", false);
  BOOST_TEST((rule.match == BanMatch::BaseName));
  BanList bans;
  bans.add(rule);
  BOOST_TEST(bans.is_banned("Leecher_12345", WallTime{}));
  BOOST_TEST(!bans.is_banned("leecher_12345", WallTime{}));  // names are byte-exact
}

BOOST_AUTO_TEST_CASE(a_timed_rule_ends_at_its_time_and_is_pruned) {
  wpn::test::FakeClock clock;
  BanList bans;
  bans.add(make_ban_rule("bob_00001", false, clock.wall_now() + 1h, "spam"));
  bans.add(make_ban_rule("carl", false));
  clock.advance(1h - 1s);
  BOOST_TEST(bans.is_banned("bob_00001", clock.wall_now()));
  BOOST_TEST(!bans.prune(clock.wall_now()));
  clock.advance(1s);
  BOOST_TEST(!bans.is_banned("bob_00001", clock.wall_now()));
  BOOST_TEST(bans.prune(clock.wall_now()));
  BOOST_TEST_REQUIRE(bans.rules().size() == 1u);
  BOOST_TEST(bans.rules()[0].name == "carl");
}

BOOST_AUTO_TEST_CASE(banning_again_replaces_the_expiry_and_unban_removes_only_that_rule) {
  wpn::test::FakeClock clock;
  BanList bans;
  bans.add(make_ban_rule("bob_00001", false, clock.wall_now() + 1h));
  bans.add(make_ban_rule("bob_00001", false));  // now forever
  bans.add(make_ban_rule("bob", false));
  BOOST_TEST(bans.rules().size() == 2u);
  clock.advance(2h);
  BOOST_TEST(bans.is_banned("bob_00001", clock.wall_now()));
  BOOST_TEST(bans.remove("bob_00001"));
  BOOST_TEST(!bans.remove("bob_00001"));
  BOOST_TEST(bans.is_banned("bob_00001", clock.wall_now()));  // the base-name rule still holds
  BOOST_TEST(bans.remove("bob"));
  BOOST_TEST(!bans.is_banned("bob_00001", clock.wall_now()));
}

BOOST_AUTO_TEST_SUITE_END()
