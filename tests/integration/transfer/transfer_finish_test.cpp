// A verified download whose incomplete folder is on another filesystem than its download folder
// is copied there off the loop: while a large one is copied the loop keeps serving; a cancel,
// remove, stop or kill -9 during the copy leaves the whole partial (or nothing, for remove) and
// never a short file under the final name. Nothing is mounted: the incomplete folder goes to a
// folder on its own st_dev (/dev/shm here; the pair used is printed), and the test fails when
// there is none. Uploaders are real processes, the files real, on 127.0.0.x.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>

#include "loop_probe.h"
#include "peer_process.h"
#include "support/eventually.h"
#include "support/other_filesystem.h"
#include "support/temp_dir.h"
#include "transfer_fixture.h"

using namespace std::chrono_literals;
using namespace wpn;
using test::LoopProbe;
using test::PhaseTimes;
namespace fs = std::filesystem;

namespace {

// Large enough that copying it on the loop held the loop for most of a second here.
constexpr std::uint64_t BigSize = 1'000'000'000;

dev_t device_of(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_dev : 0;
}

// alice shares a large file (sparse: all zeros, instantly there); bob downloads it into an
// incomplete folder on another filesystem than his download folder.
struct FinishSetup {
  test::TempDir dir;
  std::unique_ptr<test::TempDirUnder> other;
  fs::path alice_dir = dir.path() / "alice";
  protocol::FileKey big_key;
  test::TransferWorld world;
  test::NodeSettings bob_settings = test::node_settings(dir.path(), "bob_00002", "127.0.0.3");

  FinishSetup() {
    std::string tried;
    other = test::folder_on_another_filesystem(dir.path(), tried);
    BOOST_REQUIRE_MESSAGE(other != nullptr,
                          "no writable folder on another filesystem than " << dir.path() << ": tried " << tried);
    bob_settings.incomplete_dir = (other->path() / "bob-incomplete").string();
    fs::create_directories(bob_settings.incomplete_dir);
    fs::create_directories(bob_settings.download_dir);
    BOOST_TEST_MESSAGE("incomplete folder " << bob_settings.incomplete_dir << " (device "
                                            << device_of(bob_settings.incomplete_dir) << "), download folder "
                                            << bob_settings.download_dir << " (device "
                                            << device_of(bob_settings.download_dir) << ")");
    BOOST_REQUIRE(device_of(bob_settings.incomplete_dir) != device_of(bob_settings.download_dir));
    fs::create_directories(alice_dir / "share");
    { std::ofstream(alice_dir / "share" / "big.bin"); }
    fs::resize_file(alice_dir / "share" / "big.bin", BigSize);
    // The key from a separate index, not from the nodes under test.
    test::SharedFiles reference(dir.path() / "reference");
    { std::ofstream(reference.root() / "big.bin"); }
    fs::resize_file(reference.root() / "big.bin", BigSize);
    big_key = reference.key_of("big.bin");
    bob_settings.download.retry_backoff = {300ms};
    bob_settings.download.request_timeout = 1s;
  }

