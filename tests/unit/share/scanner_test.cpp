#include "share/scanner.h"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "share/sqlite_share_index.h"
#include "support/temp_dir.h"
#include "unit/share/share_test_files.h"

using namespace wpn::share;
using namespace std::chrono_literals;
using wpn::test::expected_key_of_file;
using wpn::test::pattern_bytes;
using wpn::test::write_file;
namespace fs = std::filesystem;

namespace {

struct ScannerFixture {
  wpn::test::TempDir dir;
  fs::path root_path = dir / "Share";
  std::unique_ptr<SqliteShareIndex> index = SqliteShareIndex::open(":memory:").value();
  IndexGate gate{*index};
  ShareSettings settings;
  std::vector<HashJob> jobs;
  std::vector<ShareEvent> events;
  ShareRoot root;

  ScannerFixture() {
    fs::create_directories(root_path);
    settings.mode = ShareMode::All;
    root.local_path = root_path.string();
    root.display_name = "Shared";
    root.id = index->ensure_root(root).value();
  }

  ScanFinished scan(const std::string& folder = {}, bool recursive = true) {
    jobs.clear();
    events.clear();
    Scanner scanner(settings, gate,
                    ScannerHooks{[this](HashJob job) { jobs.push_back(std::move(job)); },
                                 {},
                                 [this](const ShareEvent& e) { events.push_back(e); },
                                 nullptr,
                                 {}});
    return scanner.scan(ScanScope{root, folder, recursive});
  }

  // Stores the true key of every queued file, as the hash pipeline would.
  void hash_jobs() {
    for (const auto& job : jobs) {
      BOOST_REQUIRE(index->set_hash(job.file_id, job.seen, expected_key_of_file(job.path), {}).value());
    }
  }

  template <class T>
  std::vector<T> events_of() const {
    std::vector<T> out;
    for (const auto& e : events)
      if (const auto* x = std::get_if<T>(&e)) out.push_back(*x);
    return out;
  }

