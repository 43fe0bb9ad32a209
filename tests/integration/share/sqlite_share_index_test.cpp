// The SQLite share index as a file on disk: crash safety, readers beside the writer.
#include "share/sqlite_share_index.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>

namespace wpn::share {
namespace {

namespace fs = std::filesystem;

struct DiskFixture {
  fs::path dir;
  std::string path;
  DiskFixture() {
    std::string pattern = (fs::temp_directory_path() / "wpn-index-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    path = (dir / "shares.db").string();
  }
  DiskFixture(const DiskFixture&) = delete;
  DiskFixture& operator=(const DiskFixture&) = delete;
  ~DiskFixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

ScanEntry entry_for(RootId root, const std::string& tag, int i) {
  const std::string file = tag + " track " + std::to_string(i) + ".mp3";
  return {root,
          "/srv/m/" + tag + "/" + std::to_string(i),
          "Music\\" + tag,
          file,
          {static_cast<std::uint64_t>(i + 1), 1, 1, 1}};
}

IndexResult<void> write_files(ShareIndex& index, RootId root, const std::string& tag, int count) {
  for (int i = 0; i < count; ++i) {
    const ScanEntry entry = entry_for(root, tag, i);
    auto scanned = index.record_scanned(entry, 1);
    if (!scanned) return tl::unexpected(scanned.error());
    protocol::FileKey key;
    key.size = static_cast<std::uint32_t>(entry.stat.size);
    if (auto hashed = index.set_hash(scanned->id, entry.stat, key, {}); !hashed) return tl::unexpected(hashed.error());
  }
  return {};
}

// Child process: commits three batches, reports, then writes forever inside a
// fourth batch (with a tiny page cache so uncommitted pages spill into the WAL).
[[noreturn]] void crash_writer(const std::string& path, int ready_fd) {
  SqliteIndexOptions options;
  options.cache_kib = 64;
  auto opened = SqliteShareIndex::open(path, options);
  if (!opened) _exit(10);
  auto& index = **opened;
  auto root = index.ensure_root({0, "/srv/m", "Music", true, 0});
  if (!root) _exit(11);
  for (const char* tag : {"alpha", "beta", "gamma"}) {
    if (!index.begin_batch() || !write_files(index, *root, tag, 300) || !index.commit_batch()) _exit(12);
  }
  if (!index.begin_batch()) _exit(13);
  for (int round = 0;; ++round) {
    if (!write_files(index, *root, "doomed" + std::to_string(round), 200)) _exit(14);
    if (round == 5) {
      const char ready = 'R';
      if (::write(ready_fd, &ready, 1) != 1) _exit(15);
    }
  }
}

BOOST_FIXTURE_TEST_SUITE(sqlite_share_index, DiskFixture)

BOOST_AUTO_TEST_CASE(survives_kill_9_mid_batch_with_every_committed_row) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    crash_writer(path, fds[1]);
  }
  ::close(fds[1]);
  char ready = 0;
  const ssize_t got = ::read(fds[0], &ready, 1);  // blocks until the child is deep inside batch 4
  ::close(fds[0]);
  ::kill(child, SIGKILL);
  int status = 0;
  BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
  BOOST_REQUIRE_MESSAGE(got == 1, "child exited early with status " << WEXITSTATUS(status));
  BOOST_TEST(WIFSIGNALED(status));
  BOOST_TEST(fs::file_size(path + "-wal") > 0u);  // the crash left a WAL to recover from

