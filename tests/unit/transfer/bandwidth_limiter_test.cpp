#include "transfer/bandwidth_limiter.h"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace wpn::transfer;
using namespace std::chrono_literals;

namespace {
const TimePoint T0{};
}

BOOST_AUTO_TEST_SUITE(bandwidth_limiter)

BOOST_AUTO_TEST_CASE(per_transfer_cap_applies_below_the_global_limit) {
  BandwidthLimiter limiter({10000, 0, 1000, 0}, T0);
  BOOST_TEST(limiter.take(Direction::Upload, 1, 5000, T0) == 1000u);
  BOOST_TEST(limiter.take(Direction::Upload, 2, 5000, T0) == 1000u);
  BOOST_TEST(limiter.take(Direction::Download, 1, 5000, T0) == 5000u);  // downloads unlimited
}

BOOST_AUTO_TEST_CASE(global_limit_is_shared_by_all_transfers) {
  BandwidthLimiter limiter({3000, 0, 0, 0}, T0);
  BOOST_TEST(limiter.take(Direction::Upload, 1, 2000, T0) == 2000u);
  BOOST_TEST(limiter.take(Direction::Upload, 2, 2000, T0) == 1000u);
  BOOST_TEST(!limiter.has_capacity(Direction::Upload, T0));
  BOOST_TEST(limiter.has_capacity(Direction::Upload, T0 + 1s));
}

BOOST_AUTO_TEST_CASE(ready_at_waits_for_the_slower_bucket) {
  BandwidthLimiter limiter({1000, 0, 500, 0}, T0);
  limiter.take(Direction::Upload, 1, 500, T0);  // own bucket empty, global half full
  BOOST_TEST((limiter.ready_at(Direction::Upload, 1, 250, T0) == T0 + 500ms));
}

BOOST_AUTO_TEST_CASE(switching_limits_applies_to_running_transfers) {
  BandwidthLimiter limiter({0, 0, 1000, 0}, T0);
  limiter.take(Direction::Upload, 1, 1000, T0);
  limiter.set_limits({0, 0, 100, 0}, T0);
  BOOST_TEST(limiter.take(Direction::Upload, 1, 1000, T0 + 1s) == 100u);
}

BOOST_AUTO_TEST_SUITE_END()
