// SqliteShareIndex: writing file rows (scan results, hashes, whole records, removals).
#include "share/sqlite_share_index.h"

namespace wpn::share {
namespace {

IndexError invalid(std::string message) { return {IndexErrc::InvalidArgument, std::move(message)}; }

IndexError conflict_or(IndexError error, std::string_view name) {
  if (error.code == IndexErrc::NameConflict) {
    error.message =
        "another file is already announced as \"" + std::string(name) + "\" (names are compared ignoring ASCII case)";
  }
  return error;
}

// What record_scanned needs to know about an existing row.
struct ExistingRow {
  FileId id = 0;
  std::int64_t folder_id = 0;
  std::string announced_name;
  StatIdentity stat;
  bool has_key = false;
  bool has_error = false;
};

}  // namespace

// A new row. One statement, so no savepoint: a refused insert changes nothing, except a
// folder row made for it, which is dropped again.
IndexResult<ScanResult> SqliteShareIndex::insert_scanned(const ScanEntry& entry, const std::string& name,
                                                         Generation generation) {
  auto folder = folder_id(entry.root_id, entry.announced_folder);
  if (!folder) {
    last_folder_.clear();
    return tl::unexpected(folder.error());
  }
  auto q = db_->cached(
      "INSERT INTO files(root_id, folder_id, local_path, announced_name, file_offset, search_text, size, mtime_ns, "
      "inode, device, generation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, entry.root_id);
  (*q)->bind(2, *folder);
  (*q)->bind_text(3, entry.local_path);
  (*q)->bind_text(4, name);
  (*q)->bind(5, static_cast<std::int64_t>(entry.announced_folder.size() + 1));
  (*q)->bind_text(6, search_text(name));
  (*q)->bind(7, entry.stat.size);
  (*q)->bind(8, entry.stat.mtime_ns);
  (*q)->bind(9, entry.stat.inode);
  (*q)->bind(10, entry.stat.device);
  (*q)->bind(11, generation);
  if (auto ran = (*q)->run(); !ran) {
    if (auto dropped = drop_folder_if_empty(*folder); !dropped) return tl::unexpected(dropped.error());
    if (entry.known_new && ran.error().code == IndexErrc::NameConflict) {
      // The path has a row after all (written since the caller looked): the full way.
      ScanEntry looked_up = entry;
      looked_up.known_new = false;
      return record_scanned(looked_up, generation);
    }
    return tl::unexpected(conflict_or(ran.error(), search_text(name)));
  }
  const ScanResult result{db_->last_insert_rowid(), ScanOutcome::Added, true};
  if (auto noted = note_inserted(result.id); !noted) return tl::unexpected(noted.error());
  return result;
}

IndexResult<ScanResult> SqliteShareIndex::record_scanned(const ScanEntry& entry, Generation generation) {
  if (entry.local_path.empty() || entry.announced_folder.empty() || entry.announced_file.empty()) {
    return tl::unexpected(invalid("a scanned file needs a local path, an announced folder and a file name"));
  }
  const std::string name = entry.announced_folder + '\\' + entry.announced_file;
  std::optional<ExistingRow> existing;
  if (!entry.known_new) {
    auto q = db_->cached(
        "SELECT id, folder_id, announced_name, size, mtime_ns, inode, device, key IS NOT NULL, hash_error IS NOT NULL "
        "FROM files WHERE local_path = ?1");
    if (!q) return tl::unexpected(q.error());
    (*q)->bind_text(1, entry.local_path);
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (*row) {
      existing = ExistingRow{(*q)->int64(0),      (*q)->int64(1),
                             (*q)->text(2),       {(*q)->uint64(3), (*q)->int64(4), (*q)->uint64(5), (*q)->uint64(6)},
                             (*q)->int64(7) != 0, (*q)->int64(8) != 0};
    }
  }
  if (!existing) return insert_scanned(entry, name, generation);
  Savepoint savepoint(*db_);
  if (!savepoint.ok()) return tl::unexpected(db_->error("savepoint"));
  auto folder = folder_id(entry.root_id, entry.announced_folder);
  if (!folder) {
    last_folder_.clear();
    return tl::unexpected(folder.error());
  }
  const auto offset = static_cast<std::int64_t>(entry.announced_folder.size() + 1);
  ScanResult result;
  result.id = existing->id;
  if (existing->announced_name != name || existing->folder_id != *folder) {
    // The update trigger replaces the search row, which must exist by now.
    if (auto flushed = flush_search_rows(); !flushed) return tl::unexpected(flushed.error());
    auto q = db_->cached(
        "UPDATE files SET root_id = ?2, folder_id = ?3, announced_name = ?4, file_offset = ?5, search_text = ?6 "
        "WHERE id = ?1");
    if (!q) return tl::unexpected(q.error());
    (*q)->bind(1, existing->id);
    (*q)->bind(2, entry.root_id);
    (*q)->bind(3, *folder);
    (*q)->bind_text(4, name);
    (*q)->bind(5, offset);
    (*q)->bind_text(6, search_text(name));
    if (auto ran = (*q)->run(); !ran) {
      last_folder_.clear();
      return tl::unexpected(conflict_or(ran.error(), search_text(name)));
    }
  }
  if (existing->stat == entry.stat) {
    auto q = db_->cached("UPDATE files SET generation = ?2 WHERE id = ?1");
    if (!q) return tl::unexpected(q.error());
    (*q)->bind(1, existing->id);
    (*q)->bind(2, generation);
    if (auto ran = (*q)->run(); !ran) return tl::unexpected(ran.error());
    result.outcome = ScanOutcome::Unchanged;
    result.needs_hash = !existing->has_key && !existing->has_error;
  } else {
    auto q = db_->cached(
        "UPDATE files SET size = ?2, mtime_ns = ?3, inode = ?4, device = ?5, generation = ?6, key = NULL, "
        "bitrate = 0, frequency = 0, duration = 0, hash_error = NULL WHERE id = ?1");
    if (!q) return tl::unexpected(q.error());
    (*q)->bind(1, existing->id);
    (*q)->bind(2, entry.stat.size);
    (*q)->bind(3, entry.stat.mtime_ns);
    (*q)->bind(4, entry.stat.inode);
    (*q)->bind(5, entry.stat.device);
    (*q)->bind(6, generation);
    if (auto ran = (*q)->run(); !ran) return tl::unexpected(ran.error());
    result.outcome = ScanOutcome::Changed;
    result.needs_hash = true;
  }
  if (existing->folder_id != *folder) {
    if (auto dropped = drop_folder_if_empty(existing->folder_id); !dropped) return tl::unexpected(dropped.error());
  }
  if (auto released = savepoint.release(); !released) return tl::unexpected(released.error());
  return result;
}

IndexResult<bool> SqliteShareIndex::set_hash(FileId id, const StatIdentity& hashed, const protocol::FileKey& key,
                                             const protocol::MediaInfo& media) {
  auto q = db_->cached(
      "UPDATE files SET key = ?6, bitrate = ?7, frequency = ?8, duration = ?9, hash_error = NULL "
      "WHERE id = ?1 AND size = ?2 AND mtime_ns = ?3 AND inode = ?4 AND device = ?5");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, id);
  (*q)->bind(2, hashed.size);
  (*q)->bind(3, hashed.mtime_ns);
  (*q)->bind(4, hashed.inode);
  (*q)->bind(5, hashed.device);
  const protocol::WireKey wire = key.to_wire();
  (*q)->bind_blob(6, wire);
  (*q)->bind(7, std::int64_t{media.bitrate});
  (*q)->bind(8, std::int64_t{media.frequency});
  (*q)->bind(9, std::int64_t{media.duration});
  if (auto ran = (*q)->run(); !ran) return tl::unexpected(ran.error());
  return db_->changes() == 1;
}

IndexResult<bool> SqliteShareIndex::set_hash_failed(FileId id, const StatIdentity& attempted, std::string_view reason) {
  auto q = db_->cached(
      "UPDATE files SET hash_error = ?6, key = NULL WHERE id = ?1 AND size = ?2 AND mtime_ns = ?3 AND inode = ?4 "
      "AND device = ?5");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, id);
  (*q)->bind(2, attempted.size);
  (*q)->bind(3, attempted.mtime_ns);
  (*q)->bind(4, attempted.inode);
  (*q)->bind(5, attempted.device);
  (*q)->bind_text(6, reason.empty() ? std::string_view("hashing failed") : reason);
  if (auto ran = (*q)->run(); !ran) return tl::unexpected(ran.error());
  return db_->changes() == 1;
}

