// Lookups that take seconds do not slow a running download: a host name that takes 3 s to
// resolve (the resolver of the engine's loop, with a lookup function that sleeps) and a
// rate-limited loopback download of 40 MB on that same loop. The rate in the 3 s window
// is compared with the rate just before it.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "net/resolver.h"
#include "support/eventually.h"
#include "transfer_fixture.h"

using namespace wpn;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t DownloadLimit = 4'000'000;  // bytes per second
constexpr std::uint64_t FileSize = 40'000'000;      // 10 s at the limit
constexpr auto SlowLookup = 3s;

struct Pair : test::TwoNodes {
  std::optional<transfer::TransferId> id;

  Pair() {
    uploader = &world.add_node(test::node_settings(dir.path(), "alice_00001", "127.0.0.2"), &shared.lookup());
    auto down = test::node_settings(dir.path(), "bob_00002", "127.0.0.3");
    down.limits.download = DownloadLimit;
    downloader = &world.add_node(down, nullptr);
  }

  void start(const std::string& name) {
    const auto announced = shared.add(name);
    const auto key = shared.key_of(name);
    world.call([&] { id = downloader->add_download(key, announced, {world.address_of("alice_00001", announced)}); });
    BOOST_REQUIRE(id.has_value());
  }

  std::uint64_t done() {
    std::uint64_t bytes = 0;
    world.call([&] {
      for (const auto& row : downloader->snapshot(net::SnapshotView::Downloads).rows)
        if (row.id == *id) bytes = row.done;
    });
    return bytes;
  }
};

double rate(std::uint64_t from_bytes, std::uint64_t to_bytes, Clock::time_point from, Clock::time_point to) {
  return static_cast<double>(to_bytes - from_bytes) / std::chrono::duration<double>(to - from).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_slow_lookup)

BOOST_AUTO_TEST_CASE(a_running_download_keeps_its_speed_while_a_host_name_takes_3_s) {
  Pair pair;
  test::write_random_file(pair.shared.root() / "long.bin", FileSize, 13);
  pair.start("long.bin");
  // Past the first bucket's burst, so both windows see the steady rate.
  BOOST_REQUIRE(test::eventually([&] { return pair.done() >= 2 * DownloadLimit; }, 20s));

  const auto before_at = Clock::now();
  const auto before_bytes = pair.done();
  std::this_thread::sleep_for(2s);  // the measuring window, not a condition
  const auto asked_at = Clock::now();
  const auto asked_bytes = pair.done();

  std::atomic<bool> answered{false};
  std::unique_ptr<net::Resolver> resolver;
  const net::ResolveFunction slow = [](const std::string&, std::uint16_t port) -> net::ResolveResult {
    std::this_thread::sleep_for(SlowLookup);
    return Poco::Net::SocketAddress("127.0.0.9", port);
  };
  pair.world.call([&] {
    resolver = std::make_unique<net::Resolver>(pair.world.loop(), slow);
    resolver->resolve("slow-cache.invalid", 7952, [&](net::ResolveResult result) { answered = result.has_value(); });
  });
  BOOST_REQUIRE(test::eventually([&] { return answered.load(); }, 10s));
  const auto answered_at = Clock::now();
  const auto answered_bytes = pair.done();
  pair.world.call([&] { resolver.reset(); });

  BOOST_TEST(std::chrono::duration<double>(answered_at - asked_at).count() >= 2.9);
  BOOST_REQUIRE(answered_bytes < FileSize);  // still running at the end of the window
  const double steady = rate(before_bytes, asked_bytes, before_at, asked_at);
  const double during = rate(asked_bytes, answered_bytes, asked_at, answered_at);
  BOOST_TEST_MESSAGE("rate before " << steady << " B/s, during the lookup " << during << " B/s");
  BOOST_REQUIRE(steady > 0.0);
  BOOST_TEST(during / steady >= 0.7);
  pair.world.call([&] { pair.downloader->cancel(*pair.id); });
}

BOOST_AUTO_TEST_SUITE_END()
