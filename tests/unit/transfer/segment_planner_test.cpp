#include "transfer/segment_planner.h"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace wpn::transfer;

namespace {

RangeSet holding(std::initializer_list<ByteRange> ranges) {
  RangeSet set;
  for (const auto& r : ranges) set.insert(r);
  return set;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(segment_planner)

BOOST_AUTO_TEST_CASE(fresh_file_is_requested_whole) {
  const auto plan = plan_segment({}, 1000, {}, 100);
  BOOST_TEST_REQUIRE(plan.has_value());
  BOOST_TEST(plan->range.start == 0u);
  BOOST_TEST(plan->range.end == 1000u);
  BOOST_TEST(!plan->shrinks.has_value());
}

BOOST_AUTO_TEST_CASE(resume_starts_at_the_first_gap) {
  const auto plan = plan_segment(holding({{0, 300}, {600, 700}}), 1000, {}, 100);
  BOOST_TEST(plan->range.start == 300u);
  BOOST_TEST(plan->range.end == 600u);
}

BOOST_AUTO_TEST_CASE(skips_ranges_in_flight) {
  const std::vector<ByteRange> flight{{300, 600}};
  const auto plan = plan_segment(holding({{0, 300}}), 1000, flight, 100);
  BOOST_TEST(plan->range.start == 600u);
  BOOST_TEST(plan->range.end == 1000u);
}

BOOST_AUTO_TEST_CASE(splits_the_largest_missing_tail_when_all_is_claimed) {
  const std::vector<ByteRange> flight{{0, 400}, {400, 1000}};
  // The first source holds [0, 100), the second [400, 500).
  const auto plan = plan_segment(holding({{0, 100}, {400, 500}}), 1000, flight, 100);
  BOOST_TEST_REQUIRE(plan.has_value());
  BOOST_TEST(*plan->shrinks == 1u);
  BOOST_TEST(plan->range.start == 750u);
  BOOST_TEST(plan->range.end == 1000u);
}

BOOST_AUTO_TEST_CASE(does_not_split_below_the_minimum) {
  const std::vector<ByteRange> flight{{0, 1000}};
  BOOST_TEST(!plan_segment(holding({{0, 801}}), 1000, flight, 100).has_value());
  BOOST_TEST(plan_segment(holding({{0, 800}}), 1000, flight, 100).has_value());
}

BOOST_AUTO_TEST_CASE(nothing_to_plan_for_a_complete_file) {
  BOOST_TEST(!plan_segment(holding({{0, 1000}}), 1000, {}, 1).has_value());
  BOOST_TEST(!plan_segment({}, 0, {}, 1).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
