#include "share/sqlite_share_index.h"

#include <utility>

#include "share/share_schema.h"

namespace wpn::share {
namespace {

using protocol::FileKey;
using protocol::MediaInfo;

constexpr std::string_view MemoryPath = ":memory:";

IndexError invalid(std::string message) { return {IndexErrc::InvalidArgument, std::move(message)}; }

IndexResult<void> apply_pragmas(Database& db, const SqliteIndexOptions& options, bool writer) {
  std::string pragmas = "PRAGMA cache_size = -" + std::to_string(options.cache_kib) + ";";
  if (writer) {
    pragmas += "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
    if (db.path() != MemoryPath) pragmas += "PRAGMA journal_mode = WAL;";
  } else {
    pragmas += "PRAGMA query_only = ON;";
  }
  return db.exec(pragmas);
}

}  // namespace

IndexResult<std::unique_ptr<SqliteShareReader>> SqliteShareReader::open(const std::string& path,
                                                                        const SqliteIndexOptions& options) {
  auto db = Database::open(path, Database::Mode::ReadOnly, options.busy_timeout_ms);
  if (!db) return tl::unexpected(db.error());
  if (auto set = apply_pragmas(*db, options, false); !set) return tl::unexpected(set.error());
  auto version = migrate_share_schema(*db);  // read-only: only checks the version
  if (!version) return tl::unexpected(version.error());
  return std::unique_ptr<SqliteShareReader>(new SqliteShareReader(std::move(*db)));
}

SqliteShareIndex::SqliteShareIndex(Database db, const SqliteIndexOptions& options)
    : SqliteQueryForwarder(std::move(db)), options_(options), encoder_(options.code_page) {}

IndexResult<std::unique_ptr<SqliteShareIndex>> SqliteShareIndex::open(const std::string& path,
                                                                      const SqliteIndexOptions& options) {
  auto db = Database::open(path, Database::Mode::ReadWrite, options.busy_timeout_ms);
  if (!db) return tl::unexpected(db.error());
  if (auto set = apply_pragmas(*db, options, true); !set) return tl::unexpected(set.error());
  if (auto version = migrate_share_schema(*db); !version) return tl::unexpected(version.error());
  std::unique_ptr<SqliteShareIndex> index(new SqliteShareIndex(std::move(*db), options));
  if (auto synced = index->sync_code_page(); !synced) return tl::unexpected(synced.error());
  return index;
}

IndexResult<std::unique_ptr<SqliteShareReader>> SqliteShareIndex::open_reader() const {
  if (db_->path() == MemoryPath) return tl::unexpected(invalid("an in-memory index has no separate readers"));
  return SqliteShareReader::open(db_->path(), options_);
}

IndexResult<void> SqliteShareIndex::sync_code_page() {
  const std::string wanted(code_page_name(options_.code_page));
  std::string stored;
  {
    auto q = db_->cached("SELECT value FROM meta WHERE name = 'code_page'");
    if (!q) return tl::unexpected(q.error());
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (*row) stored = (*q)->text(0);
  }
  if (stored == wanted) return {};
  Savepoint savepoint(*db_);
  if (!savepoint.ok()) return tl::unexpected(db_->error("savepoint"));
  if (!stored.empty()) {
    // Names were announced in another code page: rebuild what search indexes.
    std::vector<std::pair<FileId, std::string>> rows;
    auto q = db_->prepare("SELECT id, announced_name FROM files");
    if (!q) return tl::unexpected(q.error());
    while (true) {
      auto row = q->step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      rows.emplace_back(q->int64(0), q->text(1));
    }
    for (const auto& [id, name] : rows) {
      auto update = db_->cached("UPDATE files SET search_text = ?2 WHERE id = ?1");
      if (!update) return tl::unexpected(update.error());
      (*update)->bind(1, id);
      (*update)->bind_text(2, search_text(name));
      if (auto ran = (*update)->run(); !ran) return ran;
    }
  }
  auto put = db_->cached("INSERT OR REPLACE INTO meta(name, value) VALUES ('code_page', ?1)");
  if (!put) return tl::unexpected(put.error());
  (*put)->bind_text(1, wanted);
  if (auto ran = (*put)->run(); !ran) return ran;
  return savepoint.release();
}

IndexResult<void> SqliteShareIndex::begin_batch() {
  if (in_batch_) return tl::unexpected(invalid("a batch is already open"));
  if (auto begun = db_->exec("BEGIN IMMEDIATE"); !begun) return begun;
  in_batch_ = true;
  return {};
}

IndexResult<void> SqliteShareIndex::note_inserted(FileId id) {
  if (search_rows_from_ == 0 || id < search_rows_from_) search_rows_from_ = id;
  if (in_batch_) return {};
  return flush_search_rows();
}

IndexResult<void> SqliteShareIndex::flush_search_rows() {
  if (search_rows_from_ == 0) return {};
  auto q = db_->cached("INSERT INTO files_fts(rowid, search_text) SELECT id, search_text FROM files WHERE id >= ?1");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, search_rows_from_);
  if (auto ran = (*q)->run(); !ran) return ran;
  search_rows_from_ = 0;
  return {};
}

