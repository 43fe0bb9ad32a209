#pragma once
// Room values -> the room DTOs (shared/ipc/room_dto.h), and the "chat.*" events' names and
// payloads; hosted-room params -> the engine's settings.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ipc/room_dto.h"
#include "ipc/room_params.h"
#include "json/json_value.h"
#include "session/engine_events.h"
#include "session/engine_rooms.h"
#include "session/engine_settings.h"

namespace wpn::service {

std::string_view room_state_token(session::RoomState state) noexcept;  // connecting | joined | ...
std::string_view room_rank_token(session::RoomRank rank) noexcept;     // normal | operator | voiced

ipc::RoomListDto to_dto(const std::vector<session::ListedRoom>& rooms);
ipc::RoomDto to_dto(const session::RoomInfo& room);
ipc::RoomsDto to_dto(const std::vector<session::RoomInfo>& rooms);
ipc::RoomUserDto to_dto(const session::RoomUser& user);
ipc::RoomLineDto to_dto(const std::string& room, const session::RoomLine& line);
ipc::RoomHistoryDto to_dto(const session::RoomHistory& history);
ipc::HostedRoomDto to_dto(const session::HostedRoomInfo& room);
ipc::HostedRoomsDto to_dto(const std::vector<session::HostedRoomInfo>& rooms);
ipc::RoomBansDto to_dto(const std::vector<session::RoomBanEntry>& bans);

session::HostedRoomSettings to_hosted_settings(const ipc::RoomsHostParams& params);

std::optional<std::pair<std::string, ipc::JsonObject>> map_room_event(const session::EngineEvent& event);

}  // namespace wpn::service
