// A partial file holds a descriptor only while data arrives into it. Downloads that wait
// in a remote queue, or are cancelled in the middle, leave none open: a long run makes many
// of them, and each held descriptor would stay until the process ends. Counted in
// /proc/self/fd, by the part files of this test's folder.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include "transfer_fixture.h"

namespace fs = std::filesystem;
using namespace wpn;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t UploadLimit = 64 * 1024;  // bytes per second: a cut comes mid-file
constexpr std::uint64_t FileSize = 1'000'000;
constexpr unsigned Rounds = 4;

// Descriptors of this process open on a part file under `dir`.
int open_part_files(const fs::path& dir) {
  int count = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc/self/fd", ec)) {
    const auto target = fs::read_symlink(entry.path(), ec);
    if (!ec && target.extension() == ".part" && target.string().starts_with(dir.string())) ++count;
  }
  return count;
}

struct Pair : test::TwoNodes {
  explicit Pair(std::uint32_t slots) {
    auto up = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
    up.upload.slots = slots;
    up.limits.upload = UploadLimit;
    uploader = &world.add_node(up, &shared.lookup());
    downloader = &world.add_node(test::node_settings(dir.path(), "bob_00002", "127.0.0.3"), nullptr);
  }

  transfer::TransferId start(const std::string& name, unsigned seed) {
    test::write_random_file(shared.root() / name, FileSize, seed);
    const auto announced = shared.add(name);
    const auto key = shared.key_of(name);
    std::optional<transfer::TransferId> id;
    world.call([&] { id = downloader->add_download(key, announced, {world.address_of("alice_00001", announced)}); });
    BOOST_REQUIRE(id.has_value());
    return *id;
  }

  // Loop thread only.
  std::uint64_t done(transfer::TransferId id) {
    for (const auto& row : downloader->snapshot(net::SnapshotView::Downloads).rows)
      if (row.id == id) return row.done;
    return 0;
  }

  bool parts_open(int expected) {
    return world.wait_for([&] { return open_part_files(dir.path()) == expected; }, 10s);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_descriptors)

BOOST_AUTO_TEST_CASE(downloads_waiting_in_a_remote_queue_hold_no_part_file_open) {
  Pair pair(0);
  for (unsigned i = 0; i < Rounds; ++i) {
    pair.start("waiting_" + std::to_string(i) + ".bin", 10 + i);
    BOOST_REQUIRE(pair.world.wait_for(
        [&] { return pair.uploader->snapshot(net::SnapshotView::UploadQueue).total == i + 1; }, 10s));
  }
  // Each part file exists (a restart finds it), and none is held open meanwhile.
  unsigned parts = 0;
  for (const auto& entry : fs::directory_iterator(pair.dir.path() / "bob_00002-incomplete"))
    parts += entry.path().extension() == ".part" ? 1u : 0u;
  BOOST_TEST(parts == Rounds);
  BOOST_TEST(pair.parts_open(0), "part files open: " << open_part_files(pair.dir.path()));
}

BOOST_AUTO_TEST_CASE(downloads_cancelled_mid_file_give_their_part_file_back) {
  Pair pair(1);
  for (unsigned i = 0; i < Rounds; ++i) {
    const auto id = pair.start("cut_" + std::to_string(i) + ".bin", 20 + i);
    // Data is arriving: the part file is open (what this test counts is really there).
    BOOST_REQUIRE(pair.world.wait_for([&] { return pair.done(id) > 0; }, 10s));
    BOOST_TEST(open_part_files(pair.dir.path()) == 1);
    pair.world.call([&] { pair.downloader->cancel(id); });
    BOOST_TEST(pair.parts_open(0), "round " << i << ": part files open: " << open_part_files(pair.dir.path()));
    std::uint64_t done = 0;
    pair.world.call([&] { done = pair.done(id); });
    BOOST_TEST(done < FileSize);  // it was cut, not finished
  }
}

BOOST_AUTO_TEST_SUITE_END()
