#include "transfer/queue_store.h"

#include <sqlite3.h>

#include <cstdint>
#include <string_view>

namespace wpn::transfer {
namespace {

constexpr std::int64_t SchemaVersion = 1;

constexpr const char* Schema =
    "CREATE TABLE IF NOT EXISTS upload_queue("
    " sequence INTEGER PRIMARY KEY, ip BLOB NOT NULL, udp_port INTEGER NOT NULL,"
    " name BLOB NOT NULL, file BLOB NOT NULL, enqueued_at INTEGER NOT NULL, grp TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS upload_queue_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS bans("
    " name BLOB NOT NULL, base_name INTEGER NOT NULL, until INTEGER, reason TEXT NOT NULL,"
    " PRIMARY KEY(name, base_name));";

struct Finalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, Finalizer>;

QueueStoreError error_of(sqlite3* db, std::string_view what) {
  return {std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory")};
}

QueueStoreResult<Stmt> prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) return tl::unexpected(error_of(db, "prepare"));
  return Stmt(raw);
}

void bind_bytes(sqlite3_stmt* stmt, int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

std::string column_bytes(sqlite3_stmt* stmt, int column) {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, column));
  const int size = sqlite3_column_bytes(stmt, column);
  return data == nullptr ? std::string() : std::string(data, static_cast<std::size_t>(size));
}

QueueStoreResult<void> insert_record(sqlite3* db, sqlite3_stmt* stmt, const QueueRecord& r) {
  sqlite3_reset(stmt);
  sqlite3_bind_int64(stmt, 1, static_cast<std::int64_t>(r.sequence));
  sqlite3_bind_blob(stmt, 2, r.requester.handle.ip.data(), 4, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 3, r.requester.handle.udp_port);
  bind_bytes(stmt, 4, r.requester.name);
  bind_bytes(stmt, 5, r.file);
  sqlite3_bind_int64(stmt, 6, r.enqueued_at.time_since_epoch().count());
  sqlite3_bind_text(stmt, 7, r.group.data(), static_cast<int>(r.group.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(stmt) != SQLITE_DONE) return tl::unexpected(error_of(db, "insert"));
  return {};
}

QueueStoreResult<void> insert_ban(sqlite3* db, sqlite3_stmt* stmt, const BanRule& rule) {
  sqlite3_reset(stmt);
  bind_bytes(stmt, 1, rule.name);
  sqlite3_bind_int(stmt, 2, rule.match == BanMatch::BaseName ? 1 : 0);
  if (rule.until) {
    sqlite3_bind_int64(stmt, 3, rule.until->time_since_epoch().count());
  } else {
    sqlite3_bind_null(stmt, 3);
  }
  sqlite3_bind_text(stmt, 4, rule.reason.data(), static_cast<int>(rule.reason.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(stmt) != SQLITE_DONE) return tl::unexpected(error_of(db, "insert ban"));
  return {};
}

BanRule read_ban(sqlite3_stmt* stmt) {
  BanRule rule;
  rule.name = column_bytes(stmt, 0);
  rule.match = sqlite3_column_int(stmt, 1) != 0 ? BanMatch::BaseName : BanMatch::FullName;
  if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
    rule.until = WallTime(std::chrono::seconds(sqlite3_column_int64(stmt, 2)));
  if (const auto* reason = sqlite3_column_text(stmt, 3))
    rule.reason.assign(reinterpret_cast<const char*>(reason), static_cast<std::size_t>(sqlite3_column_bytes(stmt, 3)));
  return rule;
}

QueueRecord read_record(sqlite3_stmt* stmt) {
  QueueRecord r;
  r.sequence = static_cast<std::uint64_t>(sqlite3_column_int64(stmt, 0));
  const std::string ip = column_bytes(stmt, 1);
  for (std::size_t i = 0; i < 4 && i < ip.size(); ++i) r.requester.handle.ip[i] = static_cast<std::uint8_t>(ip[i]);
  r.requester.handle.udp_port = static_cast<std::uint16_t>(sqlite3_column_int64(stmt, 2));
  r.requester.name = column_bytes(stmt, 3);
  r.file = column_bytes(stmt, 4);
  r.enqueued_at = WallTime(std::chrono::seconds(sqlite3_column_int64(stmt, 5)));
  const auto* group = sqlite3_column_text(stmt, 6);
  if (group != nullptr)
    r.group.assign(reinterpret_cast<const char*>(group), static_cast<std::size_t>(sqlite3_column_bytes(stmt, 6)));
  return r;
}

}  // namespace

void QueueStore::Closer::operator()(sqlite3* db) const noexcept { sqlite3_close(db); }

QueueStoreResult<QueueStore> QueueStore::open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  QueueStore store(raw);
  if (rc != SQLITE_OK) return tl::unexpected(error_of(raw, "open " + path));
  if (auto created = store.exec(Schema); !created) return tl::unexpected(created.error());
  return store;
}

