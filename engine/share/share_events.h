#pragma once
// What the share library tells the service and the tray. Plain structs, each with a stable
// numeric id that mappings and logs may persist; never renumber, only append.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <variant>

#include "protocol/file_key.h"

namespace wpn::share {

using FileId = std::int64_t;
using RootId = std::int64_t;

// `root` is always the configured local path of the share root.
struct ScanStarted {
  static constexpr std::uint16_t Id = 1;
  std::string root;
  std::string folder;  // share-relative folder; empty = the whole root
};

struct ScanProgress {
  static constexpr std::uint16_t Id = 2;
  std::string root;
  std::uint64_t folders_seen = 0;
  std::uint64_t files_seen = 0;
  std::uint64_t files_queued = 0;  // new or changed, sent to hashing
};

struct ScanFinished {
  static constexpr std::uint16_t Id = 3;
  std::string root;
  std::string folder;
  std::uint64_t files_seen = 0;
  std::uint64_t queued = 0;   // new or changed files; FileAdded/FileChanged follow once hashed
  std::uint64_t removed = 0;  // gone from disk, dropped from the index
  std::uint64_t refused = 0;
  std::chrono::milliseconds duration{0};
  std::string error;  // non-empty when the root could not be read at all
};

struct HashProgress {
  static constexpr std::uint16_t Id = 4;
  std::uint64_t files_done = 0;
  std::uint64_t files_total = 0;
  std::uint64_t bytes_done = 0;  // file sizes of finished files (what the owner waits for)
  std::uint64_t bytes_total = 0;
  std::uint64_t bytes_read = 0;  // actually read: the hash samples only ~12 blocks per file
  double bytes_per_s = 0;
  std::chrono::seconds eta{0};  // 0 when idle or not yet known
  bool paused = false;
};

struct FileAdded {
  static constexpr std::uint16_t Id = 5;
  FileId id = 0;
  std::string name;  // share-relative name as announced, '\' separated, UTF-8 for display
  RootId root_id = 0;
  protocol::FileKey key;  // the key it is announced with
};

struct FileChanged {
  static constexpr std::uint16_t Id = 6;
  FileId id = 0;
  std::string name;
  RootId root_id = 0;
  protocol::FileKey key;  // the new key
};

struct FileRemoved {
  static constexpr std::uint16_t Id = 7;
  FileId id = 0;
  std::string name;
};

struct FileRefused {
  static constexpr std::uint16_t Id = 8;
  std::string path;    // local path; shown to the owner only, never sent to peers
  std::string reason;  // "larger than the share limit ...", "Permission denied", ...
};

enum class WatchState { Active, Degraded };

struct WatcherState {
  static constexpr std::uint16_t Id = 9;
  std::string root;
  WatchState state = WatchState::Active;
  std::string reason;  // why watching degraded and what happens instead
};

using ShareEvent = std::variant<ScanStarted, ScanProgress, ScanFinished, HashProgress, FileAdded, FileChanged,
                                FileRemoved, FileRefused, WatcherState>;

inline std::uint16_t event_id(const ShareEvent& event) noexcept {
  return std::visit([](const auto& e) { return std::remove_cvref_t<decltype(e)>::Id; }, event);
}

// Called from the library's worker threads; must be quick and must not call back into the
// library (post to your own thread instead).
using ShareEventSink = std::function<void(const ShareEvent&)>;

}  // namespace wpn::share
