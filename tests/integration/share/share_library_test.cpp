#include "share/share_library.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "share/sqlite_share_index.h"
#include "support/temp_dir.h"
#include "unit/share/share_test_files.h"

using namespace wpn::share;
using namespace std::chrono_literals;
using wpn::test::eventually;
using wpn::test::expected_key_of_file;
using wpn::test::pattern_bytes;
using wpn::test::write_file;
namespace fs = std::filesystem;

namespace {

struct LibraryFixture {
  wpn::test::TempDir dir;
  fs::path root = dir / "Music";
  std::string db_path = (dir / "index.db").string();
  std::unique_ptr<SqliteShareIndex> index;
  std::unique_ptr<SqliteShareReader> reader;
  ShareSettings settings;
  std::mutex events_mutex;
  std::vector<ShareEvent> events;
  std::unique_ptr<ShareLibrary> library;

  LibraryFixture() {
    fs::create_directories(root);
    settings.roots = {ShareRootConfig{root.string(), "Music"}};
    settings.mode = ShareMode::All;
    settings.debounce = 100ms;
    settings.commit_interval = 100ms;
    settings.fallback_rescan_interval = 1h;
  }

  void start() {
    if (!index) {
      index = SqliteShareIndex::open(db_path).value();
      reader = index->open_reader().value();
    }
    library = std::make_unique<ShareLibrary>(settings, *index, [this](const ShareEvent& e) {
      std::lock_guard lock(events_mutex);
      events.push_back(e);
    });
    BOOST_REQUIRE(library->start().has_value());
  }

  void stop() {
    if (library) library->stop();
    library.reset();
  }

  ~LibraryFixture() { stop(); }

  std::optional<FileRecord> row(const fs::path& path) { return reader->file_by_path(path.string()).value(); }

