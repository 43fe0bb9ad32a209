#include "share/token_bucket.h"

#include <boost/test/unit_test.hpp>

using namespace wpn::share;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(token_bucket)

BOOST_AUTO_TEST_CASE(unlimited_never_waits) {
  const TokenBucket::TimePoint t0{};
  TokenBucket bucket(0, 100, t0);
  BOOST_TEST(bucket.take(1'000'000'000, t0).count() == 0);
}

BOOST_AUTO_TEST_CASE(lets_the_burst_through_then_charges_the_rate) {
  const TokenBucket::TimePoint t0{};
  TokenBucket bucket(1000, 500, t0);
  BOOST_TEST(bucket.take(500, t0).count() == 0);
  // 500 more bytes at 1000 B/s: half a second of debt.
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(bucket.take(500, t0)).count() == 500);
}

BOOST_AUTO_TEST_CASE(debt_is_paid_by_elapsed_time) {
  const TokenBucket::TimePoint t0{};
  TokenBucket bucket(1000, 500, t0);
  (void)bucket.take(1500, t0);  // 1000 bytes of debt: one second
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(bucket.take(0, t0 + 250ms)).count() == 750);
  BOOST_TEST(bucket.take(0, t0 + 1s).count() == 0);
}

BOOST_AUTO_TEST_CASE(idle_time_refills_no_more_than_the_burst) {
  const TokenBucket::TimePoint t0{};
  TokenBucket bucket(1000, 500, t0);
  (void)bucket.take(500, t0);
  // An hour idle still only allows the burst at once.
  const auto later = t0 + 1h;
  BOOST_TEST(bucket.take(500, later).count() == 0);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(bucket.take(100, later)).count() == 100);
}

BOOST_AUTO_TEST_CASE(long_run_rate_matches_the_cap) {
  TokenBucket::TimePoint now{};
  TokenBucket bucket(131072, 131072, now);
  // A reader that sleeps exactly what it is told moves 10 MiB in ~80 s at 128 KiB/s.
  for (int i = 0; i < 80; ++i) now += bucket.take(131072, now);
  const double seconds = std::chrono::duration<double>(now.time_since_epoch()).count();
  BOOST_TEST(seconds == 79.0, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(lifting_the_cap_clears_the_debt) {
  const TokenBucket::TimePoint t0{};
  TokenBucket bucket(1000, 500, t0);
  (void)bucket.take(5000, t0);
  bucket.set_rate(0, t0);
  BOOST_TEST(bucket.take(5000, t0).count() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
