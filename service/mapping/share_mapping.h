#pragma once
// Share values -> IPC DTOs (shared/ipc/share_dto.h) and the "shares.*" events, whose
// payloads are the DTOs of shared/ipc/share_event_dto.h.

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
