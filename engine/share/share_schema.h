#pragma once
// Schema of the share index and its forward-only migrations.
//
// The version lives in the one-row table schema_version. Opening runs every
// migration above the stored version, each in its own transaction, in order.
// A database whose version is above the newest one this build knows was
// written by a newer OpenWPN: it is refused (SchemaTooNew) and left untouched.
// Migrations are never edited once released; changes are new entries.

#include <span>
#include <string_view>

#include "share/share_index.h"
#include "share/sqlite_db.h"

namespace wpn::share {

struct Migration {
  int version = 0;       // the version the database has after this step
  std::string_view sql;  // one or more statements
};

// The migrations of this build, in version order.
std::span<const Migration> share_migrations();
inline constexpr int ShareSchemaVersion = 2;

// 0 for a database without the schema_version table.
IndexResult<int> read_schema_version(Database& db);

// Brings db to the last version in migrations; SchemaTooNew if it is already past it.
IndexResult<int> migrate(Database& db, std::span<const Migration> migrations);
inline IndexResult<int> migrate_share_schema(Database& db) { return migrate(db, share_migrations()); }

}  // namespace wpn::share