  bool has_true_key(const fs::path& path) {
    const auto r = row(path);
    return r && r->key && r->key->hex() == expected_key_of_file(path).hex();
  }

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

BOOST_FIXTURE_TEST_SUITE(share_library, LibraryFixture)

BOOST_AUTO_TEST_CASE(indexes_every_file_of_a_root_with_its_true_key) {
  std::vector<fs::path> files;
  for (int i = 0; i < 20; ++i) {
    files.push_back(root / ("d" + std::to_string(i % 4)) / ("f" + std::to_string(i) + ".bin"));
    write_file(files.back(), pattern_bytes(static_cast<std::size_t>(i) * 70000 + 5, static_cast<std::uint32_t>(i)));
  }
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  for (const auto& f : files) BOOST_TEST(has_true_key(f), f);
  const auto added = events_of<FileAdded>();
  BOOST_TEST(added.size() == files.size());
  const bool named =
      std::any_of(added.begin(), added.end(), [](const FileAdded& a) { return a.name == "Music\\d3\\f7.bin"; });
  BOOST_TEST(named);
  const auto finished = events_of<ScanFinished>();
  BOOST_REQUIRE(!finished.empty());
  BOOST_TEST(finished.front().files_seen == files.size());
  const auto progress = events_of<HashProgress>();
  BOOST_REQUIRE(!progress.empty());
  BOOST_TEST(progress.back().files_done == files.size());
  BOOST_TEST((events_of<WatcherState>().front().state == WatchState::Active));
}

BOOST_AUTO_TEST_CASE(follows_creation_modification_rename_and_deletion_live) {
  write_file(root / "old.mp3", pattern_bytes(5000, 1));
  start();
  BOOST_REQUIRE(library->wait_idle(60s));

  const auto created = root / "sub" / "new.mp3";
  write_file(created, pattern_bytes(300000, 2));
  BOOST_TEST(eventually([&] { return has_true_key(created); }));

  write_file(created, pattern_bytes(400000, 3));
  BOOST_TEST(eventually([&] { return has_true_key(created); }));
  BOOST_TEST(eventually([&] { return !events_of<FileChanged>().empty(); }));

  const auto renamed = root / "sub" / "renamed.mp3";
  fs::rename(created, renamed);
  BOOST_TEST(eventually([&] { return !row(created) && has_true_key(renamed); }));

  fs::remove(renamed);
  BOOST_TEST(eventually([&] { return !row(renamed); }));
  BOOST_TEST(eventually([&] { return !events_of<FileRemoved>().empty(); }));
  BOOST_TEST(has_true_key(root / "old.mp3"));
}

BOOST_AUTO_TEST_CASE(a_folder_moved_in_is_indexed_and_then_watched) {
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  const auto outside = dir / "incoming";
  write_file(outside / "a.mp3", pattern_bytes(1000, 1));
  write_file(outside / "deeper" / "b.mp3", pattern_bytes(2000, 2));
  fs::rename(outside, root / "album");
  BOOST_TEST(eventually(
      [&] { return has_true_key(root / "album" / "a.mp3") && has_true_key(root / "album" / "deeper" / "b.mp3"); }));
  const auto later = root / "album" / "deeper" / "c.mp3";
  write_file(later, pattern_bytes(3000, 3));
  BOOST_TEST(eventually([&] { return has_true_key(later); }));
}

BOOST_AUTO_TEST_CASE(a_deleted_folder_takes_its_rows_with_it) {
  write_file(root / "album" / "a.mp3", pattern_bytes(1000, 1));
  write_file(root / "album" / "cd2" / "b.mp3", pattern_bytes(1000, 2));
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  BOOST_REQUIRE(row(root / "album" / "cd2" / "b.mp3").has_value());
  fs::remove_all(root / "album");
  BOOST_TEST(eventually([&] { return reader->counts().value().files == 0U; }));
}

BOOST_AUTO_TEST_CASE(degrades_visibly_to_periodic_rescans_when_the_watch_budget_is_used_up) {
  settings.watch_budget = 2;
  settings.fallback_rescan_interval = 300ms;
  for (int i = 0; i < 5; ++i)
    write_file(root / ("d" + std::to_string(i)) / "x.mp3", pattern_bytes(100, static_cast<std::uint32_t>(i)));
  start();
  BOOST_REQUIRE(eventually([&] {
    for (const auto& s : events_of<WatcherState>())
      if (s.state == WatchState::Degraded) return true;
    return false;
  }));
  std::string reason;
  for (const auto& s : events_of<WatcherState>())
    if (s.state == WatchState::Degraded) reason = s.reason;
  BOOST_TEST(reason.find("budget") != std::string::npos, reason);
  BOOST_TEST(reason.find("rescanned periodically") != std::string::npos, reason);
  BOOST_TEST((library->status().roots.at(0).watch == WatchState::Degraded));
  // A folder without a watch: only the periodic rescan can find this.
  const auto late = root / "d4" / "late.mp3";
  write_file(late, pattern_bytes(100, 9));
  BOOST_TEST(eventually([&] { return has_true_key(late); }));
}

BOOST_AUTO_TEST_CASE(rescans_a_folder_on_request_when_watching_is_off) {
  settings.watch = false;
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  const auto states = events_of<WatcherState>();
  BOOST_REQUIRE(!states.empty());
  BOOST_TEST(states.front().reason.find("turned off") != std::string::npos);
  const auto file = root / "box" / "new.mp3";
  write_file(file, pattern_bytes(100, 1));
  BOOST_TEST(!library->rescan_folder((dir / "elsewhere").string()));
  BOOST_TEST(library->rescan_folder((root / "box").string()));
  BOOST_TEST(eventually([&] { return has_true_key(file); }));
  fs::remove(file);
  BOOST_TEST(library->rescan(root.string()));
  BOOST_TEST(eventually([&] { return !row(file); }));
}

BOOST_AUTO_TEST_CASE(paused_hashing_records_files_but_keys_them_only_after_resume) {
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  library->pause_hashing();
  const auto file = root / "held.mp3";
  write_file(file, pattern_bytes(100000, 4));
  BOOST_REQUIRE(eventually([&] { return row(file).has_value(); }));
  BOOST_TEST(library->status().hashing.paused);
  BOOST_TEST(!row(file)->key.has_value());
  library->resume_hashing();
  BOOST_TEST(eventually([&] { return has_true_key(file); }));
}

BOOST_AUTO_TEST_CASE(a_restart_reads_only_what_changed_while_stopped) {
  for (int i = 0; i < 30; ++i)
    write_file(root / ("f" + std::to_string(i) + ".mp3"), pattern_bytes(50000, static_cast<std::uint32_t>(i)));
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  BOOST_TEST(library->hash_stats().hash_runs == 30U);
  stop();
  write_file(root / "f7.mp3", pattern_bytes(60000, 77));
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  BOOST_TEST(library->hash_stats().hash_runs == 1U);
  BOOST_TEST(has_true_key(root / "f7.mp3"));
  BOOST_TEST(reader->counts().value().hashed == 30U);
}

BOOST_AUTO_TEST_CASE(a_root_removed_from_the_configuration_leaves_the_index) {
  write_file(root / "a.mp3", pattern_bytes(100, 1));
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  stop();
  const auto other = dir / "Other";
  write_file(other / "b.mp3", pattern_bytes(100, 2));
  settings.roots = {ShareRootConfig{other.string(), ""}};
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  BOOST_TEST(!row(root / "a.mp3").has_value());
  const auto b = row(other / "b.mp3");
  BOOST_REQUIRE(b.has_value());
  BOOST_TEST(b->announced_name() == "Other\\b.mp3");
}

BOOST_AUTO_TEST_CASE(roots_added_and_removed_while_running_are_indexed_and_dropped) {
  write_file(root / "a.mp3", pattern_bytes(100, 1));
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  const auto other = dir / "Other";
  write_file(other / "b.mp3", pattern_bytes(70000, 2));
  write_file(other / "deep" / "c.mp3", pattern_bytes(300, 3));

  const auto added = library->add_root(ShareRootConfig{other.string(), "Elsewhere"});
  BOOST_REQUIRE(added.has_value());
  BOOST_REQUIRE(library->wait_idle(60s));
  BOOST_TEST(has_true_key(other / "b.mp3"));
  BOOST_TEST(row(other / "deep" / "c.mp3")->announced_name() == "Elsewhere\\deep\\c.mp3");
  const auto statuses = library->status().roots;
  BOOST_TEST(
      std::count_if(statuses.begin(), statuses.end(), [&](const RootStatus& r) { return r.root.id == *added; }) == 1);
  const auto announced = events_of<FileAdded>();
  const auto b =
      std::find_if(announced.begin(), announced.end(), [](const FileAdded& e) { return e.name == "Elsewhere\\b.mp3"; });
  BOOST_REQUIRE((b != announced.end()));
  BOOST_TEST(b->root_id == *added);
  BOOST_TEST(b->key.hex() == expected_key_of_file(other / "b.mp3").hex());

  const auto nested = library->add_root(ShareRootConfig{(root / "inner").string(), ""});
  BOOST_REQUIRE(!nested.has_value());
  BOOST_TEST((nested.error().code == IndexErrc::InvalidArgument));

  BOOST_REQUIRE(library->remove_root(other.string() + "/").has_value());
  BOOST_TEST(!row(other / "b.mp3").has_value());
  BOOST_TEST(!row(other / "deep" / "c.mp3").has_value());
  BOOST_TEST(row(root / "a.mp3").has_value());
  BOOST_TEST(library->status().roots.size() == 1u);
  const auto again = library->remove_root(other.string());
  BOOST_REQUIRE(!again.has_value());
  BOOST_TEST((again.error().code == IndexErrc::NotFound));
  write_file(other / "late.mp3", pattern_bytes(50, 4));  // no longer watched or scanned
  library->rescan_all();
  BOOST_REQUIRE(library->wait_idle(60s));
  BOOST_TEST(!row(other / "late.mp3").has_value());
}

BOOST_AUTO_TEST_CASE(counts_each_root_and_pages_announced_files_by_id) {
  const auto other = dir / "Other";
  settings.roots.push_back(ShareRootConfig{other.string(), "Other"});
  std::uint64_t music_bytes = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t size = 1000 + static_cast<std::size_t>(i) * 333;
    write_file(root / ("d" + std::to_string(i % 2)) / ("m" + std::to_string(i) + ".mp3"),
               pattern_bytes(size, static_cast<std::uint32_t>(i)));
    music_bytes += size;
  }
  for (int i = 0; i < 3; ++i)
    write_file(other / ("o" + std::to_string(i) + ".mp3"), pattern_bytes(77, static_cast<std::uint32_t>(i + 10)));
  start();
  BOOST_REQUIRE(library->wait_idle(60s));

