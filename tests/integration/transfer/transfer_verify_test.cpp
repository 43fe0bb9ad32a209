// A complete download is synced and hashed off the loop (VerifyFile): while a large one is
// checked, the loop keeps serving every other transfer; a download cancelled during its check
// is not finished behind the owner's back; one whose node stops during the check is checked
// again on the next start. Uploaders are real processes, the files real, on 127.0.0.x.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "loop_probe.h"
#include "peer_process.h"
#include "support/eventually.h"
#include "support/temp_dir.h"
#include "transfer_fixture.h"

using namespace std::chrono_literals;
using namespace wpn;
using test::LoopProbe;
using test::PhaseTimes;

namespace {

// Large enough that syncing its freshly written bytes takes a good part of a second here.
constexpr std::uint64_t BigSize = 400ull * 1000 * 1000;

// alice shares a large file (sparse: all zeros, instantly there), carol a small one slowly;
// bob downloads.
struct VerifySetup {
  test::TempDir dir;
  std::filesystem::path alice_dir = dir.path() / "alice";
  std::filesystem::path carol_dir = dir.path() / "carol";
  protocol::FileKey big_key;
  protocol::FileKey slow_key;
  test::TransferWorld world;
  test::NodeSettings bob_settings = test::node_settings(dir.path(), "bob_00002", "127.0.0.3");

  VerifySetup() {
    std::filesystem::create_directories(alice_dir / "share");
    std::filesystem::create_directories(carol_dir / "share");
    { std::ofstream(alice_dir / "share" / "big.bin"); }
    std::filesystem::resize_file(alice_dir / "share" / "big.bin", BigSize);
    test::write_random_file(carol_dir / "share" / "slow.bin", 6'000'000, 7);
    // The keys from a separate index, not from the nodes under test.
    test::SharedFiles reference(dir.path() / "reference");
    { std::ofstream(reference.root() / "big.bin"); }
    std::filesystem::resize_file(reference.root() / "big.bin", BigSize);
    std::filesystem::copy_file(carol_dir / "share" / "slow.bin", reference.root() / "slow.bin");
    big_key = reference.key_of("big.bin");
    slow_key = reference.key_of("slow.bin");
    bob_settings.download.retry_backoff = {300ms};
    bob_settings.download.request_timeout = 1s;
  }

  static protocol::TransferAddress source(const std::string& ip, const std::string& name, const std::string& file) {
    return {protocol::NodeHandle{test::ip4(ip), 6257}, name, file};
  }
  void download_big(net::TransferManager& bob) {
    world.call(
        [&] { bob.add_download(big_key, "Share\\big.bin", {source("127.0.0.2", "alice_00001", "Share\\big.bin")}); });
  }
  std::optional<net::TransferRow> row_of(net::TransferManager& bob, const protocol::FileKey& key) {
    std::optional<net::TransferRow> found;
    world.call([&] {
      for (const auto& row : bob.snapshot(net::SnapshotView::Downloads).rows)
        if (row.key == key.hex()) found = row;
    });
    return found;
  }
  bool finished(net::TransferManager& bob, const protocol::FileKey& key) {
    const auto row = row_of(bob, key);
    return row && row->phase == transfer::TransferPhase::Finished;
  }
  std::filesystem::path downloaded(const std::string& name) const { return dir.path() / "bob_00002-downloads" / name; }
  std::filesystem::path part_of(const protocol::FileKey& key) const {
    return dir.path() / "bob_00002-incomplete" / (key.hex() + ".part");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_verify)

BOOST_AUTO_TEST_CASE(the_loop_keeps_serving_while_a_large_download_is_verified) {
  VerifySetup s;
  auto& bob = s.world.add_node(s.bob_settings, nullptr);
  test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
  test::PeerProcess carol(s.world, WPN_TRANSFER_PEER_PATH, "carol_00001", "127.0.0.4", s.carol_dir.string(),
                          {"--upload-limit", "500000"});
  s.world.call([&] {
    bob.add_download(s.slow_key, "Share\\slow.bin",
                     {VerifySetup::source("127.0.0.4", "carol_00001", "Share\\slow.bin")});
  });
  BOOST_REQUIRE(s.world.wait_for(
      [&] {
        const auto rows = bob.snapshot(net::SnapshotView::Downloads).rows;
        return !rows.empty() && rows.front().done > 0;
      },
      10s));
  LoopProbe probe(s.world.loop());
  PhaseTimes phases;
  phases.watch(s.world, bob);  // the slow download is past these phases by now
  s.download_big(bob);
  BOOST_REQUIRE(test::eventually([&] { return s.finished(bob, s.big_key); }, 30s));
  probe.stop();
  const auto verifying = phases.of(transfer::TransferPhase::Verifying);
  const auto finished = phases.of(transfer::TransferPhase::Finished);
  BOOST_REQUIRE(verifying);
  BOOST_REQUIRE(finished);
  const auto longest = probe.longest(*verifying, *finished);
  BOOST_TEST_MESSAGE(
      "verified in " << std::chrono::duration_cast<std::chrono::milliseconds>(*finished - *verifying).count()
                     << " ms; the longest loop wait meanwhile: " << longest.count() << " ms");
  // Flushing and hashing the finished file on the loop held it for 300-500 ms here.
  BOOST_TEST(longest < 150ms);
  BOOST_TEST(std::filesystem::file_size(s.downloaded("big.bin")) == BigSize);
  // The slow download went on beside it and ends intact.
  BOOST_REQUIRE(test::eventually([&] { return s.finished(bob, s.slow_key); }, 30s));
  BOOST_TEST(test::sha256_of_file(s.downloaded("slow.bin")) ==
             test::sha256_of_file(s.carol_dir / "share" / "slow.bin"));
}

// The owner's action runs on the loop `delay` after the large download starts its check: at
// once, the check waits in the verifier's queue; a little later, the worker is in it.
struct DuringVerify {
  std::atomic<bool> fired{false};
  std::atomic<bool> was_verifying{false};

