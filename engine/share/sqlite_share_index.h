#pragma once
// The SQLite share index (architecture.md §3.7, filesharing.md §8.3).
//
// - One file in the service's data directory, WAL journal, synchronous=NORMAL:
//   a committed batch survives a crash of the process (kill -9); only a power
//   loss may take back the last commits. ":memory:" gives a private database
//   for tests (no WAL, no readers).
// - SqliteShareIndex owns the single writer connection. It is used from one
//   thread at a time; the owner serialises calls.
// - open_reader() gives a separate read-only connection (one per thread) for
//   searches, lookups and browse: in WAL mode readers see the last commit and
//   never wait for a write batch in progress.
// - The schema is migrated forward on open (share_schema.h); a database from a
//   newer build is refused with SchemaTooNew.
// - Announced names are decoded with the configured code page into the text
//   that keyword search indexes. When the code page changes between runs the
//   stored search text is rebuilt on open.
// - Keyword search rows (FTS5) for inserted files are added in one statement per
//   batch, at commit, not per row: FTS5 flushes its pending terms to a new segment at
//   every statement savepoint, so per-row inserts cost a segment write (and merges)
//   each. Rows inserted since the last flush are exactly those with an id at or above
//   the first one inserted (new ids are always above every existing one).

#include <memory>
#include <string>

#include "share/name_encoding.h"
#include "share/share_index.h"
#include "share/share_queries.h"
#include "share/sqlite_db.h"

namespace wpn::share {

struct SqliteIndexOptions {
  CodePage code_page = CodePage::Cp1252;
  int busy_timeout_ms = 5000;
  int cache_kib = 8192;  // SQLite page cache per connection
};

// The read queries of one SQLite connection, shared by the reader and the writer
// (which must also answer them, on its own connection, to see its open batch).
template <class Interface>
class SqliteQueryForwarder : public Interface {
 public:
  IndexResult<std::vector<ShareRoot>> roots() override { return queries_.roots(); }
  IndexResult<std::optional<FileRecord>> file_by_id(FileId id) override { return queries_.file_by_id(id); }
  IndexResult<std::optional<FileRecord>> file_by_path(std::string_view path) override {
    return queries_.file_by_path(path);
  }
  IndexResult<std::optional<FileRecord>> find_by_announced_name(std::string_view name, NameMatch match) override {
    return queries_.find_by_announced_name(name, match);
  }
  IndexResult<std::vector<FileRecord>> search_keywords(std::string_view words, std::size_t limit) override {
    return queries_.search_keywords(words, limit);
  }
  IndexResult<std::vector<FileRecord>> search_hash(const protocol::ContentHash& hash, std::optional<std::uint32_t> size,
                                                   std::size_t limit) override {
    return queries_.search_hash(hash, size, limit);
  }
  IndexResult<std::vector<FileRecord>> browse_list(std::size_t cap) override { return queries_.browse_list(cap); }
  IndexResult<void> for_each_folder(std::optional<RootId> root,
                                    const std::function<bool(const FolderListing&)>& visit) override {
    return queries_.for_each_folder(root, visit);
  }
  IndexResult<void> for_each_folder_after(std::optional<RootId> root, std::string_view after,
                                          const std::function<bool(const FolderListing&)>& visit) override {
    return queries_.for_each_folder_after(root, after, visit);
  }
  IndexResult<FolderListing> list_folder(std::string_view folder) override { return queries_.list_folder(folder); }
  IndexResult<std::vector<FileRecord>> stale_files(RootId root, Generation generation) override {
    return queries_.stale_files(root, generation);
  }
  IndexResult<std::vector<FileRecord>> files_under(std::string_view dir) override { return queries_.files_under(dir); }
  IndexResult<void> for_each_file_under(std::string_view dir,
                                        const std::function<void(const FileScanRow&)>& visit) override {
    return queries_.for_each_file_under(dir, visit);
  }
  IndexResult<std::vector<FileRecord>> files_needing_hash(std::size_t limit, FileId after_id) override {
    return queries_.files_needing_hash(limit, after_id);
  }
  IndexResult<IndexCounts> counts() override { return queries_.counts(); }
  IndexResult<std::vector<RootCounts>> root_counts() override { return queries_.root_counts(); }
  IndexResult<std::vector<FileRecord>> announced_files(std::optional<RootId> root, FileId after_id,
                                                       std::uint64_t offset, std::size_t limit) override {
    return queries_.announced_files(root, after_id, offset, limit);
  }

