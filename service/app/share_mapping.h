#pragma once
// Share library types -> IPC DTOs and event payloads (the "shares" topic).
//   shares.scan_started   {root, folder}
//   shares.scan_progress  {root, folders_seen, files_seen, files_queued}
//   shares.scan_finished  {root, folder, files_seen, queued, removed, refused, duration_ms, error}
//   shares.hash_progress  {files_done, files_total, bytes_done, bytes_total, bytes_per_s, eta_s, paused}
//   shares.file_added / file_changed / file_removed  {id, name}
//   shares.file_refused   {path, reason}
//   shares.watch          {root, state: active|degraded, reason}
//   shares.roots_changed  {roots: [...]}              (published by the service itself)

#include <string>
#include <utility>

#include "json/json_value.h"
#include "ipc/share_dto.h"
#include "share/name_encoding.h"
#include "share/share_events.h"
#include "share/share_index.h"

namespace wpn::service {

std::pair<std::string, ipc::JsonObject> map_share_event(const share::ShareEvent& event);

ipc::SharedFileDto to_shared_file(const share::FileRecord& record, const share::NameEncoder& encoder);

std::string_view watch_state_name(share::WatchState state) noexcept;

}  // namespace wpn::service