IndexResult<FileId> SqliteShareIndex::put_file(const FileRecord& record) {
  if (record.local_path.empty() || record.announced_folder.empty() || record.announced_file.empty()) {
    return tl::unexpected(invalid("a file record needs a local path, an announced folder and a file name"));
  }
  auto generation = root_generation(record.root_id);
  if (!generation) return tl::unexpected(generation.error());
  std::int64_t old_folder = 0;
  {
    auto q = db_->cached("SELECT folder_id FROM files WHERE local_path = ?1");
    if (!q) return tl::unexpected(q.error());
    (*q)->bind_text(1, record.local_path);
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (*row) old_folder = (*q)->int64(0);
  }
  if (old_folder != 0) {
    if (auto flushed = flush_search_rows(); !flushed) return tl::unexpected(flushed.error());
  }
  Savepoint savepoint(*db_);
  if (!savepoint.ok()) return tl::unexpected(db_->error("savepoint"));
  auto folder = folder_id(record.root_id, record.announced_folder);
  if (!folder) {
    last_folder_.clear();
    return tl::unexpected(folder.error());
  }
  const std::string name = record.announced_name();
  FileId id = 0;
  {
    auto q = db_->cached(
        "INSERT INTO files(root_id, folder_id, local_path, announced_name, file_offset, search_text, size, mtime_ns, "
        "inode, device, key, bitrate, frequency, duration, hash_error, generation) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
        "ON CONFLICT(local_path) DO UPDATE SET root_id = excluded.root_id, folder_id = excluded.folder_id, "
        "announced_name = excluded.announced_name, file_offset = excluded.file_offset, "
        "search_text = excluded.search_text, size = excluded.size, mtime_ns = excluded.mtime_ns, "
        "inode = excluded.inode, device = excluded.device, key = excluded.key, bitrate = excluded.bitrate, "
        "frequency = excluded.frequency, duration = excluded.duration, hash_error = excluded.hash_error, "
        "generation = excluded.generation RETURNING id");
    if (!q) return tl::unexpected(q.error());
    (*q)->bind(1, record.root_id);
    (*q)->bind(2, *folder);
    (*q)->bind_text(3, record.local_path);
    (*q)->bind_text(4, name);
    (*q)->bind(5, static_cast<std::int64_t>(record.announced_folder.size() + 1));
    (*q)->bind_text(6, search_text(name));
    (*q)->bind(7, record.size);
    (*q)->bind(8, record.mtime_ns);
    (*q)->bind(9, record.inode);
    (*q)->bind(10, record.device);
    protocol::WireKey wire{};
    if (record.key) {
      wire = record.key->to_wire();
      (*q)->bind_blob(11, wire);
    }
    (*q)->bind(12, std::int64_t{record.media.bitrate});
    (*q)->bind(13, std::int64_t{record.media.frequency});
    (*q)->bind(14, std::int64_t{record.media.duration});
    if (!record.hash_error.empty()) (*q)->bind_text(15, record.hash_error);
    (*q)->bind(16, *generation);
    auto row = (*q)->step();
    if (!row) {
      last_folder_.clear();
      return tl::unexpected(conflict_or(row.error(), search_text(name)));
    }
    id = (*q)->int64(0);
    if (auto rest = (*q)->step(); !rest) return tl::unexpected(rest.error());
  }
  if (old_folder == 0) {
    if (auto noted = note_inserted(id); !noted) return tl::unexpected(noted.error());
  }
  if (old_folder != 0 && old_folder != *folder) {
    if (auto dropped = drop_folder_if_empty(old_folder); !dropped) return tl::unexpected(dropped.error());
  }
  if (auto released = savepoint.release(); !released) return tl::unexpected(released.error());
  return id;
}

