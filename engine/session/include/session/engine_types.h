#pragma once
// The engine's public value types: what the facade's calls answer and what its status
// snapshot holds. Self-contained on purpose (no protocol, share or transfer headers), so
// the service sees only these. Keys are 40 hex digits, peer handles their "WinMX ..."
// text, announced paths their raw code-page bytes next to a UTF-8 name for display.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <tl/expected.hpp>

#include "session/engine_settings.h"

namespace wpn::session {

enum class EngineErrc { InvalidParams, NotFound, AlreadyExists, Conflict, NotAvailable, Internal };

struct EngineError {
  EngineErrc code = EngineErrc::Internal;
  std::string message;
};

template <class T>
using EngineResult = tl::expected<T, EngineError>;
// Completions run on an engine thread: they must not block.
template <class T>
using Completion = std::function<void(EngineResult<T>)>;

// ---- transfers
using TransferId = std::uint64_t;
enum class Direction { Upload, Download };
enum class TransferList { Uploads, Downloads, Queue };
enum class TransferCommand { Cancel, Retry, Remove, RemoveQueued, ClearFinished };

// The closed transfer vocabulary (mirrors engine/transfer/transfer_state.h; the IPC
// boundary maps each value to a PROTOCOL.md token). Append only; the All* lists hold every value.
enum class TransferPhase { Queued, Connecting, Transferring, Verifying, Finished, Failed };
inline constexpr std::array AllTransferPhases{TransferPhase::Queued,       TransferPhase::Connecting,
                                              TransferPhase::Transferring, TransferPhase::Verifying,
                                              TransferPhase::Finished,     TransferPhase::Failed};
enum class WaitReason { None, NoFreeSlot, PerUserLimit, Banned, Bandwidth, RemoteQueue, RetryWait, NoSource };
inline constexpr std::array AllWaitReasons{WaitReason::None,      WaitReason::NoFreeSlot, WaitReason::PerUserLimit,
                                           WaitReason::Banned,    WaitReason::Bandwidth,  WaitReason::RemoteQueue,
                                           WaitReason::RetryWait, WaitReason::NoSource};
enum class FailReason {
  None,
  NotShared,
  FileChanged,
  SourceGone,
  NameNotRequestable,
  ContentMismatch,
  LocalError,
  Banned,
  QueueFull,
  UserQueueFull,
  Busy,
};
inline constexpr std::array AllFailReasons{FailReason::None,
                                           FailReason::NotShared,
                                           FailReason::FileChanged,
                                           FailReason::SourceGone,
                                           FailReason::NameNotRequestable,
                                           FailReason::ContentMismatch,
                                           FailReason::LocalError,
                                           FailReason::Banned,
                                           FailReason::QueueFull,
                                           FailReason::UserQueueFull,
                                           FailReason::Busy};
// Why a transfer left its list.
enum class RemovalReason {
  Completed,
  Cancelled,
  Withdrawn,
  Banned,
  SlotUnused,
  NotShared,
  InvalidRequest,
  Timeout,
  PeerClosed,
  ConnectFailed,
  FileError,
  Refused,
};
inline constexpr std::array AllRemovalReasons{
    RemovalReason::Completed,  RemovalReason::Cancelled,     RemovalReason::Withdrawn,      RemovalReason::Banned,
    RemovalReason::SlotUnused, RemovalReason::NotShared,     RemovalReason::InvalidRequest, RemovalReason::Timeout,
    RemovalReason::PeerClosed, RemovalReason::ConnectFailed, RemovalReason::FileError,      RemovalReason::Refused};

struct TransferRow {
  TransferId id = 0;
  Direction direction = Direction::Upload;
  TransferPhase phase = TransferPhase::Queued;
  std::string peer;
  std::string file;
  std::string key;
  std::uint64_t size = 0;
  std::uint64_t done = 0;
  std::uint64_t rate = 0;  // bytes per second
  std::uint32_t position = 0;
  WaitReason wait = WaitReason::None;
  FailReason fail = FailReason::None;
  std::string error;  // the failure in the words of whoever failed, or ""
  std::string local_path;
  friend bool operator==(const TransferRow&, const TransferRow&) = default;
};

// The owner's bans (kept across restarts); the configured "banned" names are not listed.
enum class BanMatch { FullName, BaseName };
struct BanEntry {
  std::string name;
  BanMatch match = BanMatch::FullName;
  std::uint64_t until = 0;  // unix seconds, 0 = forever
  std::string reason;
  friend bool operator==(const BanEntry&, const BanEntry&) = default;
};

struct TransferPage {
  TransferList list = TransferList::Uploads;
  std::uint64_t revision = 0;
  std::uint64_t total = 0;
  std::uint64_t offset = 0;
  std::vector<TransferRow> rows;
};

struct TransferLists {
  TransferPage uploads;
  TransferPage downloads;
  TransferPage queue;
};

struct TransferTotals {
  std::uint64_t uploads_active = 0;
  std::uint64_t downloads_active = 0;
  std::uint64_t queue_length = 0;
  std::uint64_t upload_slots = 0;
  std::uint64_t upload_bps = 0;
  std::uint64_t download_bps = 0;
  bool alternate = false;
  std::uint64_t alternate_until = 0;   // unix seconds, 0 = until turned off
  std::optional<std::string> problem;  // the data port could not be opened, ...
  friend bool operator==(const TransferTotals&, const TransferTotals&) = default;
};

// One source of a download, as a search result names it.
struct DownloadRequest {
  std::string key;     // 40 hex digits
  std::string user;    // the holder's full name
  std::string handle;  // "WinMX 0100007f1871"
  std::string file;    // the announced path, raw bytes
  std::string name;    // local file name; empty = the announced one
};

// ---- shares
enum class WatchMode { Active, Degraded, Off };

struct ShareRootStatus {
  std::int64_t id = 0;
  std::string path;
  std::string name;
  bool enabled = true;
  bool scanning = false;
  WatchMode watch = WatchMode::Active;
  std::string watch_reason;
  std::string error;
  std::uint64_t files = 0;
  std::uint64_t files_hashed = 0;
  std::uint64_t bytes = 0;
  friend bool operator==(const ShareRootStatus&, const ShareRootStatus&) = default;
};

struct ShareProgress {
  bool scanning = false;
  std::uint64_t folders_seen = 0;
  std::uint64_t files_seen = 0;
  std::uint64_t files_queued = 0;
  bool hashing = false;
  std::uint64_t hash_files_done = 0;
  std::uint64_t hash_files_total = 0;
  std::uint64_t hash_bytes_done = 0;
  std::uint64_t hash_bytes_total = 0;
  double hash_bytes_per_s = 0;
  std::uint64_t hash_eta_s = 0;
  bool hash_paused = false;
  friend bool operator==(const ShareProgress&, const ShareProgress&) = default;
};

struct ShareCounts {
  std::uint64_t roots = 0;
  std::uint64_t files_total = 0;
  std::uint64_t files_shared = 0;
  std::uint64_t files_hashed = 0;
  std::uint64_t bytes_shared = 0;
  std::uint64_t bytes_to_hash = 0;
  bool hashing = false;
  friend bool operator==(const ShareCounts&, const ShareCounts&) = default;
};

struct MediaInfo {
  std::uint32_t bitrate = 0;
  std::uint32_t frequency = 0;
  std::uint32_t duration = 0;
  friend bool operator==(const MediaInfo&, const MediaInfo&) = default;
};

struct SharedFile {
  std::int64_t id = 0;
  std::int64_t root_id = 0;
  std::string path;  // local
  std::string name;  // announced, UTF-8
  std::uint64_t size = 0;
  std::string key;  // empty until hashed
  MediaInfo media;
};

struct FileQuery {
  std::optional<std::string> root;  // a root's path, or none for every root
  std::optional<std::int64_t> root_id;
  std::int64_t after = 0;  // file id cursor
  std::uint64_t offset = 0;
  std::uint64_t limit = 100;
};

struct FilePage {
  std::uint64_t total = 0;
  std::uint64_t offset = 0;
  std::vector<SharedFile> files;
};

// ---- network
enum class HostType { Cache, Hub };

struct HostEntry {
  std::string type;  // as the WSX list names it
  std::string address;
  std::uint16_t port = 0;
};

struct HostList {
  std::vector<HostEntry> hosts;
  std::string file;         // the saved list
  std::uint64_t added = 0;  // by the call that answered it
};

struct NetworkStatus {
  Role role = Role::Secondary;
  bool node = false;  // a node exists (connected by the owner's switch)
  bool running = false;
  bool logged_in = false;
  std::string full_name;
  std::string parent;  // HOST:PORT of the hub, empty when none
  std::uint16_t port = 0;
  std::uint64_t users = 0;
  std::uint64_t shared_files = 0;
  std::uint64_t hosts = 0;
  // Undecodable frames skipped: a secondary's in its current hub session, a hub's since it started.
  std::uint64_t skipped_frames = 0;
  std::uint64_t hubs_known = 0;  // a cache's live hubs
  bool connected() const noexcept { return role == Role::Secondary ? logged_in : running; }
  friend bool operator==(const NetworkStatus&, const NetworkStatus&) = default;
};

// A file as a peer announced it (search hit, browse entry).
struct RemoteFile {
  std::string path;  // raw announced bytes
  std::string name;  // UTF-8 for display
  std::string key;
  std::uint64_t size = 0;
  MediaInfo media;
};

struct SearchHit {
  RemoteFile file;
  std::string user;
  std::string handle;
  std::string queue_status;
};

struct SearchResults {
  std::uint32_t id = 0;
  std::vector<SearchHit> hits;
};

struct BrowseAnswer {
  bool done = false;
  bool complete = false;
  std::vector<RemoteFile> files;
};

struct WhoisAnswer {
  bool done = false;
  bool found = false;
  std::string user;
  std::uint64_t shared_files = 0;
  std::uint64_t online_time = 0;
  std::string queue_status;
};

// Browse and whois answers, read by the id their request returned.
struct PeerAnswer {
  std::uint32_t id = 0;
  std::variant<BrowseAnswer, WhoisAnswer> answer;
};

// ---- the snapshot the engine publishes on every change and every second
// The clocks that tell a suspend: CLOCK_BOOTTIME runs on while the machine sleeps,
// CLOCK_MONOTONIC does not. Empty members read the system's; tests inject a jump.
struct SuspendClock {
  std::function<std::chrono::nanoseconds()> boottime;
  std::function<std::chrono::nanoseconds()> monotonic;
  // Where logind's PrepareForSleep comes from: empty = the system bus, "off" = not listened
  // for; tests give a private bus's address.
  std::string logind_bus;
};

struct EngineStatus {
  std::uint64_t revision = 0;
  bool sharing_paused = false;
  // Woke from a suspend: the parent is being reconnected and transfers re-checked; failures
  // meanwhile are retried, not reported.
  bool resuming = false;
  ShareCounts shares;
  std::vector<ShareRootStatus> roots;  // by path
  ShareProgress share_progress;
  TransferTotals transfers;
  NetworkStatus network;
};

}  // namespace wpn::session
