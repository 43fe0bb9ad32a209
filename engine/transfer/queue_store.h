#pragma once
// Keeps the upload queue (QueueState) in SQLite so a restart restores it in
// the same order, and the owner's bans (BanList) with their expiry. A separate
// target (wpn_transfer_store): the transfer logic itself never touches storage. Errors are values; nothing here throws.
//
// Schema (version 1):
//   upload_queue(sequence INTEGER PRIMARY KEY, ip BLOB(4), udp_port INTEGER,
//                name BLOB, file BLOB, enqueued_at INTEGER unix seconds, grp TEXT)
//   upload_queue_meta(key TEXT PRIMARY KEY, value INTEGER): schema_version, next_sequence
//   bans(name BLOB, base_name INTEGER 0/1, until INTEGER unix seconds or NULL = forever,
//        reason TEXT), PRIMARY KEY(name, base_name): the owner's bans (BanList)
// Names are BLOBs: they are bytes in the sender's code page, not UTF-8.

#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "transfer/ban_list.h"
#include "transfer/queue_state.h"

struct sqlite3;

namespace wpn::transfer {

struct QueueStoreError {
  std::string message;
};

template <class T>
using QueueStoreResult = tl::expected<T, QueueStoreError>;

class QueueStore {
 public:
  // path may be ":memory:"; the file is created when missing.
  static QueueStoreResult<QueueStore> open(const std::string& path);

  // Replaces the stored queue with `state`, atomically.
  QueueStoreResult<void> save(const QueueState& state);
  // The stored queue, rows in sequence order; empty when none was saved.
  QueueStoreResult<QueueState> load();
  // Replaces the stored bans with `rules`, atomically.
  QueueStoreResult<void> save_bans(const std::vector<BanRule>& rules);
  // The stored bans still in force at `now`; expired ones are deleted from the file.
  QueueStoreResult<std::vector<BanRule>> load_bans(WallTime now);

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept;
  };
  explicit QueueStore(sqlite3* db) noexcept : db_(db) {}
  QueueStoreResult<void> exec(const char* sql);

  std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace wpn::transfer
