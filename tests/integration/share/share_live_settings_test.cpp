// The share settings that change while the library runs: the size cap, watching and the
// rescan interval. None of them may rescan a root (a million-file share would be walked
// again for a changed number); each must still take effect.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "share/share_library.h"
#include "share/sqlite_share_index.h"
#include "support/temp_dir.h"
#include "unit/share/share_test_files.h"

using namespace wpn::share;
using namespace std::chrono_literals;
using wpn::test::eventually;
using wpn::test::pattern_bytes;
using wpn::test::write_file;
namespace fs = std::filesystem;

namespace {

struct LiveFixture {
  wpn::test::TempDir dir;
  fs::path root = dir / "Music";
  std::unique_ptr<SqliteShareIndex> index;
  std::unique_ptr<SqliteShareReader> reader;
  ShareSettings settings;
  std::mutex events_mutex;
  std::vector<ShareEvent> events;
  std::unique_ptr<ShareLibrary> library;

  LiveFixture() {
    fs::create_directories(root / "a");
    write_file(root / "a" / "small.bin", pattern_bytes(1000, 1));
    write_file(root / "a" / "large.bin", pattern_bytes(50000, 2));
    write_file(root / "top.bin", pattern_bytes(3000, 3));
    settings.roots = {ShareRootConfig{root.string(), "Music"}};
    settings.mode = ShareMode::All;
    settings.debounce = 50ms;
    settings.commit_interval = 50ms;
    settings.fallback_rescan_interval = 1h;
  }

  void start() {
    index = SqliteShareIndex::open((dir / "index.db").string()).value();
    reader = index->open_reader().value();
    library = std::make_unique<ShareLibrary>(settings, *index, [this](const ShareEvent& e) {
      std::lock_guard lock(events_mutex);
      events.push_back(e);
    });
    BOOST_REQUIRE(library->start().has_value());
    BOOST_REQUIRE(library->wait_idle(60s));
    BOOST_REQUIRE(library->full_scans() == 1);
  }

  ~LiveFixture() {
    if (library) library->stop();
  }

  bool indexed(const fs::path& path) { return reader->file_by_path(path.string()).value().has_value(); }

  template <class T>
  std::vector<T> events_of() {
    std::lock_guard lock(events_mutex);
    std::vector<T> out;
    for (const auto& e : events)
      if (const auto* x = std::get_if<T>(&e)) out.push_back(*x);
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(share_live_settings, LiveFixture)

BOOST_AUTO_TEST_CASE(a_lower_size_cap_drops_the_larger_files_without_a_rescan) {
  start();
  BOOST_REQUIRE(indexed(root / "a" / "large.bin"));
  library->set_max_file_size(10000);
  BOOST_TEST(eventually([&] { return !indexed(root / "a" / "large.bin"); }, 10s));
  BOOST_REQUIRE(library->wait_idle(10s));
  BOOST_TEST(indexed(root / "a" / "small.bin"));
  BOOST_TEST(indexed(root / "top.bin"));
  BOOST_TEST(library->full_scans() == 1u);
  const auto removed = events_of<FileRemoved>();
  BOOST_REQUIRE(removed.size() == 1u);
  BOOST_TEST(removed.front().name == "Music\\a\\large.bin");
  // The next file over the cap is refused by the scan of its folder, as at start.
  write_file(root / "a" / "larger.bin", pattern_bytes(20000, 4));
  BOOST_REQUIRE(library->rescan_folder((root / "a").string()));
  BOOST_REQUIRE(library->wait_idle(10s));
  BOOST_TEST(!indexed(root / "a" / "larger.bin"));
}

BOOST_AUTO_TEST_CASE(watching_off_and_on_again_without_a_rescan) {
  start();
  library->set_watch(false);
  BOOST_TEST(eventually([&] { return library->status().roots.at(0).watch == WatchState::Degraded; }, 5s));
  // Off: a new file is not noticed (no watch, and the periodic rescan is an hour away).
  write_file(root / "a" / "unseen.bin", pattern_bytes(700, 5));
  BOOST_REQUIRE(library->wait_idle(5s));
  BOOST_TEST(!indexed(root / "a" / "unseen.bin"));
  // On: the folders are watched again (a folder walk, no full scan), so a change in a
  // sub-folder is picked up by the scan of that folder alone.
  library->set_watch(true);
  BOOST_TEST(eventually([&] { return library->status().roots.at(0).watch == WatchState::Active; }, 5s));
  BOOST_REQUIRE(library->wait_idle(10s));
  write_file(root / "a" / "seen.bin", pattern_bytes(800, 6));
  BOOST_TEST(eventually([&] { return indexed(root / "a" / "seen.bin"); }, 10s));
  BOOST_TEST(library->full_scans() == 1u);
}

BOOST_AUTO_TEST_CASE(a_shorter_rescan_interval_applies_to_the_next_periodic_rescan_only) {
  settings.watch = false;  // periodic rescans only
  start();
  write_file(root / "a" / "later.bin", pattern_bytes(900, 7));
  library->set_rescan_interval(300ms);
  // The change itself scans nothing; the periodic rescan due 300 ms later finds the file.
  BOOST_TEST(library->full_scans() == 1u);
  BOOST_TEST(eventually([&] { return indexed(root / "a" / "later.bin"); }, 10s));
  BOOST_TEST(library->full_scans() >= 2u);
}

BOOST_AUTO_TEST_SUITE_END()
