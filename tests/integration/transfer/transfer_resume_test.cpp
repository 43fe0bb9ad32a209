// A download survives its uploader being killed (SIGKILL, a real process) and its
// own restart: it resumes from the sidecar and ends byte-identical (§3.6, §8.1).
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "peer_process.h"
#include "support/temp_dir.h"
#include "transfer_fixture.h"

using namespace std::chrono_literals;
using namespace wpn;

BOOST_AUTO_TEST_SUITE(transfer_resume)

BOOST_AUTO_TEST_CASE(download_resumes_byte_identical_after_the_uploader_is_killed) {
  test::TempDir dir;
  const auto alice_dir = dir.path() / "alice";
  std::filesystem::create_directories(alice_dir / "share");
  const std::uint64_t size = 8ull * 1000 * 1000;
  test::write_random_file(alice_dir / "share" / "movie.bin", size, 21);
  test::SharedFiles reference(dir.path() / "reference");  // only to compute the key independently of alice
  std::filesystem::copy_file(alice_dir / "share" / "movie.bin", reference.root() / "movie.bin");
  const auto key = reference.key_of("movie.bin");
  const std::string announced = "Share\\movie.bin";

  test::TransferWorld world;
  auto bob_settings = test::node_settings(dir.path(), "bob_00002", "127.0.0.3");
  bob_settings.download.retry_backoff = {300ms};
  bob_settings.download.request_timeout = 1s;
  auto* bob = &world.add_node(bob_settings, nullptr);
  const auto done_of = [&](net::TransferManager* m) {
    std::uint64_t done = 0;
    transfer::TransferPhase state{};
    world.call([&] {
      for (const auto& row : m->snapshot(net::SnapshotView::Downloads).rows) {
        done = row.done;
        state = row.phase;
      }
    });
    return std::pair{done, state};
  };

  {
    test::PeerProcess alice(world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", alice_dir.string(),
                            {"--upload-limit", "2000000"});
    world.call([&] {
      bob->add_download(
          key, announced,
          {protocol::TransferAddress{protocol::NodeHandle{test::ip4("127.0.0.2"), 6257}, "alice_00001", announced}});
    });
    BOOST_REQUIRE(world.wait_for(
        [&] {
          const auto rows = bob->snapshot(net::SnapshotView::Downloads).rows;
          return !rows.empty() && rows.front().done >= 2'000'000;
        },
        20s));
    alice.kill_hard();
  }
  // Bob restarts too: everything it knows now comes from the sidecar.
  BOOST_REQUIRE(world.wait_for([&] { return bob->connection_count() == 0; }, 5s));
  world.remove_node("bob_00002");
  bob = &world.add_node(bob_settings, nullptr);
  const auto [restored, restored_state] = done_of(bob);
  BOOST_TEST(restored >= 1'000'000);
  BOOST_TEST(restored < size);

  test::PeerProcess alice_again(world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", alice_dir.string());
  BOOST_REQUIRE(world.wait_for(
      [&] {
        const auto rows = bob->snapshot(net::SnapshotView::Downloads).rows;
        return !rows.empty() && rows.front().phase == transfer::TransferPhase::Finished;
      },
      30s));
  BOOST_TEST(test::sha256_of_file(dir.path() / "bob_00002-downloads" / "movie.bin") ==
             test::sha256_of_file(reference.root() / "movie.bin"));
}

BOOST_AUTO_TEST_SUITE_END()
