#pragma once
// Transfers as the IPC shows them: rows of "transfers.view" and the data of the
// "transfers.*" events. Ids are the service's transfer ids, unique per direction and stable
// for as long as the transfer exists.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_value.h"

namespace wpn::ipc {

namespace transfer_list {
inline constexpr std::string_view Uploads = "uploads";
inline constexpr std::string_view Downloads = "downloads";
inline constexpr std::string_view Queue = "queue";  // the upload queue, in position order
}  // namespace transfer_list

struct TransferDto {
  std::uint64_t id = 0;
  std::string direction;  // upload | download
  std::string state;      // queued | connecting | transferring | verifying | finished | failed
  std::string peer;       // the remote user's full name
  std::string file;       // announced name, UTF-8
  std::string key;        // 40 hex digits, or empty when unknown
  std::uint64_t size = 0;
  std::uint64_t done = 0;  // bytes
  std::uint64_t rate_bps = 0;
  std::uint64_t position = 0;  // 1-based queue position, 0 = not queued
  // Tokens as PROTOCOL.md lists them ("" = none); `error` is text for people.
  std::string wait_reason;
  std::string fail_reason;
  std::string error;
  std::uint64_t started = 0;  // unix seconds
  std::string local_path;     // downloads: the finished file on this machine, once complete

  friend bool operator==(const TransferDto&, const TransferDto&) = default;
};

// Result of "transfers.view": one window of one list.
struct TransferPageDto {
  std::string list;  // uploads | downloads | queue
  std::uint64_t total = 0;
  std::uint64_t revision = 0;  // of the queue order; bumped by transfers.queue_changed
  std::uint64_t offset = 0;
  std::vector<TransferDto> rows;

  friend bool operator==(const TransferPageDto&, const TransferPageDto&) = default;
};

// The snapshot for topic "transfers": the first page of each list.
struct TransfersSnapshotDto {
  TransferPageDto uploads;
  TransferPageDto downloads;
  TransferPageDto queue;

  friend bool operator==(const TransfersSnapshotDto&, const TransfersSnapshotDto&) = default;
};

// "transfers.removed"
struct TransferRemovedDto {
  std::uint64_t id = 0;
  std::string direction;
  std::string reason;  // a removal-reason token

  friend bool operator==(const TransferRemovedDto&, const TransferRemovedDto&) = default;
};

// "transfers.progress": coalesced, at most once a second.
struct TransferProgressRow {
  std::uint64_t id = 0;
  std::uint64_t done = 0;
  std::uint64_t rate_bps = 0;

  friend bool operator==(const TransferProgressRow&, const TransferProgressRow&) = default;
};

struct TransferProgressDto {
  std::vector<TransferProgressRow> rows;

  friend bool operator==(const TransferProgressDto&, const TransferProgressDto&) = default;
};

// "transfers.refused": a request was refused (or, for a silent ban, ignored); no row exists.
struct TransferRefusedDto {
  std::string user;  // the requester's full name
  std::string file;
  std::string reason;  // a fail-reason token

  friend bool operator==(const TransferRefusedDto&, const TransferRefusedDto&) = default;
};

// "transfers.queue_changed": positions moved; views of the queue refetch their window.
struct QueueChangedDto {
  std::uint64_t revision = 0;

  friend bool operator==(const QueueChangedDto&, const QueueChangedDto&) = default;
};

JsonObject to_json(const TransferDto& transfer);
TransferDto transfer_from_json(const JsonObject& object);
JsonObject to_json(const TransferPageDto& page);
TransferPageDto transfer_page_from_json(const JsonObject& object);
JsonObject to_json(const TransfersSnapshotDto& snapshot);
TransfersSnapshotDto transfers_snapshot_from_json(const JsonObject& object);
JsonObject to_json(const TransferRemovedDto& removed);
TransferRemovedDto transfer_removed_from_json(const JsonObject& object);
JsonObject to_json(const TransferProgressDto& progress);
TransferProgressDto transfer_progress_from_json(const JsonObject& object);
JsonObject to_json(const TransferRefusedDto& refused);
TransferRefusedDto transfer_refused_from_json(const JsonObject& object);
JsonObject to_json(const QueueChangedDto& changed);
QueueChangedDto queue_changed_from_json(const JsonObject& object);

}  // namespace wpn::ipc