 protected:
  explicit SqliteQueryForwarder(Database db) : db_(std::make_unique<Database>(std::move(db))), queries_(*db_) {}

  std::unique_ptr<Database> db_;
  ShareQueries queries_;
};

class SqliteShareReader final : public SqliteQueryForwarder<ShareIndexReader> {
 public:
  static IndexResult<std::unique_ptr<SqliteShareReader>> open(const std::string& path,
                                                              const SqliteIndexOptions& options = {});

 private:
  explicit SqliteShareReader(Database db) : SqliteQueryForwarder(std::move(db)) {}
};

class SqliteShareIndex final : public SqliteQueryForwarder<ShareIndex> {
 public:
  static IndexResult<std::unique_ptr<SqliteShareIndex>> open(const std::string& path,
                                                             const SqliteIndexOptions& options = {});

  // A new read-only connection to the same file (not for ":memory:").
  IndexResult<std::unique_ptr<SqliteShareReader>> open_reader() const;
  const std::string& path() const noexcept { return db_->path(); }

  // ShareIndex
  IndexResult<void> begin_batch() override;
  IndexResult<void> commit_batch() override;
  IndexResult<void> rollback_batch() override;
  bool in_batch() const override { return in_batch_; }
  IndexResult<RootId> ensure_root(const ShareRoot& root) override;
  IndexResult<void> set_root_enabled(RootId id, bool enabled) override;
  IndexResult<void> remove_root(RootId id) override;
  IndexResult<Generation> begin_generation(RootId root) override;
  IndexResult<std::uint64_t> finish_generation(RootId root, Generation generation) override;
  IndexResult<ScanResult> record_scanned(const ScanEntry& entry, Generation generation) override;
  IndexResult<bool> set_hash(FileId id, const StatIdentity& hashed, const protocol::FileKey& key,
                             const protocol::MediaInfo& media) override;
  IndexResult<bool> set_hash_failed(FileId id, const StatIdentity& attempted, std::string_view reason) override;
  IndexResult<FileId> put_file(const FileRecord& record) override;
  IndexResult<bool> remove_file(std::string_view local_path) override;
  IndexResult<std::uint64_t> remove_under(std::string_view local_dir) override;
  IndexResult<std::vector<FileRecord>> search_keywords(std::string_view words, std::size_t limit) override;

 private:
  SqliteShareIndex(Database db, const SqliteIndexOptions& options);
  IndexResult<void> sync_code_page();
  IndexResult<std::int64_t> folder_id(RootId root, std::string_view folder);
  IndexResult<ScanResult> insert_scanned(const ScanEntry& entry, const std::string& name, Generation generation);
  IndexResult<void> drop_folder_if_empty(std::int64_t folder_id);
  IndexResult<Generation> root_generation(RootId root);
  std::string search_text(std::string_view announced) const { return encoder_.to_utf8(announced); }
  // A row was inserted: its search row is added at the next flush (at once outside a batch).
  IndexResult<void> note_inserted(FileId id);
  // Adds the search rows of the files inserted since the last flush. Called before any
  // statement whose triggers update or delete search rows, and before commit.
  IndexResult<void> flush_search_rows();

  SqliteIndexOptions options_;
  NameEncoder encoder_;
  bool in_batch_ = false;
  // The folder of the previous insert: scans visit files folder by folder.
  std::string last_folder_;
  std::int64_t last_folder_id_ = 0;
  RootId last_folder_root_ = 0;
  FileId search_rows_from_ = 0;  // 0: no inserted file waits for its search row
};

}  // namespace wpn::share