  std::uint64_t rows() { return index->counts().value().files; }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(scanner, ScannerFixture)

BOOST_AUTO_TEST_CASE(records_new_files_without_a_key_and_queues_them) {
  write_file(root_path / "a.mp3", pattern_bytes(1000, 1));
  write_file(root_path / "sub" / "b.txt", pattern_bytes(2000, 2));
  const auto finished = scan();
  BOOST_TEST(finished.error.empty());
  BOOST_TEST(finished.files_seen == 2U);
  BOOST_TEST(finished.queued == 2U);
  BOOST_TEST(jobs.size() == 2U);
  BOOST_TEST(rows() == 2U);
  BOOST_TEST(index->counts().value().hashed == 0U);
  const auto row = index->file_by_path((root_path / "sub" / "b.txt").string()).value();
  BOOST_REQUIRE(row.has_value());
  BOOST_TEST(row->announced_name() == "Shared\\sub\\b.txt");
  BOOST_TEST(row->size == 2000U);
  BOOST_TEST(events_of<ScanStarted>().size() == 1U);
}

BOOST_AUTO_TEST_CASE(an_unchanged_file_is_not_queued_again) {
  write_file(root_path / "a.mp3", pattern_bytes(1000, 1));
  scan();
  hash_jobs();
  const auto finished = scan();
  BOOST_TEST(finished.files_seen == 1U);
  BOOST_TEST(finished.queued == 0U);
  BOOST_TEST(jobs.empty());
  BOOST_TEST(index->counts().value().hashed == 1U);
}

BOOST_AUTO_TEST_CASE(a_recorded_but_unhashed_file_is_queued_again) {
  write_file(root_path / "a.mp3", pattern_bytes(1000, 1));
  scan();
  const auto finished = scan();  // the first run's jobs never finished
  BOOST_TEST(finished.queued == 1U);
  BOOST_REQUIRE(jobs.size() == 1U);
  BOOST_TEST(!jobs[0].changed);
}

BOOST_AUTO_TEST_CASE(a_changed_file_is_queued_as_changed) {
  const auto path = root_path / "a.mp3";
  write_file(path, pattern_bytes(1000, 1));
  scan();
  hash_jobs();
  write_file(path, pattern_bytes(1500, 2));
  scan();
  BOOST_REQUIRE(jobs.size() == 1U);
  BOOST_TEST(jobs[0].changed);
  BOOST_TEST(jobs[0].seen.size == 1500U);
}

BOOST_AUTO_TEST_CASE(a_touched_file_counts_as_changed) {
  const auto path = root_path / "a.mp3";
  write_file(path, pattern_bytes(1000, 1));
  scan();
  hash_jobs();
  fs::last_write_time(path, fs::last_write_time(path) + 3s);
  scan();
  BOOST_TEST(jobs.size() == 1U);
}

// The index is read in row order and the walk tries the next row first; rows recorded in
// another order (here B's before A's, and a file added in between) are found all the same.
BOOST_AUTO_TEST_CASE(rows_recorded_in_another_order_than_the_walk_are_matched) {
  for (std::uint32_t i = 0; i < 20; ++i) {
    write_file(root_path / "A" / ("a" + std::to_string(i) + ".mp3"), pattern_bytes(10, i));
    write_file(root_path / "B" / ("b" + std::to_string(i) + ".mp3"), pattern_bytes(10, 100 + i));
  }
  scan((root_path / "B").string());
  hash_jobs();
  scan((root_path / "A").string());
  hash_jobs();
  write_file(root_path / "A" / "new.mp3", pattern_bytes(10, 200));
  fs::remove(root_path / "B" / "b7.mp3");
  const auto finished = scan();
  BOOST_TEST(finished.error.empty());
  BOOST_TEST(finished.files_seen == 40U);
  BOOST_TEST(finished.queued == 1U);
  BOOST_REQUIRE(jobs.size() == 1U);
  BOOST_TEST(jobs[0].path == (root_path / "A" / "new.mp3").string());
  BOOST_TEST(finished.removed == 1U);
  BOOST_TEST(rows() == 40U);
  hash_jobs();
  const auto again = scan();
  BOOST_TEST(again.queued == 0U);
  BOOST_TEST(again.removed == 0U);
}

BOOST_AUTO_TEST_CASE(a_deleted_announced_file_is_swept_and_reported) {
  write_file(root_path / "keep.mp3", pattern_bytes(100, 1));
  write_file(root_path / "gone.mp3", pattern_bytes(100, 2));
  scan();
  hash_jobs();
  fs::remove(root_path / "gone.mp3");
  const auto finished = scan();
  BOOST_TEST(finished.removed == 1U);
  BOOST_TEST(rows() == 1U);
  const auto removed = events_of<FileRemoved>();
  BOOST_REQUIRE(removed.size() == 1U);
  BOOST_TEST(removed[0].name == "Shared\\gone.mp3");
}

BOOST_AUTO_TEST_CASE(hidden_entries_are_skipped_unless_included) {
  write_file(root_path / ".hidden.mp3", pattern_bytes(10, 1));
  write_file(root_path / ".cache" / "x.mp3", pattern_bytes(10, 2));
  write_file(root_path / "shown.mp3", pattern_bytes(10, 3));
  scan();
  BOOST_TEST(rows() == 1U);
  settings.include_hidden = true;
  scan();
  BOOST_TEST(rows() == 3U);
  settings.include_hidden = false;
  const auto finished = scan();
  BOOST_TEST(finished.removed == 2U);
  BOOST_TEST(rows() == 1U);
}

BOOST_AUTO_TEST_CASE(media_mode_leaves_out_other_types) {
  settings.mode = ShareMode::Media;
  write_file(root_path / "song.ogg", pattern_bytes(10, 1));
  write_file(root_path / "readme.txt", pattern_bytes(10, 2));
  const auto finished = scan();
  BOOST_TEST(rows() == 1U);
  BOOST_TEST(finished.refused == 0U);
  BOOST_TEST(index->file_by_path((root_path / "song.ogg").string()).value().has_value());
}

BOOST_AUTO_TEST_CASE(refuses_a_file_of_two_gib_with_a_reason) {
  const auto path = root_path / "huge.avi";
  write_file(path, {});
  fs::resize_file(path, 2147483648ULL);  // sparse
  const auto finished = scan();
  BOOST_TEST(rows() == 0U);
  BOOST_TEST(finished.refused == 1U);
  const auto refused = events_of<FileRefused>();
  BOOST_REQUIRE(refused.size() == 1U);
  BOOST_TEST(refused[0].path == path.string());
  BOOST_TEST(refused[0].reason.find("share limit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(symbolic_links_are_refused_and_never_followed) {
  const auto outside = dir / "Outside";
  write_file(outside / "secret.mp3", pattern_bytes(10, 1));
  fs::create_directory_symlink(outside, root_path / "linkdir");
  fs::create_symlink(outside / "secret.mp3", root_path / "link.mp3");
  const auto finished = scan();
  BOOST_TEST(rows() == 0U);
  BOOST_TEST(finished.refused == 2U);
  for (const auto& refused : events_of<FileRefused>())
    BOOST_TEST(refused.reason.find("symbolic link") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_folder_scan_sweeps_only_inside_the_folder) {
  write_file(root_path / "A" / "a1.mp3", pattern_bytes(10, 1));
  write_file(root_path / "A" / "a2.mp3", pattern_bytes(10, 2));
  write_file(root_path / "B" / "b1.mp3", pattern_bytes(10, 3));
  scan();
  fs::remove(root_path / "A" / "a2.mp3");
  fs::remove(root_path / "B" / "b1.mp3");
  const auto finished = scan((root_path / "A").string());
  BOOST_TEST(finished.folder == "A");
  BOOST_TEST(finished.removed == 1U);
  BOOST_TEST(rows() == 2U);  // B's row waits for a scan of B or of the root
}

BOOST_AUTO_TEST_CASE(a_shallow_folder_scan_drops_rows_of_vanished_subfolders) {
  write_file(root_path / "A" / "top.mp3", pattern_bytes(10, 1));
  write_file(root_path / "A" / "sub" / "deep.mp3", pattern_bytes(10, 2));
  write_file(root_path / "A" / "kept" / "deep.mp3", pattern_bytes(10, 3));
  scan();
  fs::remove_all(root_path / "A" / "sub");
  const auto finished = scan((root_path / "A").string(), false);
  BOOST_TEST(finished.removed == 1U);
  BOOST_TEST(finished.files_seen == 1U);  // only A's own files were read
  BOOST_TEST(rows() == 2U);
}

BOOST_AUTO_TEST_CASE(a_scan_of_a_vanished_folder_drops_everything_below_it) {
  write_file(root_path / "A" / "x" / "1.mp3", pattern_bytes(10, 1));
  write_file(root_path / "A" / "2.mp3", pattern_bytes(10, 2));
  write_file(root_path / "3.mp3", pattern_bytes(10, 3));
  scan();
  fs::remove_all(root_path / "A");
  const auto finished = scan((root_path / "A").string());
  BOOST_TEST(finished.error.empty());
  BOOST_TEST(finished.removed == 2U);
  BOOST_TEST(rows() == 1U);
}

BOOST_AUTO_TEST_CASE(a_missing_root_reports_an_error_and_sweeps_nothing) {
  write_file(root_path / "a.mp3", pattern_bytes(10, 1));
  scan();
  fs::rename(root_path, dir / "Unmounted");
  const auto finished = scan();
  BOOST_TEST(!finished.error.empty());
  BOOST_TEST(finished.removed == 0U);
  BOOST_TEST(rows() == 1U);
}

BOOST_AUTO_TEST_CASE(a_folder_outside_the_root_is_rejected) {
  const auto finished = scan((dir / "elsewhere").string());
  BOOST_TEST(finished.error.find("not inside") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_name_the_code_page_cannot_carry_is_refused) {
  write_file(root_path / "\xe6\x97\xa5\xe6\x9c\xac.mp3", pattern_bytes(10, 1));  // CJK, not in CP1252
  const auto finished = scan();
  BOOST_TEST(rows() == 0U);
  BOOST_TEST(finished.refused == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