  void arm(VerifySetup& s, net::TransferManager& bob, std::chrono::milliseconds delay,
           std::function<void(transfer::TransferId)> action) {
    s.world.call([&, delay, action = std::move(action)] {
      bob.set_event_sink([&, delay, action](const transfer::TransferEvent& event) {
        const auto* changed = std::get_if<transfer::TransferStateChanged>(&event);
        if (changed == nullptr || changed->phase != transfer::TransferPhase::Verifying || fired.exchange(true)) return;
        s.world.loop().add_timer(delay, [&, action, id = changed->transfer] {
          const auto row = bob.row(id);
          was_verifying = row && row->phase == transfer::TransferPhase::Verifying;
          action(id);
        });
      });
    });
  }
};

BOOST_AUTO_TEST_CASE(a_download_cancelled_while_verified_is_not_finished_and_can_be_added_again) {
  VerifySetup s;
  auto& bob = s.world.add_node(s.bob_settings, nullptr);
  test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
  std::atomic<bool> cancelled{false};
  DuringVerify during;
  during.arm(s, bob, 0ms, [&](transfer::TransferId id) { cancelled = bob.cancel(id); });
  s.download_big(bob);
  BOOST_REQUIRE(test::eventually([&] { return cancelled.load(); }, 30s));
  BOOST_TEST(during.was_verifying.load());
  // The check still running ends without a verdict: no row comes back, nothing is finished.
  BOOST_TEST(test::holds_for(
      [&] { return !s.row_of(bob, s.big_key) && !std::filesystem::exists(s.downloaded("big.bin")); }, 1500ms));
  // A cancel discards the partial (it would bring the download back at the next start).
  BOOST_TEST(test::eventually([&] { return !std::filesystem::exists(s.part_of(s.big_key)); }, 5s));

  s.download_big(bob);
  BOOST_REQUIRE(test::eventually([&] { return s.finished(bob, s.big_key); }, 30s));
  BOOST_TEST(std::filesystem::file_size(s.downloaded("big.bin")) == BigSize);
}

BOOST_AUTO_TEST_CASE(a_download_removed_while_verified_leaves_no_file) {
  VerifySetup s;
  auto& bob = s.world.add_node(s.bob_settings, nullptr);
  test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
  std::atomic<bool> removed{false};
  DuringVerify during;
  during.arm(s, bob, 60ms, [&](transfer::TransferId id) { removed = bob.remove(id); });
  s.download_big(bob);
  BOOST_REQUIRE(test::eventually([&] { return removed.load(); }, 30s));
  BOOST_TEST(during.was_verifying.load());
  BOOST_TEST(test::holds_for(
      [&] {
        return !s.row_of(bob, s.big_key) && !std::filesystem::exists(s.downloaded("big.bin")) &&
               !std::filesystem::exists(s.part_of(s.big_key));
      },
      1500ms));
}

// The node stops while the check runs: the stop does not wait for the check, and the next
// start checks the complete partial again. The uploader is gone by then, so the download can
// only finish from the bytes on the disk.
BOOST_AUTO_TEST_CASE(a_download_whose_node_stops_while_verified_is_verified_on_the_next_start) {
  VerifySetup s;
  auto* bob = &s.world.add_node(s.bob_settings, nullptr);
  std::atomic<bool> stopped{false};
  std::atomic<long> stop_ms{0};
  DuringVerify during;
  {
    test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
    during.arm(s, *bob, 60ms, [&](transfer::TransferId) {
      test::RelayNode gone;  // nothing is routed to the stopped node meanwhile
      gone.name = "bob_00002";
      gone.deliver = [](const protocol::TransferNoticeMessage&) {};
      gone.data_port = [] { return std::uint16_t{0}; };
      s.world.relay().add(std::move(gone));
      const auto at = std::chrono::steady_clock::now();
      s.world.remove_node("bob_00002");  // on the loop: inline
      stop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - at).count();
      stopped = true;
    });
    s.download_big(*bob);
    BOOST_REQUIRE(test::eventually([&] { return stopped.load(); }, 30s));
    BOOST_TEST(during.was_verifying.load());
    BOOST_TEST_MESSAGE("stop during the check took " << stop_ms.load() << " ms");
    BOOST_TEST(stop_ms.load() < 100);  // a stop that waited for the flush took 115-130 ms here
  }
  BOOST_TEST(!std::filesystem::exists(s.downloaded("big.bin")));
  BOOST_TEST(std::filesystem::file_size(s.part_of(s.big_key)) == BigSize);

