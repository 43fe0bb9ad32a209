#include "share/sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace wpn::share {

IndexError database_error(sqlite3* db, std::string_view context) {
  std::string message(context);
  if (db != nullptr) {
    message += ": ";
    message += sqlite3_errmsg(db);
    message += " (" + std::to_string(sqlite3_extended_errcode(db)) + ")";
  }
  const int code = db != nullptr ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
  const bool conflict = code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
  return {conflict ? IndexErrc::NameConflict : IndexErrc::Database, std::move(message)};
}

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

void Statement::bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_.get(), index, value); }

void Statement::bind(int index, std::uint64_t value) { bind(index, static_cast<std::int64_t>(value)); }

void Statement::bind_text(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

void Statement::bind_null(int index) { sqlite3_bind_null(stmt_.get(), index); }

IndexResult<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return tl::unexpected(database_error(db_, "step"));
}

IndexResult<void> Statement::run() {
  while (true) {
    auto row = step();
    if (!row) {
      reset();
      return tl::unexpected(row.error());
    }
    if (!*row) break;
  }
  reset();
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

std::string_view Statement::text_view(int column) const {
  const auto* data = sqlite3_column_text(stmt_.get(), column);
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr || size <= 0) return {};
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_.get(), column);
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr || size <= 0) return {};
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::span<const std::uint8_t> Statement::blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), column));
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr || size <= 0) return {};
  return {data, static_cast<std::size_t>(size)};
}

void Database::Closer::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

IndexResult<Database> Database::open(const std::string& path, Mode mode, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  flags |= mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw, mode, path);
  if (rc != SQLITE_OK) return tl::unexpected(database_error(raw, "cannot open " + path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  return db;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    cache_.reset();
    db_ = std::move(other.db_);
    cache_ = std::move(other.cache_);
    mode_ = other.mode_;
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() { cache_.reset(); }

IndexResult<void> Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    IndexError error = database_error(db_.get(), "exec");
    sqlite3_free(message);
    return tl::unexpected(std::move(error));
  }
  return {};
}

IndexResult<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return tl::unexpected(database_error(db_.get(), "prepare \"" + std::string(sql.substr(0, 60)) + "\""));
  }
  return Statement(stmt, db_.get());
}

IndexResult<StatementUse> Database::cached(std::string_view sql) {
  const std::string key(sql);
  auto found = cache_->find(key);
  if (found == cache_->end()) {
    auto statement = prepare(sql);
    if (!statement) return tl::unexpected(statement.error());
    found = cache_->emplace(key, std::move(*statement)).first;
  }
  return StatementUse(found->second);
}

IndexResult<std::int64_t> Database::query_int(std::string_view sql) {
  auto statement = cached(sql);
  if (!statement) return tl::unexpected(statement.error());
  auto row = (*statement)->step();
  if (!row) return tl::unexpected(row.error());
  return *row ? (*statement)->int64(0) : 0;
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }

std::int64_t Database::changes() const { return sqlite3_changes64(db_.get()); }

IndexError Database::error(std::string_view context) const { return database_error(db_.get(), context); }

Savepoint::Savepoint(Database& db) : db_(db) { ok_ = run("SAVEPOINT share_op"); }

Savepoint::~Savepoint() {
  if (ok_ && !released_) {
    (void)run("ROLLBACK TO share_op");
    (void)run("RELEASE share_op");
  }
}

IndexResult<void> Savepoint::release() {
  released_ = true;
  if (!run("RELEASE share_op")) return tl::unexpected(db_.error("release savepoint"));
  return {};
}

bool Savepoint::run(std::string_view sql) {
  auto statement = db_.cached(sql);
  return statement && (*statement)->run().has_value();
}

}  // namespace wpn::share
