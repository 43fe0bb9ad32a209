#include "transfer/bandwidth_limiter.h"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <utility>

using namespace wpn::transfer;
using namespace std::chrono_literals;

namespace {
const TimePoint T0{};
constexpr std::uint64_t MiB = 1 << 20;

struct Sent {
  std::uint64_t sends = 0;
  std::uint64_t bytes = 0;
};

// Senders as the engine loop drives them: each sends what it is granted, else sleeps on one
// timer until the grant's retry time; timers due together fire in the order they were armed.
std::map<TransferId, Sent> run_senders(BandwidthLimiter& limiter, int senders, TimePoint until) {
  std::map<TransferId, Sent> sent;
  std::multimap<TimePoint, TransferId> timers;
  for (int i = 1; i <= senders; ++i) timers.emplace(T0, static_cast<TransferId>(i));
  while (!timers.empty() && timers.begin()->first <= until) {
    const auto [at, id] = *timers.begin();
    timers.erase(timers.begin());
    auto grant = limiter.grant(Direction::Upload, id, MiB, at);
    if (grant.bytes > 0) {
      BOOST_TEST(limiter.take(Direction::Upload, id, grant.bytes, at) == grant.bytes);
      sent[id].sends += 1;
      sent[id].bytes += grant.bytes;
      grant = limiter.grant(Direction::Upload, id, MiB, at);
    }
    BOOST_REQUIRE(grant.bytes == 0u);  // a send takes all it may: the next waits
    BOOST_REQUIRE((grant.retry_at > at));
    timers.emplace(grant.retry_at, id);
  }
  return sent;
}
}  // namespace

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

BOOST_AUTO_TEST_CASE(a_capped_sender_waits_for_a_quantum_rather_than_trickling) {
  BandwidthLimiter limiter({MiB, 0, 0, 0}, T0);
  BOOST_TEST(limiter.grant(Direction::Upload, 1, 2 * MiB, T0).bytes == MiB);  // the full burst
  limiter.take(Direction::Upload, 1, MiB, T0);
  // A millisecond later about 1 KiB is held: not worth a send. 64 KiB take 62.5 ms at 1 MiB/s;
  // a sender that did not take last may go then, the one that did a millisecond later.
  BOOST_TEST(limiter.grant(Direction::Upload, 1, MiB, T0 + 1ms).bytes == 0u);
  BOOST_TEST((limiter.grant(Direction::Upload, 1, MiB, T0 + 1ms).retry_at == T0 + 63500us));
  BOOST_TEST((limiter.grant(Direction::Upload, 2, MiB, T0 + 1ms).retry_at == T0 + 62500us));
  BOOST_TEST(limiter.grant(Direction::Upload, 1, MiB, T0 + 62500us).bytes == 64 * 1024u);
  // The end of a file needs only what is left.
  BOOST_TEST(limiter.grant(Direction::Upload, 1, 100, T0 + 1ms).bytes == 100u);
}

BOOST_AUTO_TEST_CASE(a_capped_sender_sends_sixteen_times_a_second_at_the_exact_rate) {
  BandwidthLimiter limiter({MiB, 0, 0, 0}, T0);
  const auto sent = run_senders(limiter, 1, T0 + 10s);
  // The first send is the one-second burst, then 64 KiB and 1 ms's worth every 63.5 ms; the
  // rate is exact up to what the last wait earned but did not yet send.
  BOOST_TEST(sent.at(1).sends == 1u + 157u);
  BOOST_TEST(sent.at(1).bytes <= MiB + 10 * MiB);
  BOOST_TEST(sent.at(1).bytes > MiB + 10 * MiB - (64 * 1024 + 1024 + 1));
}

BOOST_AUTO_TEST_CASE(capped_senders_share_the_global_limit_fairly) {
  BandwidthLimiter limiter({MiB, 0, 0, 0}, T0);
  const auto sent = run_senders(limiter, 3, T0 + 30s);
  std::uint64_t total = 0;
  for (const auto& [id, s] : sent) total += s.bytes;
  BOOST_TEST(total <= MiB + 30 * MiB);
  BOOST_TEST(total > MiB + 30 * MiB - 2 * 64 * 1024);
  // The burst went to the first; after it every sender gets a third, give or take a quantum.
  for (const TransferId id : {TransferId{1}, TransferId{2}, TransferId{3}}) {
    const auto steady = sent.at(id).bytes - (id == 1 ? MiB : 0);
    BOOST_TEST(steady > 10 * MiB - 2 * 64 * 1024);
    BOOST_TEST(steady < 10 * MiB + 2 * 64 * 1024);
  }
}

BOOST_AUTO_TEST_CASE(the_quantum_follows_the_tightest_rate_and_never_exceeds_it) {
  BOOST_TEST(BandwidthLimiter({0, 0, 0, 0}, T0).quantum(Direction::Upload) == 0u);
  BOOST_TEST(BandwidthLimiter({0, 0, 0, 0}, T0).grant(Direction::Upload, 1, 5000, T0).bytes == 5000u);
  BOOST_TEST(BandwidthLimiter({100 * MiB, 0, 0, 0}, T0).quantum(Direction::Upload) == 64 * 1024u);
  BOOST_TEST(BandwidthLimiter({100 * MiB, 0, 160'000, 0}, T0).quantum(Direction::Upload) == 10'000u);
  BOOST_TEST(BandwidthLimiter({8000, 0, 0, 0}, T0).quantum(Direction::Upload) == 1024u);
  BOOST_TEST(BandwidthLimiter({500, 0, 0, 0}, T0).quantum(Direction::Upload) == 500u);
  BOOST_TEST(BandwidthLimiter({500, 0, 0, 0}, T0).quantum(Direction::Download) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