QueueStoreResult<void> QueueStore::exec(const char* sql) {
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    return tl::unexpected(error_of(db_.get(), "exec"));
  return {};
}

QueueStoreResult<void> QueueStore::save(const QueueState& state) {
  if (auto begun = exec("BEGIN IMMEDIATE"); !begun) return begun;
  auto fail = [&](QueueStoreError e) -> QueueStoreResult<void> {
    (void)exec("ROLLBACK");
    return tl::unexpected(std::move(e));
  };
  if (auto cleared = exec("DELETE FROM upload_queue"); !cleared) return fail(cleared.error());
  auto insert = prepare(db_.get(),
                        "INSERT INTO upload_queue(sequence, ip, udp_port, name, file, enqueued_at, grp)"
                        " VALUES(?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return fail(insert.error());
  for (const auto& record : state.entries)
    if (auto row = insert_record(db_.get(), insert->get(), record); !row) return fail(row.error());
  auto meta = prepare(db_.get(), "INSERT OR REPLACE INTO upload_queue_meta(key, value) VALUES(?, ?)");
  if (!meta) return fail(meta.error());
  const std::pair<const char*, std::int64_t> values[] = {
      {"schema_version", SchemaVersion}, {"next_sequence", static_cast<std::int64_t>(state.next_sequence)}};
  for (const auto& [key, value] : values) {
    sqlite3_reset(meta->get());
    sqlite3_bind_text(meta->get(), 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(meta->get(), 2, value);
    if (sqlite3_step(meta->get()) != SQLITE_DONE) return fail(error_of(db_.get(), "meta"));
  }
  return exec("COMMIT");
}

QueueStoreResult<QueueState> QueueStore::load() {
  QueueState state;
  auto rows = prepare(
      db_.get(), "SELECT sequence, ip, udp_port, name, file, enqueued_at, grp FROM upload_queue ORDER BY sequence");
  if (!rows) return tl::unexpected(rows.error());
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(rows->get())) == SQLITE_ROW) state.entries.push_back(read_record(rows->get()));
  if (rc != SQLITE_DONE) return tl::unexpected(error_of(db_.get(), "select"));
  auto next = prepare(db_.get(), "SELECT value FROM upload_queue_meta WHERE key = 'next_sequence'");
  if (!next) return tl::unexpected(next.error());
  if (sqlite3_step(next->get()) == SQLITE_ROW)
    state.next_sequence = static_cast<std::uint64_t>(sqlite3_column_int64(next->get(), 0));
  return state;
}

QueueStoreResult<void> QueueStore::save_bans(const std::vector<BanRule>& rules) {
  if (auto begun = exec("BEGIN IMMEDIATE"); !begun) return begun;
  auto fail = [&](QueueStoreError e) -> QueueStoreResult<void> {
    (void)exec("ROLLBACK");
    return tl::unexpected(std::move(e));
  };
  if (auto cleared = exec("DELETE FROM bans"); !cleared) return fail(cleared.error());
  auto insert = prepare(db_.get(), "INSERT OR REPLACE INTO bans(name, base_name, until, reason) VALUES(?, ?, ?, ?)");
  if (!insert) return fail(insert.error());
  for (const auto& rule : rules)
    if (auto row = insert_ban(db_.get(), insert->get(), rule); !row) return fail(row.error());
  return exec("COMMIT");
}

QueueStoreResult<std::vector<BanRule>> QueueStore::load_bans(WallTime now) {
  auto pruned = prepare(db_.get(), "DELETE FROM bans WHERE until IS NOT NULL AND until <= ?");
  if (!pruned) return tl::unexpected(pruned.error());
  sqlite3_bind_int64(pruned->get(), 1, now.time_since_epoch().count());
  if (sqlite3_step(pruned->get()) != SQLITE_DONE) return tl::unexpected(error_of(db_.get(), "prune bans"));
  auto rows = prepare(db_.get(), "SELECT name, base_name, until, reason FROM bans ORDER BY rowid");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<BanRule> rules;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(rows->get())) == SQLITE_ROW) rules.push_back(read_ban(rows->get()));
  if (rc != SQLITE_DONE) return tl::unexpected(error_of(db_.get(), "select bans"));
  return rules;
}

}  // namespace wpn::transfer
