#include "ipc/schema.h"

#include <boost/test/unit_test.hpp>
#include <string>

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(area_is_the_method_name_up_to_the_first_dot) {
  BOOST_TEST(wpn::ipc::area_of("transfers.list") == "transfers");
  BOOST_TEST(wpn::ipc::area_of("search") == "search");
  BOOST_TEST(wpn::ipc::area_of("a.b.c") == "a");
}

BOOST_AUTO_TEST_CASE(areas_outside_this_build_are_unavailable) {
  BOOST_TEST(wpn::ipc::unavailable_areas().empty());
  for (const char* method :
       {"rooms.list", "rooms.host.kick", "status", "shares.list", "settings.get", "logs.recent", "transfers.view",
        "queue.move", "slots.set", "limits.alternate", "network.status", "search", "download"})
    BOOST_TEST(!wpn::ipc::is_unavailable_area(method), method);
}

BOOST_AUTO_TEST_CASE(implemented_methods_are_valid_and_available) {
  for (const auto method : wpn::ipc::implemented_methods()) {
    BOOST_TEST(wpn::ipc::is_valid_method_name(method));
    BOOST_TEST(!wpn::ipc::is_unavailable_area(method));
    BOOST_TEST(wpn::ipc::is_implemented_method(method));
  }
  BOOST_TEST(!wpn::ipc::is_implemented_method("transfers.list"));
}

BOOST_AUTO_TEST_CASE(method_names_are_lower_case_tokens) {
  BOOST_TEST(wpn::ipc::is_valid_method_name("events.subscribe"));
  BOOST_TEST(wpn::ipc::is_valid_method_name("a_b-c.9"));
  BOOST_TEST(!wpn::ipc::is_valid_method_name(""));
  BOOST_TEST(!wpn::ipc::is_valid_method_name("Shares.list"));
  BOOST_TEST(!wpn::ipc::is_valid_method_name("shares/list"));
  BOOST_TEST(!wpn::ipc::is_valid_method_name(std::string(wpn::ipc::MaxMethodLength + 1, 'a')));
}

BOOST_AUTO_TEST_CASE(topics_are_known_by_name) {
  for (const char* topic : {"status", "shares", "settings", "logs", "transfers"})
    BOOST_TEST(wpn::ipc::is_known_topic(topic));
  BOOST_TEST(!wpn::ipc::is_known_topic("search"));
  BOOST_TEST(wpn::ipc::is_known_topic("network"));
}

BOOST_AUTO_TEST_SUITE_END()
