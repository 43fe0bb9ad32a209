// kill -9 while hashing, then restart: the index stays consistent, no stored key is wrong,
// committed work is not redone and every file ends hashed.
#include "share/share_library.h"

#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
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

constexpr int FileCount = 600;

ShareSettings settings_for(const fs::path& root) {
  ShareSettings settings;
  settings.roots = {ShareRootConfig{root.string(), "Share"}};
  settings.mode = ShareMode::All;
  settings.watch = false;
  settings.fallback_rescan_interval = 1h;
  settings.commit_batch_files = 25;
  settings.commit_interval = 200ms;
  return settings;
}

// The child: index the tree slowly (capped) until killed. Never returns.
[[noreturn]] void run_child(const std::string& db_path, const fs::path& root) {
  int code = 1;
  {
    auto index = SqliteShareIndex::open(db_path);
    if (index) {
      auto settings = settings_for(root);
      settings.hash_rate_limit_bytes_per_s = 8 * 1024 * 1024;  // ~9 s for the whole tree
      ShareLibrary library(settings, **index, {});
      if (library.start()) code = library.wait_idle(120s) ? 0 : 2;
    }
  }
  ::_exit(code);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(share_restart)

BOOST_AUTO_TEST_CASE(kill_during_hashing_then_restart_finishes_without_redoing_committed_work) {
  wpn::test::TempDir dir;
  const fs::path root = dir / "tree";
  const std::string db_path = (dir / "index.db").string();
  // 136 KiB files: each hash reads one full 128 KiB block and stops at the next stride.
  std::vector<fs::path> files;
  for (int i = 0; i < FileCount; ++i) {
    files.push_back(root / ("d" + std::to_string(i % 20)) / ("f" + std::to_string(i) + ".bin"));
    write_file(files.back(), pattern_bytes(136 * 1024, static_cast<std::uint32_t>(i)));
  }

  // Fork before this process opens the database or starts any thread.
  const pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) run_child(db_path, root);

  std::unique_ptr<SqliteShareReader> reader;
  const bool mid_hashing = eventually(
      [&] {
        if (!reader) {
          if (!fs::exists(db_path)) return false;
          auto opened = SqliteShareReader::open(db_path);
          if (!opened) return false;
          reader = std::move(*opened);
        }
        const auto counts = reader->counts();
        return counts && counts->hashed >= 150U;
      },
      60s);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  BOOST_REQUIRE(mid_hashing);
  BOOST_REQUIRE(WIFSIGNALED(status));

  // What survived the kill: consistent rows, and every stored key true.
  auto index = SqliteShareIndex::open(db_path).value();
  const auto after_kill = index->counts().value();
  BOOST_TEST_MESSAGE("rows " << after_kill.files << ", hashed " << after_kill.hashed << " at the kill");
  BOOST_TEST(after_kill.hashed < static_cast<std::uint64_t>(FileCount));
  BOOST_TEST(after_kill.files <= static_cast<std::uint64_t>(FileCount));
  std::uint64_t keyed = 0;
  for (const auto& f : files) {
    const auto row = index->file_by_path(f.string()).value();
    if (!row || !row->key) continue;
    ++keyed;
    BOOST_TEST(row->key->hex() == expected_key_of_file(f).hex(), f);
  }
  BOOST_TEST(keyed == after_kill.hashed);

  // Restart: only what was not committed is read again.
  {
    ShareLibrary library(settings_for(root), *index, {});
    BOOST_REQUIRE(library.start().has_value());
    BOOST_REQUIRE(library.wait_idle(120s));
    BOOST_TEST(library.hash_stats().hash_runs == FileCount - after_kill.hashed);
    BOOST_TEST(library.hash_stats().bytes_read == (FileCount - after_kill.hashed) * 131072U);
  }
  const auto final_counts = index->counts().value();
  BOOST_TEST(final_counts.files == static_cast<std::uint64_t>(FileCount));
  BOOST_TEST(final_counts.hashed == static_cast<std::uint64_t>(FileCount));
  for (const auto& f : files) {
    const auto row = index->file_by_path(f.string()).value();
    BOOST_REQUIRE(row.has_value());
    BOOST_REQUIRE(row->key.has_value());
    BOOST_TEST(row->key->hex() == expected_key_of_file(f).hex(), f);
  }
}

BOOST_AUTO_TEST_SUITE_END()