  const auto roots = reader->roots().value();
  const auto counts = reader->root_counts().value();
  BOOST_REQUIRE(counts.size() == 2u);
  for (const auto& c : counts) {
    const auto r = std::find_if(roots.begin(), roots.end(), [&](const ShareRoot& x) { return x.id == c.root_id; });
    BOOST_REQUIRE((r != roots.end()));
    const bool music = r->local_path == root.string();
    BOOST_TEST(c.files == (music ? 5u : 3u));
    BOOST_TEST(c.hashed == c.files);
    BOOST_TEST(c.bytes == (music ? music_bytes : 3u * 77u));
    BOOST_TEST(c.bytes_hashed == c.bytes);
  }

  const auto everything = reader->browse_list(100).value();
  BOOST_REQUIRE(everything.size() == 8u);
  // A cursor walk in pages of 3 meets every announced file once, in id order.
  std::vector<std::string> paged;
  FileId after = 0;
  for (int pages = 0; pages < 10; ++pages) {
    const auto page = reader->announced_files(std::nullopt, after, 0, 3).value();
    for (const auto& f : page) {
      BOOST_TEST(f.id > after);
      after = f.id;
      paged.push_back(f.announced_name());
    }
    if (page.size() < 3) break;
  }
  std::vector<std::string> browsed;
  for (const auto& f : everything) browsed.push_back(f.announced_name());
  std::sort(paged.begin(), paged.end());
  std::sort(browsed.begin(), browsed.end());
  BOOST_TEST(paged == browsed, boost::test_tools::per_element());
  const auto other_id =
      std::find_if(roots.begin(), roots.end(), [&](const ShareRoot& x) { return x.local_path == other.string(); })->id;
  const auto one_root = reader->announced_files(other_id, 0, 1, 10).value();  // an offset skips the first
  BOOST_TEST(one_root.size() == 2u);
  for (const auto& f : one_root) BOOST_TEST(f.root_id == other_id);
}

BOOST_AUTO_TEST_CASE(sharing_paused_is_reported_and_leaves_the_announced_set_alone) {
  for (int i = 0; i < 3; ++i)
    write_file(root / ("f" + std::to_string(i) + ".mp3"), pattern_bytes(500, static_cast<std::uint32_t>(i)));
  start();
  BOOST_REQUIRE(library->wait_idle(60s));
  BOOST_TEST(!library->status().sharing_paused);
  library->set_sharing_paused(true);
  BOOST_TEST(library->sharing_paused());
  BOOST_TEST(library->status().sharing_paused);
  BOOST_TEST(reader->counts().value().announced == 3u);
  write_file(root / "f9.mp3", pattern_bytes(600, 9));  // indexing goes on while paused
  library->rescan(root.string());
  BOOST_REQUIRE(library->wait_idle(60s));
  BOOST_TEST(has_true_key(root / "f9.mp3"));
  library->set_sharing_paused(false);
  BOOST_TEST(!library->status().sharing_paused);
}

BOOST_AUTO_TEST_SUITE_END()