  void download_big(net::TransferManager& bob) {
    world.call([&] {
      bob.add_download(big_key, "Share\\big.bin",
                       {{protocol::NodeHandle{test::ip4("127.0.0.2"), 6257}, "alice_00001", "Share\\big.bin"}});
    });
  }
  std::optional<net::TransferRow> row_of(net::TransferManager& bob) {
    std::optional<net::TransferRow> found;
    world.call([&] {
      for (const auto& row : bob.snapshot(net::SnapshotView::Downloads).rows)
        if (row.key == big_key.hex()) found = row;
    });
    return found;
  }
  bool finished(net::TransferManager& bob) {
    const auto row = row_of(bob);
    return row && row->phase == transfer::TransferPhase::Finished;
  }
  fs::path downloads() const { return bob_settings.download_dir; }
  fs::path part() const { return fs::path(bob_settings.incomplete_dir) / (big_key.hex() + ".part"); }
  fs::path meta() const { return fs::path(bob_settings.incomplete_dir) / (big_key.hex() + ".meta"); }
  // The files in the download folder, temporaries included.
  std::vector<std::string> download_folder() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(downloads(), ec)) names.push_back(entry.path().filename());
    return names;
  }
  // The copy is under way: its temporary holds some bytes.
  bool copying() const {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(downloads(), ec))
      if (entry.path().filename().string().starts_with("." + big_key.hex() + ".copying-") &&
          fs::file_size(entry.path(), ec) > 0)
        return true;
    return false;
  }
  bool only_the_partial_is_left() const {
    std::error_code ec;
    return download_folder().empty() && fs::file_size(part(), ec) == BigSize && fs::exists(meta(), ec);
  }
  // The finished file holds the bytes alice shares and nothing else is left.
  void check_finished() {
    BOOST_TEST(test::sha256_of_file(downloads() / "big.bin") == test::sha256_of_file(alice_dir / "share" / "big.bin"));
    BOOST_TEST(download_folder() == std::vector<std::string>{"big.bin"});
    BOOST_TEST(!fs::exists(part()));
    BOOST_TEST(!fs::exists(meta()));
  }
};

// Runs `action` on the loop once the copy is under way; whether bob still showed the download
// as verifying then.
struct DuringCopy {
  std::atomic<bool> was_verifying{false};
  void run(FinishSetup& s, net::TransferManager& bob, const std::function<void(transfer::TransferId)>& action) {
    BOOST_REQUIRE(test::eventually([&] { return s.copying(); }, 60s));
    s.world.call([&] {
      for (const auto& row : bob.snapshot(net::SnapshotView::Downloads).rows)
        if (row.key == s.big_key.hex()) {
          was_verifying = row.phase == transfer::TransferPhase::Verifying;
          action(row.id);
        }
    });
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_finish)

BOOST_AUTO_TEST_CASE(the_loop_keeps_serving_while_a_download_is_copied_to_another_filesystem) {
  FinishSetup s;
  auto& bob = s.world.add_node(s.bob_settings, nullptr);
  test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
  LoopProbe probe(s.world.loop());
  PhaseTimes phases;
  phases.watch(s.world, bob);
  s.download_big(bob);
  if (test::eventually([&] { return s.copying(); }, 60s)) {
    const auto row = s.row_of(bob);
    BOOST_TEST((row && row->phase == transfer::TransferPhase::Verifying));  // shown while copied
  } else {
    BOOST_ERROR("no copy under a temporary name was seen");
  }
  BOOST_REQUIRE(test::eventually([&] { return s.finished(bob) && fs::exists(s.downloads() / "big.bin"); }, 60s));
  // Seen by a call on the loop, so after the move whichever thread did it.
  const auto finished = std::chrono::steady_clock::now();
  probe.stop();
  const auto verifying = phases.of(transfer::TransferPhase::Verifying);
  BOOST_REQUIRE(verifying);
  const auto longest = probe.longest(*verifying, finished);
  BOOST_TEST_MESSAGE("verified and copied in "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(finished - *verifying).count()
                     << " ms; the longest loop wait meanwhile: " << longest.count() << " ms");
  // Copying the file on the loop held it for 600-1,000 ms here.
  BOOST_TEST(longest < 150ms);
  BOOST_TEST(s.row_of(bob)->local_path == (s.downloads() / "big.bin").string());
  s.check_finished();
}

// Cancel and remove both drop the download: the copy stops at its next chunk, its temporary
// goes, no file takes the final name, and the partial and its sidecar are deleted.
void drop_while_copied(bool (*drop)(net::TransferManager&, transfer::TransferId)) {
  FinishSetup s;
  auto& bob = s.world.add_node(s.bob_settings, nullptr);
  test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
  s.download_big(bob);
  bool dropped = false;
  DuringCopy during;
  during.run(s, bob, [&](transfer::TransferId id) { dropped = drop(bob, id); });
  BOOST_REQUIRE(dropped);
  BOOST_TEST(during.was_verifying.load());
  BOOST_TEST(test::eventually([&] { return s.download_folder().empty(); }, 10s));
  BOOST_TEST(test::holds_for(
      [&] { return !s.row_of(bob) && s.download_folder().empty() && !fs::exists(s.part()) && !fs::exists(s.meta()); },
      1500ms));
}

BOOST_AUTO_TEST_CASE(a_download_cancelled_while_copied_leaves_no_file) {
  drop_while_copied([](net::TransferManager& node, transfer::TransferId id) { return node.cancel(id); });
}

BOOST_AUTO_TEST_CASE(a_download_removed_while_copied_leaves_no_file) {
  drop_while_copied([](net::TransferManager& node, transfer::TransferId id) { return node.remove(id); });
}

// The node stops during the copy: the stop does not wait for it, and the next start checks and
// copies the whole partial again. The uploader is gone by then.
BOOST_AUTO_TEST_CASE(a_download_whose_node_stops_while_copied_is_finished_on_the_next_start) {
  FinishSetup s;
  auto* bob = &s.world.add_node(s.bob_settings, nullptr);
  long stop_ms = -1;
  {
    test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
    s.download_big(*bob);
    DuringCopy during;
    during.run(s, *bob, [&](transfer::TransferId) {
      test::RelayNode gone;  // nothing is routed to the stopped node meanwhile
      gone.name = "bob_00002";
      gone.deliver = [](const protocol::TransferNoticeMessage&) {};
      gone.data_port = [] { return std::uint16_t{0}; };
      s.world.relay().add(std::move(gone));
      const auto at = std::chrono::steady_clock::now();
      s.world.remove_node("bob_00002");  // on the loop: inline
      stop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - at).count();
    });
    BOOST_TEST(during.was_verifying.load());
    BOOST_TEST_MESSAGE("stop during the copy took " << stop_ms << " ms");
    BOOST_TEST(stop_ms >= 0);
    BOOST_TEST(stop_ms < 100);
  }
  BOOST_TEST(test::eventually([&] { return s.download_folder().empty(); }, 10s));
  BOOST_TEST(s.only_the_partial_is_left());

