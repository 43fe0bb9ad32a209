#pragma once
// Result of "status" and data of the "status.changed" event.

#include <cstdint>
#include <string>

#include "json/json_value.h"

namespace wpn::ipc {

struct StatusDto {
  std::string version;
  std::string role;      // secondary | primary | cache
  std::string name;      // the user name base announced on the network
  std::string instance;  // changes at every start of the service
  std::uint64_t pid = 0;
  std::uint64_t uptime_s = 0;
  bool connected = false;          // to the WPN network
  std::uint64_t shares = 0;        // share roots
  std::uint64_t files_shared = 0;  // announced: hashed files in enabled roots
  std::uint64_t files_hashed = 0;
  std::uint64_t files_total = 0;  // known to the index, hashed or not
  std::uint64_t bytes_shared = 0;
  std::uint64_t bytes_to_hash = 0;
  bool hashing = false;
  std::uint64_t uploads_active = 0;
  std::uint64_t upload_slots = 0;
  std::uint64_t queue_length = 0;
  std::uint64_t downloads_active = 0;

  friend bool operator==(const StatusDto&, const StatusDto&) = default;
};

JsonObject to_json(const StatusDto& status);
StatusDto status_from_json(const JsonObject& object);

}  // namespace wpn::ipc