  bob = &s.world.add_node(s.bob_settings, nullptr);
  BOOST_REQUIRE(test::eventually([&] { return s.finished(*bob, s.big_key); }, 20s));
  BOOST_TEST(std::filesystem::file_size(s.downloaded("big.bin")) == BigSize);
  BOOST_TEST(!std::filesystem::exists(s.part_of(s.big_key)));
}

// kill -9 while the check runs (bob a real process): the part file and the sidecar on the disk
// are all the next start has, and it checks them again. The uploader is gone by then.
BOOST_AUTO_TEST_CASE(a_download_killed_while_verified_is_verified_on_the_next_start) {
  VerifySetup s;
  {
    test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
    test::PeerProcess bob(s.world, WPN_TRANSFER_PEER_PATH, "bob_00002", "127.0.0.3", s.dir.path().string());
    bob.send("DOWNLOAD " + s.big_key.hex() + " alice_00001 127.0.0.2 Share\\big.bin");
    const auto verifying = "PHASE 1 " + std::to_string(static_cast<int>(transfer::TransferPhase::Verifying));
    const auto finished = "PHASE 1 " + std::to_string(static_cast<int>(transfer::TransferPhase::Finished));
    BOOST_REQUIRE(test::eventually([&] { return bob.printed(verifying); }, 30s));
    bob.kill_hard();
    BOOST_TEST(!bob.printed(finished));
  }
  BOOST_TEST(!std::filesystem::exists(s.downloaded("big.bin")));
  BOOST_TEST(std::filesystem::file_size(s.part_of(s.big_key)) == BigSize);

  auto& bob = s.world.add_node(s.bob_settings, nullptr);
  BOOST_REQUIRE(test::eventually([&] { return s.finished(bob, s.big_key); }, 20s));
  BOOST_TEST(std::filesystem::file_size(s.downloaded("big.bin")) == BigSize);
  BOOST_TEST(!std::filesystem::exists(s.part_of(s.big_key)));
}

BOOST_AUTO_TEST_SUITE_END()