  auto index = SqliteShareIndex::open(path).value();
  const auto counts = index->counts().value();
  BOOST_TEST(counts.files == 900u);
  BOOST_TEST(counts.hashed == 900u);
  BOOST_TEST(counts.folders == 3u);
  BOOST_TEST(index->search_keywords("doomed0", 10).value().empty());
  BOOST_TEST(index->search_keywords("gamma track 299", 10).value().size() == 1u);
  for (const char* tag : {"alpha", "beta", "gamma"}) {
    for (int i = 0; i < 300; i += 37) {
      const ScanEntry entry = entry_for(1, tag, i);
      const auto row =
          index->find_by_announced_name(entry.announced_folder + '\\' + entry.announced_file, NameMatch::Exact);
      BOOST_REQUIRE(row.has_value());
      BOOST_TEST(row->has_value(), tag << " " << i);
    }
  }
  auto db = Database::open(path, Database::Mode::ReadWrite, 1000).value();
  auto check = db.prepare("PRAGMA integrity_check").value();
  BOOST_REQUIRE(check.step().value());
  BOOST_TEST(check.text(0) == "ok");
  BOOST_TEST(db.exec("INSERT INTO files_fts(files_fts, rank) VALUES ('integrity-check', 1)").has_value());
}

BOOST_AUTO_TEST_CASE(reader_sees_only_commits_and_does_not_wait_for_a_batch) {
  auto index = SqliteShareIndex::open(path).value();
  const RootId root = index->ensure_root({0, "/srv/m", "Music", true, 0}).value();
  BOOST_REQUIRE(write_files(*index, root, "first", 10));
  auto reader = index->open_reader().value();
  BOOST_TEST(reader->search_keywords("first", 100).value().size() == 10u);

  BOOST_REQUIRE(index->begin_batch());
  BOOST_REQUIRE(write_files(*index, root, "pending", 10));
  BOOST_TEST(index->search_keywords("pending", 100).value().size() == 10u);
  const auto during = reader->search_keywords("pending", 100);  // would fail with SQLITE_BUSY if it waited
  BOOST_REQUIRE(during.has_value());
  BOOST_TEST(during->empty());
  BOOST_TEST(reader->counts().value().files == 10u);
  BOOST_REQUIRE(index->commit_batch());
  BOOST_TEST(reader->search_keywords("pending", 100).value().size() == 10u);
  BOOST_TEST(
      reader->find_by_announced_name("Music\\pending\\pending track 3.mp3", NameMatch::Exact).value().has_value());
}

BOOST_AUTO_TEST_CASE(reader_cannot_write) {
  auto index = SqliteShareIndex::open(path).value();
  index->ensure_root({0, "/srv/m", "Music", true, 0}).value();
  auto db = Database::open(path, Database::Mode::ReadOnly, 100).value();
  BOOST_TEST(!db.exec("DELETE FROM roots").has_value());
}

BOOST_AUTO_TEST_CASE(reopening_keeps_rows_and_generations_increase) {
  Generation first = 0;
  {
    auto index = SqliteShareIndex::open(path).value();
    const RootId root = index->ensure_root({0, "/srv/m", "Music", true, 0}).value();
    first = index->begin_generation(root).value();
    BOOST_REQUIRE(write_files(*index, root, "kept", 5));
  }
  auto index = SqliteShareIndex::open(path).value();
  BOOST_TEST(index->counts().value().hashed == 5u);
  BOOST_TEST(index->begin_generation(index->roots().value().at(0).id).value() > first);
}

BOOST_AUTO_TEST_CASE(changing_the_code_page_rebuilds_search_text) {
  {
    auto index = SqliteShareIndex::open(path).value();
    const RootId root = index->ensure_root({0, "/srv/m", "M", true, 0}).value();
    // 83 5C is "ソ" in CP932 and "ƒ\" in CP1252.
    const ScanEntry entry{root,
                          "/srv/m/x",
                          "M",
                          "\x83\x5C"
                          "x.mp3",
                          {1, 1, 1, 1}};
    const auto id = index->record_scanned(entry, 1).value().id;
    BOOST_REQUIRE(index->set_hash(id, entry.stat, protocol::FileKey{{}, 1}, {}).value());
    BOOST_TEST(index->search_keywords("ƒ", 10).value().size() == 1u);
  }
  SqliteIndexOptions japanese;
  japanese.code_page = CodePage::Cp932;
  auto index = SqliteShareIndex::open(path, japanese).value();
  BOOST_TEST(index->search_keywords("ƒ", 10).value().empty());
  BOOST_TEST(index->search_keywords("ソx", 10).value().size() == 1u);
}

// Search rows of new files are added once per batch: rows renamed, removed or rolled back
// inside the batch that inserted them must leave the search index equal to the table.
BOOST_AUTO_TEST_CASE(search_rows_match_files_after_changes_inside_the_inserting_batch) {
  auto index = SqliteShareIndex::open(path).value();
  const RootId root = index->ensure_root({0, "/srv/m", "Music", true, 0}).value();
  BOOST_REQUIRE(index->begin_batch());
  for (int i = 0; i < 20; ++i) BOOST_REQUIRE(index->record_scanned({entry_for(root, "early", i)}, 1));
  ScanEntry renamed = entry_for(root, "early", 3);
  renamed.announced_file = "renamed zebra.mp3";
  BOOST_REQUIRE(index->record_scanned(renamed, 1));
  BOOST_REQUIRE(index->remove_file(entry_for(root, "early", 4).local_path).value());
  for (int i = 0; i < 5; ++i) BOOST_REQUIRE(index->record_scanned({entry_for(root, "late", i)}, 1));
  BOOST_REQUIRE(index->commit_batch());

  BOOST_REQUIRE(index->begin_batch());
  for (int i = 0; i < 5; ++i) BOOST_REQUIRE(index->record_scanned({entry_for(root, "dropped", i)}, 1));
  BOOST_REQUIRE(index->rollback_batch());
  BOOST_REQUIRE(index->record_scanned({entry_for(root, "single", 0)}, 1));  // outside a batch

  auto db = Database::open(path, Database::Mode::ReadWrite, 1000).value();
  BOOST_TEST(db.exec("INSERT INTO files_fts(files_fts, rank) VALUES ('integrity-check', 1)").has_value());
  BOOST_TEST(db.query_int("SELECT count(*) FROM files_fts WHERE files_fts MATCH 'zebra'").value() == 1);
  BOOST_TEST(db.query_int("SELECT count(*) FROM files_fts WHERE files_fts MATCH 'late'").value() == 5);
  BOOST_TEST(db.query_int("SELECT count(*) FROM files_fts WHERE files_fts MATCH 'single'").value() == 1);
  BOOST_TEST(db.query_int("SELECT count(*) FROM files_fts WHERE files_fts MATCH 'dropped'").value() == 0);
  BOOST_TEST(db.query_int("SELECT count(*) FROM files_fts WHERE files_fts MATCH 'early'").value() ==
             19);  // the folder name too
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wpn::share
