#include "share/hash_progress.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "protocol/file_hash.h"

using namespace wpn::share;
using namespace std::chrono_literals;
namespace data = boost::unit_test::data;

namespace {
const HashProgressTracker::TimePoint T0{};
constexpr std::uint64_t MiB = 1024 * 1024;
}  // namespace

BOOST_AUTO_TEST_SUITE(hash_progress)

BOOST_DATA_TEST_CASE(work_of_a_file_is_what_the_sampling_plan_reads_plus_the_overhead,
                     data::make({0ULL, 16ULL, 131072ULL, 131073ULL, 786432ULL, 7864320ULL, 7864321ULL, 1000000000ULL,
                                 2147483647ULL}),
                     size) {
  std::uint64_t planned = 0;
  for (const auto& sample : wpn::protocol::hash_sampling_plan(size)) planned += sample.length;
  BOOST_TEST(hash_work_of(size) == planned + PerFileOverhead);
}

BOOST_AUTO_TEST_CASE(reports_bytes_and_files_done_of_this_round) {
  HashProgressTracker tracker;
  tracker.on_queued(3 * MiB, T0);
  tracker.on_queued(1 * MiB, T0);
  tracker.on_finished(3 * MiB, T0 + 2s);
  const auto p = tracker.snapshot(T0 + 2s);
  BOOST_TEST(p.files_done == 1U);
  BOOST_TEST(p.files_total == 2U);
  BOOST_TEST(p.bytes_done == 3 * MiB);
  BOOST_TEST(p.bytes_total == 4 * MiB);
  BOOST_TEST(p.bytes_per_s == 1.5 * MiB, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(eta_extrapolates_the_work_done_so_far) {
  HashProgressTracker tracker;
  for (int i = 0; i < 4; ++i) tracker.on_queued(MiB, T0);
  tracker.on_finished(MiB, T0 + 10s);
  BOOST_TEST(tracker.snapshot(T0 + 10s).eta.count() == 30);
  tracker.on_finished(MiB, T0 + 20s);
  BOOST_TEST(tracker.snapshot(T0 + 20s).eta.count() == 20);
}

BOOST_AUTO_TEST_CASE(eta_counts_sampled_work_not_file_sizes) {
  // A 1 GB file is sampled like any other large file: its ETA share is ~12 blocks, not 1 GB.
  HashProgressTracker tracker;
  tracker.on_queued(1000000000ULL, T0);
  tracker.on_queued(1000000000ULL, T0);
  tracker.on_finished(1000000000ULL, T0 + 1s);
  BOOST_TEST(tracker.snapshot(T0 + 1s).eta.count() == 1);
}

BOOST_AUTO_TEST_CASE(paused_time_is_left_out_of_rate_and_eta) {
  HashProgressTracker tracker;
  tracker.on_queued(MiB, T0);
  tracker.on_queued(MiB, T0);
  tracker.on_paused(T0 + 5s);
  BOOST_TEST(tracker.snapshot(T0 + 50s).paused);
  tracker.on_resumed(T0 + 105s);
  tracker.on_finished(MiB, T0 + 110s);
  const auto p = tracker.snapshot(T0 + 110s);
  BOOST_TEST(!p.paused);
  BOOST_TEST(p.eta.count() == 10);
  BOOST_TEST(p.bytes_per_s == MiB / 10.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(no_eta_before_the_first_file_is_done) {
  HashProgressTracker tracker;
  tracker.on_queued(MiB, T0);
  BOOST_TEST(tracker.snapshot(T0 + 3s).eta.count() == 0);
}

BOOST_AUTO_TEST_CASE(a_new_round_starts_from_zero_once_idle) {
  HashProgressTracker tracker;
  tracker.on_queued(MiB, T0);
  tracker.on_finished(MiB, T0 + 1s);
  BOOST_TEST(tracker.idle());
  tracker.on_queued(2 * MiB, T0 + 100s);
  const auto p = tracker.snapshot(T0 + 100s);
  BOOST_TEST(p.files_total == 1U);
  BOOST_TEST(p.files_done == 0U);
  BOOST_TEST(p.bytes_total == 2 * MiB);
}

BOOST_AUTO_TEST_CASE(work_queued_soon_after_running_dry_continues_the_round) {
  HashProgressTracker tracker;
  tracker.on_queued(MiB, T0);
  tracker.on_finished(MiB, T0 + 1s);
  tracker.on_queued(MiB, T0 + 2s);
  const auto p = tracker.snapshot(T0 + 2s);
  BOOST_TEST(p.files_total == 2U);
  BOOST_TEST(p.files_done == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