  bob = &s.world.add_node(s.bob_settings, nullptr);
  BOOST_REQUIRE(test::eventually([&] { return s.finished(*bob); }, 60s));
  s.check_finished();
}

// kill -9 during the copy (bob a real process): the whole partial and at most a temporary are
// left; the next start finishes from the disk and the temporary goes.
BOOST_AUTO_TEST_CASE(a_download_killed_while_copied_is_finished_on_the_next_start) {
  FinishSetup s;
  {
    test::PeerProcess alice(s.world, WPN_TRANSFER_PEER_PATH, "alice_00001", "127.0.0.2", s.alice_dir.string());
    test::PeerProcess bob(s.world, WPN_TRANSFER_PEER_PATH, "bob_00002", "127.0.0.3", s.dir.path().string(),
                          {"--incomplete", s.bob_settings.incomplete_dir});
    bob.send("DOWNLOAD " + s.big_key.hex() + " alice_00001 127.0.0.2 Share\\big.bin");
    BOOST_REQUIRE(test::eventually([&] { return s.copying(); }, 60s));
    bob.kill_hard();
    BOOST_TEST(!bob.printed("PHASE 1 " + std::to_string(static_cast<int>(transfer::TransferPhase::Finished))));
  }
  BOOST_TEST(!fs::exists(s.downloads() / "big.bin"));
  BOOST_TEST(fs::file_size(s.part()) == BigSize);
  BOOST_TEST(fs::exists(s.meta()));
  BOOST_TEST(s.download_folder().size() == 1u);  // the temporary the kill left

  auto& bob = s.world.add_node(s.bob_settings, nullptr);
  BOOST_REQUIRE(test::eventually([&] { return s.finished(bob); }, 60s));
  s.check_finished();
}

BOOST_AUTO_TEST_SUITE_END()
