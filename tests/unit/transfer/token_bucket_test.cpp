#include "transfer/token_bucket.h"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace wpn::transfer;
using namespace std::chrono_literals;

namespace {
const TimePoint T0{};
}

BOOST_AUTO_TEST_SUITE(token_bucket)

BOOST_AUTO_TEST_CASE(unlimited_grants_everything) {
  TokenBucket bucket(0, 0, T0);
  BOOST_TEST(bucket.take(5'000'000'000u, T0) == 5'000'000'000u);
  BOOST_TEST((bucket.ready_at(1'000'000, T0) == T0));
}

BOOST_AUTO_TEST_CASE(starts_full_and_grants_no_more_than_it_holds) {
  TokenBucket bucket(1000, 500, T0);
  BOOST_TEST(bucket.take(800, T0) == 500u);
  BOOST_TEST(bucket.take(800, T0) == 0u);
}

BOOST_AUTO_TEST_CASE(refills_at_the_rate) {
  TokenBucket bucket(1000, 1000, T0);
  bucket.take(1000, T0);
  BOOST_TEST(bucket.take(1000, T0 + 250ms) == 250u);
  BOOST_TEST(bucket.take(1000, T0 + 251ms) == 1u);
}

BOOST_AUTO_TEST_CASE(idle_time_refills_no_more_than_the_burst) {
  TokenBucket bucket(1000, 300, T0);
  bucket.take(300, T0);
  BOOST_TEST(bucket.available(T0 + 1h) == 300u);
}

BOOST_AUTO_TEST_CASE(fractions_of_a_byte_are_carried_over) {
  TokenBucket bucket(3, 3, T0);  // one byte every 333.3 ms
  bucket.take(3, T0);
  std::uint64_t got = 0;
  for (int ms = 100; ms <= 10000; ms += 100) got += bucket.take(100, T0 + std::chrono::milliseconds(ms));
  BOOST_TEST(got == 30u);
}

BOOST_AUTO_TEST_CASE(ready_at_names_the_moment_enough_is_held) {
  TokenBucket bucket(1000, 1000, T0);
  bucket.take(1000, T0);
  const auto at = bucket.ready_at(400, T0);
  BOOST_TEST((at == T0 + 400ms));
  BOOST_TEST(bucket.take(400, at) == 400u);
}

BOOST_AUTO_TEST_CASE(long_run_moves_exactly_rate_times_time) {
  TokenBucket bucket(131072, 16384, T0);
  TimePoint now = T0;
  std::uint64_t moved = 0;
  while (now <= T0 + 60s) {
    moved += bucket.take(4096, now);
    now = bucket.ready_at(4096, now);
  }
  // The initial burst plus 60 s at 128 KiB/s, the last chunk ready at exactly 60 s.
  BOOST_TEST(moved == 60u * 131072u + 16384u);
}

BOOST_AUTO_TEST_CASE(new_rate_keeps_held_tokens_up_to_the_new_burst) {
  TokenBucket bucket(1000, 1000, T0);
  bucket.take(200, T0);
  bucket.set_rate(100, 100, T0);
  BOOST_TEST(bucket.available(T0) == 100u);
  bucket.set_rate(0, 0, T0);
  BOOST_TEST(bucket.take(1'000'000, T0) == 1'000'000u);
}

BOOST_AUTO_TEST_SUITE_END()
