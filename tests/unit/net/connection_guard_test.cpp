#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

#include "net/connection_guard.h"

using wpn::net::ConnectionGuard;

BOOST_AUTO_TEST_SUITE(connection_guard)

BOOST_AUTO_TEST_CASE(refuses_above_the_per_address_cap_only_for_that_address) {
  ConnectionGuard guard(10, 2);
  auto a = guard.admit("127.0.0.2");
  auto b = guard.admit("127.0.0.2");
  auto c = guard.admit("127.0.0.2");
  auto d = guard.admit("127.0.0.3");
  BOOST_TEST(a.held());
  BOOST_TEST(b.held());
  BOOST_TEST(!c.held());
  BOOST_TEST(d.held());
  BOOST_TEST(guard.count("127.0.0.2") == 2u);
  BOOST_TEST(guard.total() == 3u);
}

BOOST_AUTO_TEST_CASE(refuses_above_the_total_cap) {
  ConnectionGuard guard(2, 5);
  auto a = guard.admit("127.0.0.2");
  auto b = guard.admit("127.0.0.3");
  auto c = guard.admit("127.0.0.4");
  BOOST_TEST(!c.held());
  BOOST_TEST(guard.count("127.0.0.4") == 0u);
}

BOOST_AUTO_TEST_CASE(a_destroyed_or_moved_ticket_gives_its_place_back_once) {
  ConnectionGuard guard(1, 1);
  {
    auto a = guard.admit("127.0.0.2");
    ConnectionGuard::Ticket moved = std::move(a);
    BOOST_TEST(moved.held());
    BOOST_TEST(!a.held());
    BOOST_TEST(!guard.admit("127.0.0.2").held());
  }
  BOOST_TEST(guard.total() == 0u);
  BOOST_TEST(guard.admit("127.0.0.2").held());
}

BOOST_AUTO_TEST_CASE(lowering_the_caps_keeps_tickets_and_blocks_new_ones) {
  ConnectionGuard guard(5, 5);
  std::vector<ConnectionGuard::Ticket> held;
  for (int i = 0; i < 3; ++i) held.push_back(guard.admit("127.0.0.2"));
  guard.set_limits(5, 1);
  BOOST_TEST(!guard.admit("127.0.0.2").held());
  held.clear();
  BOOST_TEST(guard.admit("127.0.0.2").held());
}

BOOST_AUTO_TEST_CASE(a_ticket_outliving_its_guard_is_harmless) {
  auto guard = std::make_unique<ConnectionGuard>(1, 1);
  auto ticket = guard->admit("127.0.0.2");
  guard.reset();
  BOOST_TEST(!ticket.held());
  ticket.release();
}

BOOST_AUTO_TEST_SUITE_END()