IndexResult<bool> SqliteShareIndex::remove_file(std::string_view local_path) {
  if (auto flushed = flush_search_rows(); !flushed) return tl::unexpected(flushed.error());
  Savepoint savepoint(*db_);
  if (!savepoint.ok()) return tl::unexpected(db_->error("savepoint"));
  std::int64_t folder = 0;
  {
    auto q = db_->cached("DELETE FROM files WHERE local_path = ?1 RETURNING folder_id");
    if (!q) return tl::unexpected(q.error());
    (*q)->bind_text(1, local_path);
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (*row) folder = (*q)->int64(0);
    if (auto rest = (*q)->step(); !rest) return tl::unexpected(rest.error());
  }
  if (folder != 0) {
    if (auto dropped = drop_folder_if_empty(folder); !dropped) return tl::unexpected(dropped.error());
  }
  if (auto released = savepoint.release(); !released) return tl::unexpected(released.error());
  return folder != 0;
}

IndexResult<std::uint64_t> SqliteShareIndex::remove_under(std::string_view local_dir) {
  const auto range = path_range_under(local_dir);
  if (!range) return tl::unexpected(invalid("empty directory"));
  if (auto flushed = flush_search_rows(); !flushed) return tl::unexpected(flushed.error());
  Savepoint savepoint(*db_);
  if (!savepoint.ok()) return tl::unexpected(db_->error("savepoint"));
  auto q = db_->cached("DELETE FROM files WHERE local_path >= ?1 AND local_path < ?2");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind_text(1, range->first);
  (*q)->bind_text(2, range->second);
  if (auto ran = (*q)->run(); !ran) return tl::unexpected(ran.error());
  const auto removed = static_cast<std::uint64_t>(db_->changes());
  if (removed > 0) {
    if (auto swept =
            db_->exec("DELETE FROM folders WHERE NOT EXISTS (SELECT 1 FROM files WHERE folder_id = folders.id)");
        !swept) {
      return tl::unexpected(swept.error());
    }
    last_folder_.clear();
  }
  if (auto released = savepoint.release(); !released) return tl::unexpected(released.error());
  return removed;
}

}  // namespace wpn::share
