#pragma once
// Small RAII wrappers over the sqlite3 C API: one connection, prepared
// statements that finalize themselves, and a per-connection statement cache.
// Errors become IndexError values; nothing here throws.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "share/share_index.h"

struct sqlite3;
struct sqlite3_stmt;

namespace wpn::share {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  // Bind indexes are 1-based, as in SQLite.
  void bind(int index, std::int64_t value);
  void bind(int index, std::uint64_t value);         // stored as the same 64 bits, signed
  void bind_text(int index, std::string_view text);  // bytes kept verbatim, no UTF-8 check
  void bind_blob(int index, std::span<const std::uint8_t> bytes);
  void bind_null(int index);

  // true: a row is ready; false: done.
  IndexResult<bool> step();
  // Steps to the end (for statements without rows), then resets.
  IndexResult<void> run();
  // Resets and clears bindings, ready for the next use.
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  std::uint64_t uint64(int column) const { return static_cast<std::uint64_t>(int64(column)); }
  std::string text(int column) const;
  std::string_view text_view(int column) const;          // valid until the next step/reset
  std::span<const std::uint8_t> blob(int column) const;  // valid until the next step/reset

  sqlite3_stmt* handle() const noexcept { return stmt_.get(); }

 private:
  friend class Database;
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept;
  };
  Statement(sqlite3_stmt* stmt, sqlite3* db) noexcept : stmt_(stmt), db_(db) {}
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  sqlite3* db_ = nullptr;
};

// A cached statement lent out for one use; reset when it goes out of scope.
class StatementUse {
 public:
  explicit StatementUse(Statement& statement) noexcept : statement_(&statement) {}
  StatementUse(StatementUse&& other) noexcept : statement_(other.statement_) { other.statement_ = nullptr; }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  StatementUse& operator=(StatementUse&&) = delete;
  ~StatementUse() {
    if (statement_ != nullptr) statement_->reset();
  }
  Statement* operator->() const noexcept { return statement_; }
  Statement& operator*() const noexcept { return *statement_; }

 private:
  Statement* statement_;
};

class Database {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  // path may be ":memory:". ReadWrite creates the file if missing.
  static IndexResult<Database> open(const std::string& path, Mode mode, int busy_timeout_ms);

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  IndexResult<void> exec(std::string_view sql);
  IndexResult<Statement> prepare(std::string_view sql);
  // The same SQL text always gets the same prepared statement.
  IndexResult<StatementUse> cached(std::string_view sql);
  // A single-value query such as "PRAGMA user_version" or "SELECT count(*) ...".
  IndexResult<std::int64_t> query_int(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  std::int64_t changes() const;
  bool read_only() const noexcept { return mode_ == Mode::ReadOnly; }
  const std::string& path() const noexcept { return path_; }
  sqlite3* handle() const noexcept { return db_.get(); }

  IndexError error(std::string_view context) const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept;
  };
  Database(sqlite3* db, Mode mode, std::string path)
      : db_(db), cache_(std::make_unique<Cache>()), mode_(mode), path_(std::move(path)) {}
  using Cache = std::unordered_map<std::string, Statement>;
  // Declared after db_ so the statements are finalized before the connection closes.
  std::unique_ptr<sqlite3, Closer> db_;
  std::unique_ptr<Cache> cache_;  // behind a pointer: moving a Database moves no map
  Mode mode_ = Mode::ReadWrite;
  std::string path_;
};

// A SAVEPOINT around one multi-statement operation: rolled back unless
// released. It nests inside an open BEGIN ... COMMIT batch.
class Savepoint {
 public:
  explicit Savepoint(Database& db);
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint();
  bool ok() const noexcept { return ok_; }
  IndexResult<void> release();

 private:
  bool run(std::string_view sql);
  Database& db_;
  bool ok_ = false;
  bool released_ = false;
};

IndexError database_error(sqlite3* db, std::string_view context);

}  // namespace wpn::share
