#pragma once
// Results and events of the chat-room methods ("rooms.*") and the "chat" topic. Plain
// values, filled by the service from the engine and read by clients; members as
// PROTOCOL.md ("Chat rooms") lists them. Texts are UTF-8; a line's colours are kept as
// spans next to its plain text.

#include <cstdint>
#include <string>
#include <vector>

#include "ipc/dto_fields.h"
#include "json/json_value.h"

namespace wpn::ipc {

// One room of the hub's list.
struct ListedRoomDto {
  std::string name;  // with the "_IIIIIIIIPPPP" suffix: what rooms.join takes
  std::string base_name;
  std::string host;
  std::uint64_t port = 0;
  std::uint64_t users = 0;
  std::uint64_t limit = 0;
  std::string topic;
  friend bool operator==(const ListedRoomDto&, const ListedRoomDto&) = default;
};

// rooms.list
struct RoomListDto {
  std::vector<ListedRoomDto> rooms;
  friend bool operator==(const RoomListDto&, const RoomListDto&) = default;
};

// A room we are in: rooms.join, rooms.joined.
struct RoomDto {
  std::string key;  // what the join was given
  std::string name;
  std::string address;
  std::string own_name;
  std::string state;  // connecting | joined | reconnecting | closed
  std::string topic;
  std::uint64_t users = 0;
  std::uint64_t reconnects = 0;
  std::string last_end;
  std::string last_text;
  friend bool operator==(const RoomDto&, const RoomDto&) = default;
};

struct RoomsDto {
  std::vector<RoomDto> rooms;
  friend bool operator==(const RoomsDto&, const RoomsDto&) = default;
};

struct RoomUserDto {
  std::string name;
  std::string handle;  // for browse, whois and pm.send
  std::uint64_t line_type = 0;
  std::uint64_t files = 0;
  std::string rank;  // normal | operator | voiced
  friend bool operator==(const RoomUserDto&, const RoomUserDto&) = default;
};

// rooms.users
struct RoomUsersDto {
  std::string room;
  std::vector<RoomUserDto> users;
  friend bool operator==(const RoomUsersDto&, const RoomUsersDto&) = default;
};

struct ColourSpanDto {
  std::string text;
  std::int64_t colour = -1;  // -1: the default colour
  friend bool operator==(const ColourSpanDto&, const ColourSpanDto&) = default;
};

// One line of a room: in rooms.history, and the data of chat.line.
struct RoomLineDto {
  std::string room;
  std::uint64_t seq = 0;
  std::uint64_t at_ms = 0;  // unix milliseconds
  std::string kind;
  std::string name;
  std::string text;
  std::vector<ColourSpanDto> spans;
  friend bool operator==(const RoomLineDto&, const RoomLineDto&) = default;
};

// rooms.history
struct RoomHistoryDto {
  std::string room;
  std::vector<RoomLineDto> lines;
  friend bool operator==(const RoomHistoryDto&, const RoomHistoryDto&) = default;
};

// rooms.host, rooms.hosted
struct HostedRoomDto {
  std::string name;
  std::string listed_name;
  std::uint64_t port = 0;
  std::string topic;
  std::uint64_t users = 0;
  std::uint64_t limit = 0;
  bool running = false;
  std::vector<std::string> members;
  friend bool operator==(const HostedRoomDto&, const HostedRoomDto&) = default;
};

struct HostedRoomsDto {
  std::vector<HostedRoomDto> rooms;
  friend bool operator==(const HostedRoomsDto&, const HostedRoomsDto&) = default;
};

struct RoomBanDto {
  std::string room;
  std::string user;
  std::string name;
  std::string ip;
  std::uint64_t until = 0;  // unix seconds, 0 = until lifted
  std::string by;
  friend bool operator==(const RoomBanDto&, const RoomBanDto&) = default;
};

struct RoomBansDto {
  std::vector<RoomBanDto> bans;
  friend bool operator==(const RoomBansDto&, const RoomBansDto&) = default;
};

// chat.joined, chat.left, chat.rejected, chat.topic: the members that event fills.
struct RoomEventDto {
  std::string room;
  std::string name;
  std::string topic;
  std::uint64_t users = 0;
  std::string reason;
  std::string text;
  bool reconnecting = false;
  friend bool operator==(const RoomEventDto&, const RoomEventDto&) = default;
};

// chat.user_joined, chat.user_parted (name only), chat.user_renamed (with old_name).
struct RoomUserEventDto {
  std::string room;
  std::string old_name;
  std::string name;
  std::string handle;
  std::uint64_t line_type = 0;
  std::uint64_t files = 0;
  std::string rank;
  friend bool operator==(const RoomUserEventDto&, const RoomUserEventDto&) = default;
};

JsonObject to_json(const ListedRoomDto& room);
JsonObject to_json(const RoomListDto& list);
RoomListDto room_list_from_json(const JsonObject& object);
JsonObject to_json(const RoomDto& room);
RoomDto room_from_json(const JsonObject& object);
JsonObject to_json(const RoomsDto& rooms);
RoomsDto rooms_from_json(const JsonObject& object);
JsonObject to_json(const RoomUsersDto& users);
RoomUsersDto room_users_from_json(const JsonObject& object);
JsonObject to_json(const RoomLineDto& line);
RoomLineDto room_line_from_json(const JsonObject& object);
JsonObject to_json(const RoomHistoryDto& history);
RoomHistoryDto room_history_from_json(const JsonObject& object);
JsonObject to_json(const HostedRoomDto& room);
HostedRoomDto hosted_room_from_json(const JsonObject& object);
JsonObject to_json(const HostedRoomsDto& rooms);
HostedRoomsDto hosted_rooms_from_json(const JsonObject& object);
JsonObject to_json(const RoomBansDto& bans);
RoomBansDto room_bans_from_json(const JsonObject& object);
JsonObject to_json(const RoomEventDto& event);
RoomEventDto room_event_from_json(const JsonObject& object);
JsonObject to_json(const RoomUserEventDto& event);
RoomUserEventDto room_user_event_from_json(const JsonObject& object);

// The members each DTO writes, for the PROTOCOL.md check.
std::vector<DtoSchema> room_dto_schemas();

}  // namespace wpn::ipc