IndexResult<std::vector<FileRecord>> SqliteShareIndex::search_keywords(std::string_view words, std::size_t limit) {
  if (auto flushed = flush_search_rows(); !flushed) return tl::unexpected(flushed.error());
  return queries_.search_keywords(words, limit);
}

IndexResult<void> SqliteShareIndex::commit_batch() {
  if (!in_batch_) return tl::unexpected(invalid("no batch is open"));
  if (auto flushed = flush_search_rows(); !flushed) {
    in_batch_ = false;
    search_rows_from_ = 0;
    (void)db_->exec("ROLLBACK");
    last_folder_.clear();
    return flushed;
  }
  in_batch_ = false;
  if (auto committed = db_->exec("COMMIT"); !committed) {
    search_rows_from_ = 0;
    (void)db_->exec("ROLLBACK");
    last_folder_.clear();
    return committed;
  }
  return {};
}

IndexResult<void> SqliteShareIndex::rollback_batch() {
  if (!in_batch_) return tl::unexpected(invalid("no batch is open"));
  in_batch_ = false;
  last_folder_.clear();   // the folder rows made in the batch are gone
  search_rows_from_ = 0;  // and so are the files inserted in it
  return db_->exec("ROLLBACK");
}

IndexResult<RootId> SqliteShareIndex::ensure_root(const ShareRoot& root) {
  if (root.local_path.empty() || root.display_name.empty()) {
    return tl::unexpected(invalid("a share root needs a local path and a display name"));
  }
  auto q = db_->cached(
      "INSERT INTO roots(local_path, display_name, enabled) VALUES (?1, ?2, ?3) ON CONFLICT(local_path) DO UPDATE "
      "SET display_name = excluded.display_name, enabled = excluded.enabled RETURNING id");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind_text(1, root.local_path);
  (*q)->bind_text(2, root.display_name);
  (*q)->bind(3, std::int64_t{root.enabled ? 1 : 0});
  auto row = (*q)->step();
  if (!row) return tl::unexpected(row.error());
  const RootId id = (*q)->int64(0);
  if (auto rest = (*q)->step(); !rest) return tl::unexpected(rest.error());
  return id;
}

IndexResult<void> SqliteShareIndex::set_root_enabled(RootId id, bool enabled) {
  auto q = db_->cached("UPDATE roots SET enabled = ?2 WHERE id = ?1");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, id);
  (*q)->bind(2, std::int64_t{enabled ? 1 : 0});
  if (auto ran = (*q)->run(); !ran) return ran;
  if (db_->changes() == 0)
    return tl::unexpected(IndexError{IndexErrc::NotFound, "no share root " + std::to_string(id)});
  return {};
}

IndexResult<void> SqliteShareIndex::remove_root(RootId id) {
  if (auto flushed = flush_search_rows(); !flushed) return flushed;
  last_folder_.clear();
  auto q = db_->cached("DELETE FROM roots WHERE id = ?1");  // folders and files follow by cascade
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, id);
  if (auto ran = (*q)->run(); !ran) return ran;
  if (db_->changes() == 0)
    return tl::unexpected(IndexError{IndexErrc::NotFound, "no share root " + std::to_string(id)});
  return {};
}

