#pragma once
// Results of the "shares.*" methods. Ids are the share index's own row ids: stable across
// restarts for as long as the root or file stays in the index.

#include <cstdint>
#include <string>
#include <vector>

#include "json/json_value.h"

namespace wpn::ipc {

struct ShareRootDto {
  std::int64_t id = 0;
  std::string path;  // local directory
  std::string name;  // display name: the first segment of the announced names
  bool enabled = true;
  std::uint64_t files = 0;
  std::uint64_t files_hashed = 0;
  std::uint64_t bytes = 0;
  bool scanning = false;
  std::string watch;         // active | degraded | off
  std::string watch_reason;  // why watching degraded
  std::string error;         // why the last scan could not read the root

  friend bool operator==(const ShareRootDto&, const ShareRootDto&) = default;
};

struct ShareProgressDto {
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

  friend bool operator==(const ShareProgressDto&, const ShareProgressDto&) = default;
};

struct SharedFileDto {
  std::int64_t id = 0;
  std::int64_t root_id = 0;
  std::string path;  // local path
  std::string name;  // as announced (UTF-8 for display), '\' separated
  std::uint64_t size = 0;
  std::string key;              // 40 hex digits of the 20-byte key; empty until hashed
  std::uint64_t bitrate = 0;    // kbit/s
  std::uint64_t frequency = 0;  // Hz
  std::uint64_t duration = 0;   // seconds

  friend bool operator==(const SharedFileDto&, const SharedFileDto&) = default;
};

struct FilePageDto {
  std::uint64_t total = 0;  // files matching, across all pages
  std::uint64_t offset = 0;
  std::vector<SharedFileDto> files;
};

JsonObject to_json(const ShareRootDto& root);
ShareRootDto share_root_from_json(const JsonObject& object);
JsonObject to_json(const ShareProgressDto& progress);
ShareProgressDto share_progress_from_json(const JsonObject& object);
JsonObject to_json(const SharedFileDto& file);
SharedFileDto shared_file_from_json(const JsonObject& object);
JsonObject to_json(const FilePageDto& page);
FilePageDto file_page_from_json(const JsonObject& object);

JsonArray to_json(const std::vector<ShareRootDto>& roots);
std::vector<ShareRootDto> share_roots_from_json(const JsonArray& array);

}  // namespace wpn::ipc
