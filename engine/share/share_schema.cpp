#include "share/share_schema.h"

#include <array>
#include <string>

namespace wpn::share {
namespace {

// Version 1.
// - announced_name is the full `folder\file` in code-page bytes, stored as TEXT
//   so that COLLATE NOCASE folds ASCII letters only (exactly Windows' rule for
//   these bytes); one unique NOCASE index serves both exact and case-insensitive
//   lookups and keeps case-insensitive lookups unambiguous.
// - search_text is the same name decoded to UTF-8, indexed by an external-content
//   FTS5 table kept in sync by triggers.
// - key is the 20-byte wire key (hash + u32le length); a range over its first 16
//   bytes finds a bare 16-byte hash.
constexpr std::string_view SchemaV1 = R"sql(
CREATE TABLE meta(name TEXT PRIMARY KEY, value) WITHOUT ROWID;
INSERT INTO meta(name, value) VALUES ('generation', 0);
CREATE TABLE roots(
  id INTEGER PRIMARY KEY,
  local_path TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  generation INTEGER NOT NULL DEFAULT 0);
CREATE TABLE folders(
  id INTEGER PRIMARY KEY,
  root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
  name TEXT NOT NULL UNIQUE);
CREATE INDEX folders_root ON folders(root_id);
CREATE TABLE files(
  id INTEGER PRIMARY KEY,
  root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
  folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
  local_path TEXT NOT NULL UNIQUE,
  announced_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  file_offset INTEGER NOT NULL,
  search_text TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  inode INTEGER NOT NULL,
  device INTEGER NOT NULL,
  key BLOB,
  bitrate INTEGER NOT NULL DEFAULT 0,
  frequency INTEGER NOT NULL DEFAULT 0,
  duration INTEGER NOT NULL DEFAULT 0,
  hash_error TEXT,
  generation INTEGER NOT NULL);
CREATE INDEX files_folder ON files(folder_id);
CREATE INDEX files_root ON files(root_id);
CREATE INDEX files_key ON files(key) WHERE key IS NOT NULL;
CREATE INDEX files_unhashed ON files(id) WHERE key IS NULL AND hash_error IS NULL;
CREATE VIRTUAL TABLE files_fts USING fts5(
  search_text, content='files', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER files_fts_insert AFTER INSERT ON files BEGIN
  INSERT INTO files_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER files_fts_delete AFTER DELETE ON files BEGIN
  INSERT INTO files_fts(files_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER files_fts_update AFTER UPDATE OF search_text ON files BEGIN
  INSERT INTO files_fts(files_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
  INSERT INTO files_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
)sql";

// Version 2: search rows of new files are added by the index code, once per batch
// (sqlite_share_index.h), not by a per-row trigger; updates and deletes keep theirs.
constexpr std::string_view SchemaV2 = R"sql(
DROP TRIGGER files_fts_insert;
)sql";

constexpr std::array<Migration, 2> Migrations{{{1, SchemaV1}, {2, SchemaV2}}};

IndexResult<void> set_version(Database& db, int version) {
  auto update = db.cached("UPDATE schema_version SET version = ?1");
  if (!update) return tl::unexpected(update.error());
  (*update)->bind(1, static_cast<std::int64_t>(version));
  return (*update)->run();
}

}  // namespace

std::span<const Migration> share_migrations() { return Migrations; }

IndexResult<int> read_schema_version(Database& db) {
  auto exists = db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists) return tl::unexpected(exists.error());
  if (*exists == 0) return 0;
  auto version = db.query_int("SELECT version FROM schema_version");
  if (!version) return tl::unexpected(version.error());
  return static_cast<int>(*version);
}

IndexResult<int> migrate(Database& db, std::span<const Migration> migrations) {
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  auto current = read_schema_version(db);
  if (!current) return tl::unexpected(current.error());
  if (*current > newest) {
    return tl::unexpected(IndexError{IndexErrc::SchemaTooNew, "share index " + db.path() + " has schema version " +
                                                                  std::to_string(*current) + ", newer than " +
                                                                  std::to_string(newest) +
                                                                  " supported by this version; refusing to open it"});
  }
  if (*current == newest) return *current;
  if (db.read_only()) {
    return tl::unexpected(
        IndexError{IndexErrc::Database, "share index " + db.path() + " needs migrating; open it for writing first"});
  }
  for (const Migration& step : migrations) {
    if (step.version <= *current) continue;
    if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) return tl::unexpected(begun.error());
    auto applied = [&]() -> IndexResult<void> {
      if (*current == 0) {
        auto created = db.exec(
            "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);"
            "INSERT INTO schema_version(version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)");
        if (!created) return created;
      }
      if (auto ran = db.exec(step.sql); !ran) return ran;
      return set_version(db, step.version);
    }();
    if (!applied) {
      (void)db.exec("ROLLBACK");
      IndexError error = applied.error();
      error.message = "migration to schema version " + std::to_string(step.version) + " failed: " + error.message;
      return tl::unexpected(std::move(error));
    }
    if (auto committed = db.exec("COMMIT"); !committed) return tl::unexpected(committed.error());
    *current = step.version;
  }
  return *current;
}

}  // namespace wpn::share
