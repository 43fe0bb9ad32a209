#pragma once
// Share values -> IPC DTOs and event payloads (the "shares" topic).
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
#include <vector>

#include "ipc/params.h"
#include "ipc/share_dto.h"
#include "json/json_value.h"
#include "session/engine_events.h"

namespace wpn::service {

std::string_view watch_state_name(session::WatchMode mode) noexcept;

ipc::ShareRootDto to_dto(const session::ShareRootStatus& root);
std::vector<ipc::ShareRootDto> to_dto(const std::vector<session::ShareRootStatus>& roots);
ipc::ShareProgressDto to_dto(const session::ShareProgress& progress);
ipc::SharedFileDto to_dto(const session::SharedFile& file);
ipc::FilePageDto to_dto(const session::FilePage& page);
session::FileQuery to_query(const ipc::SharesFilesParams& params);

// The share events' names and payloads; nullopt for events of other domains.
std::optional<std::pair<std::string, ipc::JsonObject>> map_share_event(const session::EngineEvent& event);

}  // namespace wpn::service
