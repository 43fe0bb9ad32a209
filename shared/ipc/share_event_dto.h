#pragma once
// Data of the "shares.*" events. Plain values, filled by the service from the share
// library's events; members as PROTOCOL.md ("Share events") lists them.

#include <cstdint>
#include <string>
#include <vector>

#include "ipc/dto_fields.h"
#include "ipc/share_dto.h"
#include "json/json_value.h"

namespace wpn::ipc {

// "shares.scan_started"
struct ScanStartedDto {
  std::string root;
  std::string folder;  // share-relative; "" = the whole root

  friend bool operator==(const ScanStartedDto&, const ScanStartedDto&) = default;
};

// "shares.scan_progress"
struct ScanProgressDto {
  std::string root;
  std::uint64_t folders_seen = 0;
  std::uint64_t files_seen = 0;
  std::uint64_t files_queued = 0;  // new or changed, sent to hashing

  friend bool operator==(const ScanProgressDto&, const ScanProgressDto&) = default;
};

// "shares.scan_finished"
struct ScanFinishedDto {
  std::string root;
  std::string folder;
  std::uint64_t files_seen = 0;
  std::uint64_t queued = 0;
  std::uint64_t removed = 0;
  std::uint64_t refused = 0;
  std::uint64_t duration_ms = 0;
  std::string error;  // why the root could not be read, or ""

  friend bool operator==(const ScanFinishedDto&, const ScanFinishedDto&) = default;
};

// "shares.hash_progress"
struct HashProgressDto {
  std::uint64_t files_done = 0;
  std::uint64_t files_total = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
  double bytes_per_s = 0;
  std::uint64_t eta_s = 0;  // 0 when idle or not yet known
  bool paused = false;

  friend bool operator==(const HashProgressDto&, const HashProgressDto&) = default;
};

// "shares.file_added", "shares.file_changed"
struct ShareFileEventDto {
  std::int64_t id = 0;
  std::string name;  // announced, UTF-8, '\' separated
  std::int64_t root_id = 0;
  std::string key;  // 40 hex digits

  friend bool operator==(const ShareFileEventDto&, const ShareFileEventDto&) = default;
};

// "shares.file_removed"
struct FileRemovedDto {
  std::int64_t id = 0;
  std::string name;

  friend bool operator==(const FileRemovedDto&, const FileRemovedDto&) = default;
};

// "shares.file_refused"
struct FileRefusedDto {
  std::string path;  // local path
  std::string reason;

  friend bool operator==(const FileRefusedDto&, const FileRefusedDto&) = default;
};

// "shares.watch"
struct WatchEventDto {
  std::string root;
  std::string state;  // active | degraded
  std::string reason;

  friend bool operator==(const WatchEventDto&, const WatchEventDto&) = default;
};

// "shares.roots_changed"
struct RootsChangedDto {
  std::vector<ShareRootDto> roots;

  friend bool operator==(const RootsChangedDto&, const RootsChangedDto&) = default;
};

JsonObject to_json(const ScanStartedDto& event);
ScanStartedDto scan_started_from_json(const JsonObject& object);
JsonObject to_json(const ScanProgressDto& event);
ScanProgressDto scan_progress_from_json(const JsonObject& object);
JsonObject to_json(const ScanFinishedDto& event);
ScanFinishedDto scan_finished_from_json(const JsonObject& object);
JsonObject to_json(const HashProgressDto& event);
HashProgressDto hash_progress_from_json(const JsonObject& object);
JsonObject to_json(const ShareFileEventDto& event);
ShareFileEventDto share_file_event_from_json(const JsonObject& object);
JsonObject to_json(const FileRemovedDto& event);
FileRemovedDto file_removed_from_json(const JsonObject& object);
JsonObject to_json(const FileRefusedDto& event);
FileRefusedDto file_refused_from_json(const JsonObject& object);
JsonObject to_json(const WatchEventDto& event);
WatchEventDto watch_event_from_json(const JsonObject& object);
JsonObject to_json(const RootsChangedDto& event);
RootsChangedDto roots_changed_from_json(const JsonObject& object);

// Every DTO above with the members it writes.
std::vector<DtoSchema> share_event_dto_schemas();

}  // namespace wpn::ipc
