#include "share/watcher.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <mutex>
#include <vector>

#include "support/temp_dir.h"
#include "unit/share/share_test_files.h"

using namespace wpn::share;
using namespace std::chrono_literals;
using wpn::test::eventually;
using wpn::test::pattern_bytes;
using wpn::test::write_file;
namespace fs = std::filesystem;

namespace {

struct WatcherFixture {
  wpn::test::TempDir dir;
  fs::path root = dir / "root";
  std::mutex mutex;
  std::vector<std::vector<WatchChange>> batches;
  std::vector<WatcherState> states;
  WatcherOptions options;

  WatcherFixture() {
    fs::create_directories(root);
    options.debounce = 200ms;
    options.max_delay = 5s;
  }

  std::unique_ptr<Watcher> make() {
    return std::make_unique<Watcher>(
        options,
        [this](std::vector<WatchChange> changes) {
          std::lock_guard lock(mutex);
          batches.push_back(std::move(changes));
        },
        [this](const ShareEvent& e) {
          std::lock_guard lock(mutex);
          if (const auto* s = std::get_if<WatcherState>(&e)) states.push_back(*s);
        });
  }

  std::size_t batch_count() {
    std::lock_guard lock(mutex);
    return batches.size();
  }

  std::vector<WatchChange> all_changes() {
    std::lock_guard lock(mutex);
    std::vector<WatchChange> out;
    for (const auto& b : batches) out.insert(out.end(), b.begin(), b.end());
    return out;
  }

  std::vector<WatcherState> state_events() {
    std::lock_guard lock(mutex);
    return states;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(watcher, WatcherFixture)

BOOST_AUTO_TEST_CASE(a_burst_of_file_events_becomes_one_rescan_of_the_folder) {
  options.debounce = 1s;  // far longer than writing 30 small files takes
  auto watcher = make();
  BOOST_REQUIRE(watcher->start());
  watcher->add_root(1, root.string());
  watcher->watch_directory(1, root.string());
  for (int i = 0; i < 30; ++i)
    write_file(root / ("f" + std::to_string(i) + ".mp3"), pattern_bytes(100, static_cast<std::uint32_t>(i)));
  BOOST_TEST(batch_count() == 0U);  // still collecting
  BOOST_REQUIRE(eventually([&] { return batch_count() >= 1U; }));
  // 60 events (a create and a close per file) collapse into one change of the folder.
  const auto changes = all_changes();
  BOOST_REQUIRE(changes.size() == 1U);
  BOOST_TEST(changes[0].dir == root.string());
  BOOST_TEST(!changes[0].recursive);
}

BOOST_AUTO_TEST_CASE(a_new_folder_is_reported_for_a_recursive_scan) {
  auto watcher = make();
  BOOST_REQUIRE(watcher->start());
  watcher->add_root(1, root.string());
  watcher->watch_directory(1, root.string());
  fs::create_directories(root / "album");
  BOOST_REQUIRE(eventually([&] { return batch_count() >= 1U; }));
  const auto changes = all_changes();
  BOOST_REQUIRE(changes.size() == 1U);
  BOOST_TEST(changes[0].dir == (root / "album").string());
  BOOST_TEST(changes[0].recursive);
}

BOOST_AUTO_TEST_CASE(hidden_names_cause_no_rescan) {
  options.debounce = 1s;
  fs::create_directories(root / "sub");
  auto watcher = make();
  BOOST_REQUIRE(watcher->start());
  watcher->add_root(1, root.string());
  watcher->watch_directory(1, root.string());
  watcher->watch_directory(1, (root / "sub").string());
  write_file(root / "sub" / ".partial.swp", pattern_bytes(10, 1));
  write_file(root / "visible.mp3", pattern_bytes(10, 2));
  BOOST_REQUIRE(eventually([&] { return batch_count() >= 1U; }));
  // Only the visible file's folder; the hidden write in sub/ asked for nothing.
  const auto changes = all_changes();
  BOOST_REQUIRE(changes.size() == 1U);
  BOOST_TEST(changes[0].dir == root.string());
}

BOOST_AUTO_TEST_CASE(running_out_of_watch_budget_degrades_with_a_reason) {
  options.watch_budget = 1;
  auto watcher = make();
  BOOST_REQUIRE(watcher->start());
  fs::create_directories(root / "sub");
  watcher->add_root(1, root.string());
  watcher->watch_directory(1, root.string());
  BOOST_TEST(!watcher->degraded(1));
  watcher->watch_directory(1, (root / "sub").string());
  BOOST_TEST(watcher->degraded(1));
  BOOST_TEST(watcher->watch_count() == 1U);
  const auto seen = state_events();
  BOOST_REQUIRE(seen.size() == 2U);
  BOOST_TEST((seen[0].state == WatchState::Active));
  BOOST_TEST((seen[1].state == WatchState::Degraded));
  BOOST_TEST(seen[1].reason.find("budget of 1") != std::string::npos, seen[1].reason);
}

BOOST_AUTO_TEST_CASE(a_rearmed_root_that_fits_again_reports_active) {
  options.watch_budget = 1;
  auto watcher = make();
  BOOST_REQUIRE(watcher->start());
  fs::create_directories(root / "sub");
  watcher->add_root(1, root.string());
  watcher->watch_directory(1, root.string());
  watcher->watch_directory(1, (root / "sub").string());
  BOOST_REQUIRE(watcher->degraded(1));
  fs::remove(root / "sub");
  watcher->rearm_root(1);
  watcher->watch_directory(1, root.string());  // the rescan finds only the root now
  watcher->settle_root(1);
  BOOST_TEST(!watcher->degraded(1));
  const auto seen = state_events();
  BOOST_REQUIRE(seen.size() == 3U);
  BOOST_TEST((seen[2].state == WatchState::Active));
}

BOOST_AUTO_TEST_CASE(a_vanished_root_degrades_and_asks_for_a_root_rescan) {
  auto watcher = make();
  BOOST_REQUIRE(watcher->start());
  watcher->add_root(1, root.string());
  watcher->watch_directory(1, root.string());
  fs::rename(root, dir / "moved-away");
  BOOST_REQUIRE(eventually([&] {
    for (const auto& c : all_changes())
      if (c.whole_root) return true;
    return false;
  }));
  BOOST_TEST(watcher->degraded(1));
  BOOST_TEST(state_events().back().reason.find("removed, moved or unmounted") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
