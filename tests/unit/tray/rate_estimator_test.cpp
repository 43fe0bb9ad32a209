#include "model/rate_estimator.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

using namespace wpn::tray;

BOOST_AUTO_TEST_SUITE(rate_estimator)

BOOST_AUTO_TEST_CASE(no_rate_and_no_eta_before_two_samples) {
  RateEstimator rate;
  BOOST_TEST(!rate.has_rate());
  BOOST_TEST(!rate.eta_s(1000).has_value());
  rate.sample(100, 10.0);
  BOOST_TEST(!rate.has_rate());
  BOOST_TEST(!rate.eta_s(1000).has_value());
}

BOOST_AUTO_TEST_CASE(a_steady_transfer_reads_its_rate_and_an_eta_that_counts_down) {
  RateEstimator rate;
  std::uint64_t done = 0;
  for (int s = 0; s <= 10; ++s, done += 1000) rate.sample(done, s);
  BOOST_TEST(std::fabs(rate.rate_bps() - 1000.0) < 1e-6);
  // 10,000 of 60,000 bytes at 1,000 B/s: 50 s left.
  BOOST_TEST(*rate.eta_s(60000) == 50u);
  rate.sample(20000, 20.0);
  BOOST_TEST(*rate.eta_s(60000) == 40u);
}

BOOST_AUTO_TEST_CASE(a_burst_moves_the_rate_part_way_not_all_the_way) {
  RateEstimator rate(8.0);
  for (int s = 0; s <= 20; ++s) rate.sample(static_cast<std::uint64_t>(s) * 1000, s);
  // One second at ten times the speed.
  rate.sample(20000 + 10000, 21.0);
  const double expected = 1000.0 + (1.0 - std::exp(-1.0 / 8.0)) * (10000.0 - 1000.0);
  BOOST_TEST(std::fabs(rate.rate_bps() - expected) < 1e-6);
  BOOST_TEST(rate.rate_bps() < 5000.0);
}

BOOST_AUTO_TEST_CASE(waiting_before_the_first_byte_is_not_part_of_the_rate) {
  RateEstimator rate;
  rate.sample(0, 0.0);
  rate.sample(0, 10.0);  // connecting, queued at the source
  BOOST_TEST(!rate.has_rate());
  rate.sample(1000, 11.0);
  BOOST_TEST(std::fabs(rate.rate_bps() - 1000.0) < 1e-6);
}

BOOST_AUTO_TEST_CASE(a_young_transfer_reads_the_mean_since_it_began_moving) {
  RateEstimator rate(8.0);
  rate.sample(0, 0.0);
  rate.sample(1000, 1.0);
  rate.sample(4000, 2.0);
  // 4,000 bytes in 2 s; a plain EWMA would still read 1,000 + 0.12 * 2,000.
  BOOST_TEST(std::fabs(rate.rate_bps() - 2000.0) < 1e-6);
}

BOOST_AUTO_TEST_CASE(irregular_intervals_weigh_by_time) {
  // The same true rate sampled at 0.5 s and 2 s steps ends at the same estimate.
  RateEstimator rate;
  rate.sample(0, 0.0);
  rate.sample(500, 0.5);
  rate.sample(2500, 2.5);
  rate.sample(3000, 3.0);
  BOOST_TEST(std::fabs(rate.rate_bps() - 1000.0) < 1e-6);
}

BOOST_AUTO_TEST_CASE(a_stall_decays_the_rate_and_then_gives_up_the_eta) {
  RateEstimator rate(4.0);
  for (int s = 0; s <= 5; ++s) rate.sample(static_cast<std::uint64_t>(s) * 1000, s);
  const auto before = *rate.eta_s(100000);
  rate.sample(5000, 9.0);
  BOOST_TEST(*rate.eta_s(100000) > before);
  rate.sample(5000, 200.0);
  BOOST_TEST(!rate.eta_s(100000).has_value());
}

BOOST_AUTO_TEST_CASE(a_restart_from_zero_starts_afresh) {
  RateEstimator rate;
  rate.sample(0, 0.0);
  rate.sample(50000, 1.0);
  rate.sample(0, 2.0);
  BOOST_TEST(!rate.has_rate());
  rate.sample(100, 3.0);
  BOOST_TEST(std::fabs(rate.rate_bps() - 100.0) < 1e-6);
}

BOOST_AUTO_TEST_CASE(finished_reads_zero_seconds) {
  RateEstimator rate;
  rate.sample(0, 0.0);
  rate.sample(1000, 1.0);
  BOOST_TEST(*rate.eta_s(1000) == 0u);
}

BOOST_AUTO_TEST_CASE(rates_are_kept_per_transfer_and_forgotten) {
  TransferRates rates;
  rates.sample(1, 0, 0.0);
  rates.sample(1, 1000, 1.0);
  rates.sample(2, 0, 0.0);
  rates.sample(2, 5000, 1.0);
  BOOST_TEST(std::fabs(rates.find(1)->rate_bps() - 1000.0) < 1e-6);
  BOOST_TEST(std::fabs(rates.find(2)->rate_bps() - 5000.0) < 1e-6);
  rates.forget(1);
  BOOST_TEST(rates.find(1) == nullptr);
  BOOST_TEST(rates.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
