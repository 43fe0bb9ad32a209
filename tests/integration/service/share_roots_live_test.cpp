// Changing the shared roots while running: the engine adds and removes roots one by one, so
// only a new root is scanned and a removed root unshares only its own files. The engine
// facade in process, on real folders and a real index file.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "session/engine.h"
#include "support/temp_dir.h"

namespace wpn::test {
namespace {

using namespace std::chrono_literals;

void write_file(const std::filesystem::path& path, std::size_t size, char fill) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << std::string(size, fill);
}

template <class Predicate>
bool wait_until(Predicate predicate, std::chrono::milliseconds timeout = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

struct LiveRoots {
  TempDir dir;
  std::filesystem::path a = dir / "a";
  std::filesystem::path b = dir / "b";
  session::EngineSettings settings;
  std::mutex mutex;
  std::vector<std::string> scanned;  // roots of ScanStarted events, in order
  std::size_t whole_scans = 0;       // of them, scans of a whole root
  std::unique_ptr<session::Engine> engine;

  LiveRoots() {
    write_file(a / "one.bin", 1000, '1');
    write_file(a / "sub" / "two.bin", 2000, '2');
    write_file(b / "three.bin", 3000, '3');
    settings.data_dir = (dir / "data").string();
    std::filesystem::create_directories(settings.data_dir);
    settings.index_path = (dir / "data" / "index.sqlite").string();
    settings.network.bind = "127.0.0.1";
    settings.network.port = 0;
    settings.transfers.download_dir = (dir / "downloads").string();
    settings.shares.mode = session::ShareMode::All;
    settings.shares.roots = {a.string()};
    auto opened = session::Engine::open(settings, [this](const session::EngineEvent& event) {
      if (const auto* started = std::get_if<session::ScanStarted>(&event)) {
        std::lock_guard lock(mutex);
        scanned.push_back(started->root);
        if (started->folder.empty()) ++whole_scans;
      }
    });
    BOOST_REQUIRE(opened.has_value());
    engine = std::move(*opened);
    BOOST_REQUIRE(engine->start().has_value());
  }
  ~LiveRoots() { engine->stop(); }

  std::vector<std::string> take_scanned() {
    std::lock_guard lock(mutex);
    return std::exchange(scanned, {});
  }
  bool shared(std::uint64_t files, std::uint64_t roots) {
    const auto status = engine->status();
    return status->shares.files_shared == files && status->roots.size() == roots && !status->share_progress.scanning &&
           !status->share_progress.hashing;
  }
  std::vector<std::string> shared_paths() {
    std::promise<session::EngineResult<session::FilePage>> promise;
    auto page = promise.get_future();
    engine->share_files(
        {}, [&promise](session::EngineResult<session::FilePage> result) { promise.set_value(std::move(result)); });
    BOOST_REQUIRE(page.wait_for(10s) == std::future_status::ready);
    const auto result = page.get();
    BOOST_REQUIRE(result.has_value());
    std::vector<std::string> paths;
    for (const auto& file : result->files) paths.push_back(file.path);
    std::sort(paths.begin(), paths.end());
    return paths;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(share_roots_live)

BOOST_FIXTURE_TEST_CASE(adding_a_root_scans_only_that_root_and_removing_one_unshares_only_its_files, LiveRoots) {
  BOOST_REQUIRE(wait_until([&] { return shared(2, 1); }));
  BOOST_TEST(take_scanned() == std::vector<std::string>{a.string()});

  settings.shares.roots = {a.string(), b.string()};
  engine->apply(settings);
  BOOST_REQUIRE(wait_until([&] { return shared(3, 2); }));
  BOOST_TEST(take_scanned() == std::vector<std::string>{b.string()});  // a is not scanned again

  settings.shares.roots = {b.string()};
  engine->apply(settings);
  BOOST_REQUIRE(wait_until([&] { return shared(1, 1); }));
  BOOST_TEST(shared_paths() == std::vector<std::string>{(b / "three.bin").string()});
  BOOST_TEST(take_scanned().empty());  // removing a does not rescan b
}

// The size cap, watching and the rescan interval change live: the roots are not scanned
// again, and each change still takes effect (a lower cap unshares the larger file).
BOOST_FIXTURE_TEST_CASE(the_size_cap_watching_and_rescan_interval_change_without_a_rescan, LiveRoots) {
  BOOST_REQUIRE(wait_until([&] { return shared(2, 1); }));
  const auto whole_before = [&] {
    std::lock_guard lock(mutex);
    return whole_scans;
  }();
  settings.shares.rescan_interval = std::chrono::seconds(3600);
  engine->apply(settings);
  settings.shares.watch = false;
  engine->apply(settings);
  BOOST_REQUIRE(wait_until([&] { return engine->status()->roots.at(0).watch == session::WatchMode::Off; }));
  settings.shares.max_file_size = 1500;  // two.bin (2000 bytes) is over it
  engine->apply(settings);
  BOOST_REQUIRE_MESSAGE(wait_until([&] { return shared(1, 1); }),
                        "files shared: " << engine->status()->shares.files_shared
                                         << ", scanning: " << engine->status()->share_progress.scanning
                                         << ", hashing: " << engine->status()->share_progress.hashing);
  BOOST_TEST(shared_paths() == std::vector<std::string>{(a / "one.bin").string()});
  settings.shares.watch = true;
  engine->apply(settings);
  BOOST_REQUIRE(wait_until([&] { return engine->status()->roots.at(0).watch == session::WatchMode::Active; }));
  // Watching again: a new file is found by the scan of its own folder only.
  write_file(a / "sub" / "three.bin", 1200, '3');
  BOOST_REQUIRE(wait_until([&] { return shared(2, 1); }));
  std::lock_guard lock(mutex);
  BOOST_TEST(whole_scans == whole_before);
}

// The settings the library cannot change live rebuild it: every root is scanned again.
BOOST_FIXTURE_TEST_CASE(a_hash_thread_change_rebuilds_the_library, LiveRoots) {
  BOOST_REQUIRE(wait_until([&] { return shared(2, 1); }));
  take_scanned();
  settings.shares.hash_threads = 1;
  engine->apply(settings);
  BOOST_TEST(wait_until([&] {
    std::lock_guard lock(mutex);
    return !scanned.empty();
  }));
  BOOST_TEST(take_scanned() == std::vector<std::string>{a.string()});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wpn::test
