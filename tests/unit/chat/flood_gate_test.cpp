#include "chat/flood_gate.h"

#include <boost/test/unit_test.hpp>

using namespace wpn::chat;

BOOST_AUTO_TEST_SUITE(flood_gate)

BOOST_AUTO_TEST_CASE(a_burst_passes_then_lines_come_at_the_rate) {
  FloodGate gate(FloodLimits{2, 4, 100000, 100000}, 0);
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += gate.admit(1, 0) ? 1 : 0;
  BOOST_TEST(admitted == 4);
  BOOST_TEST(!gate.admit(1, 499));
  BOOST_TEST(gate.admit(1, 500));
  BOOST_TEST(!gate.admit(1, 500));
}

BOOST_AUTO_TEST_CASE(bytes_are_limited_separately_and_a_refusal_costs_nothing) {
  FloodGate gate(FloodLimits{100, 100, 10, 20}, 0);
  BOOST_TEST(gate.admit(15, 0));
  BOOST_TEST(!gate.admit(10, 0));
  BOOST_TEST(gate.admit(5, 0));
  BOOST_TEST(!gate.admit(1, 0));
  BOOST_TEST(gate.admit(10, 1000));
}

BOOST_AUTO_TEST_CASE(credit_never_exceeds_the_burst_after_a_long_pause) {
  FloodGate gate(FloodLimits{1, 2, 1000, 1000}, 0);
  int admitted = 0;
  for (int i = 0; i < 5; ++i) admitted += gate.admit(1, 10'000'000) ? 1 : 0;
  BOOST_TEST(admitted == 2);
}

BOOST_AUTO_TEST_SUITE_END()
