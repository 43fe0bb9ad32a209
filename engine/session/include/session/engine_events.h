#pragma once
// The engine's one event stream: a variant of plain structs, delivered to the one sink
// given to the Engine, from the engine's threads (the sink must not block).

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "session/engine_rooms.h"
#include "session/engine_types.h"

namespace wpn::session {

// Shares (root = the configured local path).
struct ScanStarted {
  std::string root;
  std::string folder;  // share-relative; empty = the whole root
};
struct ScanProgressed {
  std::string root;
  std::uint64_t folders_seen = 0;
  std::uint64_t files_seen = 0;
  std::uint64_t files_queued = 0;
};
struct ScanFinished {
  std::string root;
  std::string folder;
  std::uint64_t files_seen = 0;
  std::uint64_t queued = 0;
  std::uint64_t removed = 0;
  std::uint64_t refused = 0;
  std::chrono::milliseconds duration{0};
  std::string error;
};
struct HashProgressed {
  std::uint64_t files_done = 0;
  std::uint64_t files_total = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
  double bytes_per_s = 0;
  std::chrono::seconds eta{0};
  bool paused = false;
};
enum class FileChange { Added, Changed, Removed };
struct SharedFileChanged {
  FileChange change = FileChange::Added;
  std::int64_t id = 0;
  std::string name;
  std::int64_t root_id = 0;  // added / changed
  std::string key;           // added / changed
};
struct SharedFileRefused {
  std::string path;
  std::string reason;
};
// The set of shared roots changed (added, removed, or the library was rebuilt).
struct RootsChanged {
  std::vector<ShareRootStatus> roots;
};
struct WatchChanged {
  std::string root;
  WatchMode state = WatchMode::Active;
  std::string reason;
};

// Transfers (progress coalesced to one event a second).
struct TransferAdded {
  TransferRow row;
};
struct TransferUpdated {
  TransferRow row;
};
struct TransferProgressRow {
  TransferId id = 0;
  std::uint64_t done = 0;
  std::uint64_t rate = 0;
};
struct TransfersProgressed {
  std::vector<TransferProgressRow> rows;
};
struct TransferRemoved {
  TransferId id = 0;
  std::optional<Direction> direction;
};
struct QueueChanged {
  std::uint64_t revision = 0;
};
// A request refused (or, for a ban, not answered); no transfer row exists for it.
struct TransferRefused {
  std::string peer;  // the requester's full name
  std::string file;
  FailReason reason = FailReason::None;
};

// Network.
struct LoggedIn {
  std::string full_name;
};
struct PmReceived {
  std::string from;
  std::string handle;
  std::string text;  // UTF-8
};
struct PmDelivered {
  std::string to;
  std::string reply;  // UTF-8
};

// Rooms (room = the key the join was given: a listed name or HOST:PORT).
struct RoomJoined {
  std::string room;
  std::string name;
  std::string topic;
  std::size_t users = 0;
};
// The connection ended; reconnecting says whether another attempt follows.
struct RoomLeft {
  std::string room;
  std::string reason;  // chat::end_reason_name
  std::string text;    // the host's last words
  bool reconnecting = false;
};
struct RoomRejected {
  std::string room;
  std::string text;  // the host's reason, e.g. "Login rejected. Username taken."
};
struct RoomUserJoined {
  std::string room;
  RoomUser user;
};
struct RoomUserParted {
  std::string room;
  std::string name;
};
struct RoomUserRenamed {
  std::string room;
  std::string old_name;
  RoomUser user;
};
struct RoomLineAdded {
  std::string room;
  RoomLine line;
};
struct RoomTopicChanged {
  std::string room;
  std::string topic;
};

using EngineEvent =
    std::variant<ScanStarted, ScanProgressed, ScanFinished, HashProgressed, SharedFileChanged, SharedFileRefused,
                 WatchChanged, RootsChanged, TransferAdded, TransferUpdated, TransfersProgressed, TransferRemoved,
                 QueueChanged, TransferRefused, LoggedIn, PmReceived, PmDelivered, RoomJoined, RoomLeft, RoomRejected,
                 RoomUserJoined, RoomUserParted, RoomUserRenamed, RoomLineAdded, RoomTopicChanged>;

}  // namespace wpn::session
