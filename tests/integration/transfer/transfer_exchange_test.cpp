// Two TransferManagers on 127.0.0.2 and 127.0.0.3 exchange real files through the
// test relay (filesharing.md §3, §4.3); results are compared by SHA-256 of the
// source file, read independently.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <variant>

#include "support/temp_dir.h"
#include "transfer_fixture.h"

namespace fs = std::filesystem;
using namespace wpn;

namespace {

struct Pair : test::TwoNodes {
  explicit Pair(bool uploader_listens = true,
                protocol::SegmentByteOrder order = protocol::WireOptions{}.segment_byte_order) {
    auto up = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
    up.wire.segment_byte_order = order;
    if (!uploader_listens) {
      up.listener.ephemeral = false;
      up.listener.port = 0;
    }
    uploader = &world.add_node(up, &shared.lookup());
    auto down = test::node_settings(dir.path(), "bob_00002", "127.0.0.3");
    down.wire.segment_byte_order = order;
    downloader = &world.add_node(down, nullptr);
  }

  fs::path downloaded(const std::string& name) const { return dir.path() / "bob_00002-downloads" / name; }

  // Adds the download at bob and waits until it is complete.
  bool fetch(const std::string& name, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto announced = shared.add(name);
    const auto key = shared.key_of(name);
    std::optional<transfer::TransferId> id;
    world.call([&] { id = downloader->add_download(key, announced, {world.address_of("alice_00001", announced)}); });
    if (!id) return false;
    return world.wait_for(
        [&] {
          for (const auto& row : downloader->snapshot(net::SnapshotView::Downloads).rows)
            if (row.id == *id) return row.phase == transfer::TransferPhase::Finished;
          return false;
        },
        timeout);
  }
};

const std::uint64_t Sizes[] = {0, 1, 128 * 1024 - 1, 128 * 1024, 128 * 1024 + 1};

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_exchange)

BOOST_DATA_TEST_CASE(transfers_small_files_byte_identical, boost::unit_test::data::make(Sizes), size) {
  Pair pair;
  const std::string name = "file_" + std::to_string(size) + ".bin";
  test::write_random_file(pair.shared.root() / name, size, size + 7);
  BOOST_REQUIRE(pair.fetch(name));
  BOOST_TEST(fs::file_size(pair.downloaded(name)) == size);
  BOOST_TEST(test::sha256_of_file(pair.downloaded(name)) == test::sha256_of_file(pair.shared.root() / name));
  // Nothing is left in the incomplete folder.
  BOOST_TEST(fs::is_empty(pair.dir.path() / "bob_00002-incomplete"));
}

BOOST_AUTO_TEST_CASE(transfers_a_100_mb_file_byte_identical) {
  Pair pair;
  // Progress events: at most one per second per transfer, plus the final one.
  std::map<transfer::TransferId, std::vector<std::pair<std::chrono::steady_clock::time_point, bool>>> progress;
  pair.world.call([&] {
    pair.downloader->set_event_sink([&](const transfer::TransferEvent& event) {
      if (const auto* p = std::get_if<transfer::TransferProgress>(&event))
        progress[p->transfer].emplace_back(std::chrono::steady_clock::now(), p->done == p->size);
    });
  });
  const std::string name = "big.bin";
  test::write_random_file(pair.shared.root() / name, 100ull * 1000 * 1000, 99);
  BOOST_REQUIRE(pair.fetch(name, std::chrono::seconds(60)));
  BOOST_TEST(test::sha256_of_file(pair.downloaded(name)) == test::sha256_of_file(pair.shared.root() / name));
  pair.world.call([&] { pair.downloader->set_event_sink({}); });
  BOOST_REQUIRE(progress.size() == 1u);
  const auto& events = progress.begin()->second;
  BOOST_REQUIRE(!events.empty());
  BOOST_TEST(events.back().second);
  for (std::size_t i = 1; i < events.size(); ++i)
    if (!events[i].second)
      BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(events[i].first - events[i - 1].first).count() >=
                 900);
}

BOOST_AUTO_TEST_CASE(a_second_download_of_the_same_name_gets_a_numbered_name) {
  Pair pair;
  test::write_random_file(pair.shared.root() / "song.mp3", 5000, 1);
  fs::create_directories(pair.downloaded(""));
  { std::ofstream(pair.downloaded("song.mp3")) << "already here"; }
  BOOST_REQUIRE(pair.fetch("song.mp3"));
  BOOST_TEST(test::sha256_of_file(pair.downloaded("song (1).mp3")) ==
             test::sha256_of_file(pair.shared.root() / "song.mp3"));
}

BOOST_AUTO_TEST_CASE(push_works_with_the_uploaders_listener_off) {
  Pair pair(false);
  std::uint16_t port = 1;
  pair.world.call([&] { port = pair.uploader->data_port(); });
  BOOST_REQUIRE(port == 0);
  test::write_random_file(pair.shared.root() / "pushed.bin", 300 * 1024 + 3, 5);
  BOOST_REQUIRE(pair.fetch("pushed.bin"));
  BOOST_TEST(test::sha256_of_file(pair.downloaded("pushed.bin")) ==
             test::sha256_of_file(pair.shared.root() / "pushed.bin"));
}

BOOST_AUTO_TEST_CASE(the_download_limit_holds_the_rate_down) {
  Pair pair;
  pair.world.call([&] {
    auto settings = pair.downloader->settings();
    settings.limits.download = 1'500'000;
    pair.downloader->reconfigure(settings);
  });
  test::write_random_file(pair.shared.root() / "slow.bin", 4'500'000, 9);
  const auto start = std::chrono::steady_clock::now();
  BOOST_REQUIRE(pair.fetch("slow.bin"));
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  // 4.5 MB at 1.5 MB/s is 3 s; a full first bucket may save at most one second of it.
  BOOST_TEST(took.count() >= 1900);
  BOOST_TEST(test::sha256_of_file(pair.downloaded("slow.bin")) ==
             test::sha256_of_file(pair.shared.root() / "slow.bin"));
}

BOOST_AUTO_TEST_CASE(both_sides_follow_the_configured_segment_byte_order) {
  // The uploader reads big-endian segments: a downloader writing little-endian ones
  // would ask for a range outside the file and be refused.
  Pair pair(true, protocol::SegmentByteOrder::Big);
  test::write_random_file(pair.shared.root() / "order.bin", 200'000, 8);
  BOOST_REQUIRE(pair.fetch("order.bin"));
  BOOST_TEST(test::sha256_of_file(pair.downloaded("order.bin")) ==
             test::sha256_of_file(pair.shared.root() / "order.bin"));
}

BOOST_AUTO_TEST_SUITE_END()
