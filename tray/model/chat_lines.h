#pragma once
// The chat window's texts without the window: room lines from the service as the tab model
// keeps them, how each kind of line reads, the room list's filter and names, the users'
// line types, why a room ended, and whether a room is one this node hosts.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/room_dto.h"
#include "model/chat_tabs.h"
#include "model/chat_text.h"

namespace wpn::tray {

// A service line (rooms.history, chat.line) as a tab line: its spans back in wire form, so
// one parser draws both. `own_name`: our name in that room, to mark our own lines.
ChatLine chat_line_of(const ipc::RoomLineDto& line, const std::string& own_name);
// What the pane shows for a line: "<name> text", "* name text" for an action, "-- text" for
// the room's own lines (joins, parts, topic, server text), colours kept.
std::vector<ColouredSpan> line_spans(const ChatLine& line);

// "Lobby_0500007FB8CF" -> "Lobby"; a name without the 12-hex-digit suffix stays as it is.
std::string room_base_name(std::string_view listed);
// Rooms whose base name or topic holds every word of `filter` (any case), in list order.
std::vector<ipc::ListedRoomDto> filter_rooms(const std::vector<ipc::ListedRoomDto>& rooms, std::string_view filter);
// "DSL", "Cable", "T1"... for a user's line type; "Unknown" for 0 and values WinMX never sent.
std::string line_type_text(std::uint64_t line_type);
// The room's state for its tab's topic line: "" while joined, else e.g. "Kicked by the host".
std::string room_state_text(const ipc::RoomDto& room);
// What a room's tab is called: the base name of its listed name; joined by HOST:PORT (the
// service then names it "Room_..."), the name it has in the room list or among the rooms we
// host, else the address.
std::string room_title(const ipc::RoomDto& room, const std::vector<ipc::ListedRoomDto>& listed,
                       const ipc::HostedRoomsDto& hosted);
// Whether `room` (one we are in) is a room this node hosts.
bool hosted_here(const ipc::HostedRoomsDto& hosted, const ipc::RoomDto& room);
// The hosted room's name for rooms.host.kick / rooms.host.ban, or "" when not ours.
std::string hosted_name(const ipc::HostedRoomsDto& hosted, const ipc::RoomDto& room);

}  // namespace wpn::tray
