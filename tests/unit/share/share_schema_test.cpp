#include "share/share_schema.h"

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "share/sqlite_share_index.h"

namespace wpn::share {
namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "wpn-schema-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

Database open_db(const std::string& path) {
  auto db = Database::open(path, Database::Mode::ReadWrite, 1000);
  BOOST_REQUIRE(db.has_value());
  return std::move(*db);
}

std::int64_t table_count(Database& db, const std::string& name) {
  return db.query_int("SELECT count(*) FROM sqlite_master WHERE name = '" + name + "'").value();
}

BOOST_AUTO_TEST_SUITE(share_schema)

BOOST_AUTO_TEST_CASE(empty_database_is_migrated_to_the_current_version) {
  Database db = open_db(":memory:");
  BOOST_TEST(read_schema_version(db).value() == 0);
  BOOST_TEST(migrate_share_schema(db).value() == ShareSchemaVersion);
  BOOST_TEST(read_schema_version(db).value() == ShareSchemaVersion);
  for (const char* table : {"roots", "folders", "files", "files_fts", "meta"}) BOOST_TEST(table_count(db, table) == 1);
  BOOST_TEST(migrate_share_schema(db).value() == ShareSchemaVersion);  // idempotent
}

// The migrations of this build plus one step a later build might add.
std::vector<Migration> with_extra_step(std::string_view sql) {
  std::vector<Migration> steps(share_migrations().begin(), share_migrations().end());
  steps.push_back({ShareSchemaVersion + 1, sql});
  return steps;
}

BOOST_AUTO_TEST_CASE(older_version_is_migrated_forward_keeping_its_rows) {
  TempDir dir;
  const std::string path = (dir.path / "index.db").string();
  {
    auto index = SqliteShareIndex::open(path).value();
    const RootId root = index->ensure_root({0, "/srv/m", "M", true, 0}).value();
    BOOST_REQUIRE(index->record_scanned({root, "/srv/m/a.mp3", "M", "a.mp3", {1, 2, 3, 4}}, 1));
  }
  // A later build adds a step; the database written by this one is older.
  const auto later = with_extra_step("ALTER TABLE files ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;");
  Database db = open_db(path);
  BOOST_TEST(read_schema_version(db).value() == ShareSchemaVersion);
  BOOST_TEST(migrate(db, later).value() == ShareSchemaVersion + 1);
  BOOST_TEST(read_schema_version(db).value() == ShareSchemaVersion + 1);
  BOOST_TEST(db.query_int("SELECT count(*) FROM files WHERE local_path = '/srv/m/a.mp3' AND rating = 0").value() == 1);
}

BOOST_AUTO_TEST_CASE(failed_migration_step_leaves_the_previous_version) {
  Database db = open_db(":memory:");
  BOOST_REQUIRE(migrate_share_schema(db));
  const auto broken = with_extra_step("ALTER TABLE nowhere ADD COLUMN x;");
  const auto result = migrate(db, broken);
  BOOST_REQUIRE(!result);
  BOOST_TEST(result.error().message.find("schema version " + std::to_string(ShareSchemaVersion + 1)) !=
             std::string::npos);
  BOOST_TEST(read_schema_version(db).value() == ShareSchemaVersion);
}

bool fts_consistent(Database& db) {
  return db.exec("INSERT INTO files_fts(files_fts, rank) VALUES ('integrity-check', 1)").has_value();
}

// A file as version 1 wrote it: its insert trigger indexed every row for search.
BOOST_AUTO_TEST_CASE(version_1_file_is_migrated_keeping_search_rows_and_indexing_new_ones_once) {
  TempDir dir;
  const std::string path = (dir.path / "index.db").string();
  {
    Database db = open_db(path);
    BOOST_REQUIRE(migrate(db, share_migrations().first(1)).value() == 1);
    BOOST_REQUIRE(db.exec(
        "INSERT INTO roots(id, local_path, display_name) VALUES (1, '/srv/m', 'M');"
        "INSERT INTO folders(id, root_id, name) VALUES (1, 1, 'M\\Old');"
        "INSERT INTO files(root_id, folder_id, local_path, announced_name, file_offset, search_text, size, mtime_ns, "
        "inode, device, key, generation) VALUES (1, 1, '/srv/m/Old/blue moon.mp3', 'M\\Old\\blue moon.mp3', 6, "
        "'M\\Old\\blue moon.mp3', 10, 1, 1, 1, X'000102030405060708090A0B0C0D0E0F0A000000', 1)"));
    BOOST_REQUIRE(table_count(db, "files_fts_insert") == 1);
  }
  auto index = SqliteShareIndex::open(path).value();
  {
    Database db = open_db(path);
    BOOST_TEST(read_schema_version(db).value() == ShareSchemaVersion);
    BOOST_TEST(table_count(db, "files_fts_insert") == 0);
  }
  BOOST_TEST(index->search_keywords("blue moon", 10).value().size() == 1u);

  BOOST_REQUIRE(index->begin_batch());
  const ScanEntry fresh{1, "/srv/m/Old/green day.mp3", "M\\Old", "green day.mp3", {20, 2, 2, 1}, true};
  const auto added = index->record_scanned(fresh, 2).value();
  protocol::FileKey key;
  key.size = 20;
  BOOST_REQUIRE(index->set_hash(added.id, fresh.stat, key, {}).value());
  BOOST_TEST(index->search_keywords("green", 10).value().size() == 1u);  // the writer sees its open batch
  BOOST_REQUIRE(index->commit_batch());

  auto reader = index->open_reader().value();
  BOOST_TEST(reader->search_keywords("green day", 10).value().size() == 1u);
  BOOST_TEST(reader->search_keywords("old", 10).value().size() == 2u);
  Database db = open_db(path);
  BOOST_TEST(fts_consistent(db));

  BOOST_REQUIRE(index->remove_file("/srv/m/Old/blue moon.mp3").value());
  BOOST_TEST(reader->search_keywords("blue", 10).value().empty());
  BOOST_TEST(fts_consistent(db));
}

BOOST_AUTO_TEST_CASE(newer_version_is_refused_and_left_untouched) {
  TempDir dir;
  const std::string path = (dir.path / "index.db").string();
  {
    Database db = open_db(path);
    BOOST_REQUIRE(migrate_share_schema(db));
    BOOST_REQUIRE(db.exec("UPDATE schema_version SET version = 7"));
  }
  const auto index = SqliteShareIndex::open(path);
  BOOST_REQUIRE(!index);
  BOOST_TEST((index.error().code == IndexErrc::SchemaTooNew));
  BOOST_TEST(index.error().message.find("schema version 7") != std::string::npos);
  BOOST_TEST(index.error().message.find("newer") != std::string::npos);
  const auto reader = SqliteShareReader::open(path);
  BOOST_REQUIRE(!reader);
  BOOST_TEST((reader.error().code == IndexErrc::SchemaTooNew));
  Database db = open_db(path);
  BOOST_TEST(read_schema_version(db).value() == 7);
}

BOOST_AUTO_TEST_CASE(reader_does_not_migrate_an_old_database) {
  TempDir dir;
  const std::string path = (dir.path / "index.db").string();
  {
    Database db = open_db(path);
    BOOST_REQUIRE(db.exec("CREATE TABLE unrelated(x)"));
  }
  const auto reader = SqliteShareReader::open(path);
  BOOST_REQUIRE(!reader);
  BOOST_TEST(reader.error().message.find("needs migrating") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(file_database_uses_the_wal_journal) {
  TempDir dir;
  const std::string path = (dir.path / "index.db").string();
  auto index = SqliteShareIndex::open(path).value();
  Database db = open_db(path);
  auto mode = db.prepare("PRAGMA journal_mode").value();
  BOOST_REQUIRE(mode.step().value());
  BOOST_TEST(mode.text(0) == "wal");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wpn::share
