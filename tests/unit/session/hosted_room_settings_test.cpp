#include <boost/test/unit_test.hpp>

#include "session/engine_settings.h"

using namespace wpn::session;

BOOST_AUTO_TEST_SUITE(hosted_room_settings)

BOOST_AUTO_TEST_CASE(every_field_of_an_entry_is_read) {
  const auto room = parse_hosted_room("7001|Lobby|Be nice|25|secret|Welcome|Rules: none");
  BOOST_REQUIRE(room);
  BOOST_TEST(room->port == 7001u);
  BOOST_TEST(room->name == "Lobby");
  BOOST_TEST(room->topic == "Be nice");
  BOOST_TEST(room->limit == 25u);
  BOOST_TEST(room->operator_password == "secret");
  BOOST_TEST((room->motd == std::vector<std::string>{"Welcome", "Rules: none"}));
}

BOOST_AUTO_TEST_CASE(port_and_name_suffice_and_the_rest_keeps_its_defaults) {
  const auto room = parse_hosted_room("0|My Room");
  BOOST_REQUIRE(room);
  BOOST_TEST(room->port == 0u);
  BOOST_TEST(room->name == "My Room");
  BOOST_TEST(room->limit == HostedRoomSettings{}.limit);
  BOOST_TEST(room->motd.empty());
  BOOST_TEST(parse_hosted_room("7001|Lobby||")->limit == HostedRoomSettings{}.limit);
}

BOOST_AUTO_TEST_CASE(bad_entries_are_refused) {
  for (const char* entry : {"", "7001", "x|Lobby", "70000|Lobby", "7001|", "7001|Lobby|t|0", "7001|Lobby|t|many",
                            "-1|Lobby", "7001|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    BOOST_TEST(!parse_hosted_room(entry), entry);
}

BOOST_AUTO_TEST_SUITE_END()