IndexResult<Generation> SqliteShareIndex::root_generation(RootId root) {
  auto q = db_->cached("SELECT generation FROM roots WHERE id = ?1");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, root);
  auto row = (*q)->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(IndexError{IndexErrc::NotFound, "no share root " + std::to_string(root)});
  return (*q)->uint64(0);
}

IndexResult<Generation> SqliteShareIndex::begin_generation(RootId root) {
  Savepoint savepoint(*db_);
  if (!savepoint.ok()) return tl::unexpected(db_->error("savepoint"));
  if (auto exists = root_generation(root); !exists) return tl::unexpected(exists.error());
  Generation next = 0;
  {
    auto q = db_->cached("UPDATE meta SET value = value + 1 WHERE name = 'generation' RETURNING value");
    if (!q) return tl::unexpected(q.error());
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return tl::unexpected(db_->error("generation counter missing"));
    next = (*q)->uint64(0);
    if (auto rest = (*q)->step(); !rest) return tl::unexpected(rest.error());
  }
  auto q = db_->cached("UPDATE roots SET generation = ?2 WHERE id = ?1");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, root);
  (*q)->bind(2, next);
  if (auto ran = (*q)->run(); !ran) return tl::unexpected(ran.error());
  if (auto released = savepoint.release(); !released) return tl::unexpected(released.error());
  return next;
}

IndexResult<std::uint64_t> SqliteShareIndex::finish_generation(RootId root, Generation generation) {
  if (auto flushed = flush_search_rows(); !flushed) return tl::unexpected(flushed.error());
  Savepoint savepoint(*db_);
  if (!savepoint.ok()) return tl::unexpected(db_->error("savepoint"));
  auto q = db_->cached("DELETE FROM files WHERE root_id = ?1 AND generation < ?2");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, root);
  (*q)->bind(2, generation);
  if (auto ran = (*q)->run(); !ran) return tl::unexpected(ran.error());
  const auto removed = static_cast<std::uint64_t>(db_->changes());
  auto folders = db_->cached(
      "DELETE FROM folders WHERE root_id = ?1 AND NOT EXISTS (SELECT 1 FROM files WHERE folder_id = folders.id)");
  if (!folders) return tl::unexpected(folders.error());
  (*folders)->bind(1, root);
  if (auto ran = (*folders)->run(); !ran) return tl::unexpected(ran.error());
  last_folder_.clear();
  if (auto released = savepoint.release(); !released) return tl::unexpected(released.error());
  return removed;
}

IndexResult<std::int64_t> SqliteShareIndex::folder_id(RootId root, std::string_view folder) {
  if (!last_folder_.empty() && last_folder_ == folder && last_folder_root_ == root) return last_folder_id_;
  std::int64_t id = 0;
  {
    auto q = db_->cached("SELECT id, root_id FROM folders WHERE name = ?1");
    if (!q) return tl::unexpected(q.error());
    (*q)->bind_text(1, folder);
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (*row) {
      if ((*q)->int64(1) != root) {
        return tl::unexpected(IndexError{
            IndexErrc::NameConflict, "announced folder \"" + search_text(folder) + "\" belongs to another share root"});
      }
      id = (*q)->int64(0);
    }
  }
  if (id == 0) {
    auto insert = db_->cached("INSERT INTO folders(root_id, name) VALUES (?1, ?2)");
    if (!insert) return tl::unexpected(insert.error());
    (*insert)->bind(1, root);
    (*insert)->bind_text(2, folder);
    if (auto ran = (*insert)->run(); !ran) return tl::unexpected(ran.error());
    id = db_->last_insert_rowid();
  }
  last_folder_ = folder;
  last_folder_id_ = id;
  last_folder_root_ = root;
  return id;
}

IndexResult<void> SqliteShareIndex::drop_folder_if_empty(std::int64_t id) {
  auto q = db_->cached("DELETE FROM folders WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM files WHERE folder_id = ?1)");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, id);
  if (auto ran = (*q)->run(); !ran) return ran;
  if (db_->changes() > 0 && id == last_folder_id_) last_folder_.clear();
  return {};
}

}  // namespace wpn::share
