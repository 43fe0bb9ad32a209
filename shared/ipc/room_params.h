#pragma once
// Method names and params of the chat-room methods ("rooms.*", PROTOCOL.md "Chat rooms").
// Parsing checks shapes and sizes; whether a room or user exists is the service's answer.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/params.h"

namespace wpn::ipc {

namespace rooms_method {
inline constexpr std::string_view List = "rooms.list";
inline constexpr std::string_view Join = "rooms.join";
inline constexpr std::string_view Leave = "rooms.leave";
inline constexpr std::string_view Say = "rooms.say";
inline constexpr std::string_view Joined = "rooms.joined";
inline constexpr std::string_view Users = "rooms.users";
inline constexpr std::string_view History = "rooms.history";
inline constexpr std::string_view Host = "rooms.host";
inline constexpr std::string_view Unhost = "rooms.unhost";
inline constexpr std::string_view Hosted = "rooms.hosted";
inline constexpr std::string_view Kick = "rooms.host.kick";
inline constexpr std::string_view Ban = "rooms.host.ban";
inline constexpr std::string_view Unban = "rooms.host.unban";
inline constexpr std::string_view Bans = "rooms.host.bans";
inline constexpr std::string_view Topic = "rooms.host.topic";
inline constexpr std::string_view Motd = "rooms.host.motd";
}  // namespace rooms_method

inline constexpr std::uint64_t DefaultRoomListWaitMs = 3000;
inline constexpr std::uint64_t MaxRoomListWaitMs = 30000;

// rooms.list
struct RoomsListParams {
  std::uint64_t wait_ms = DefaultRoomListWaitMs;
  friend bool operator==(const RoomsListParams&, const RoomsListParams&) = default;
};
// rooms.join, rooms.leave, rooms.users, rooms.unhost (room = the hosted room's name)
struct RoomRefParams {
  std::string room;
  friend bool operator==(const RoomRefParams&, const RoomRefParams&) = default;
};
// rooms.say
struct RoomsSayParams {
  std::string room;
  std::string text;
  bool action = false;
  friend bool operator==(const RoomsSayParams&, const RoomsSayParams&) = default;
};
// rooms.history
struct RoomsHistoryParams {
  std::string room;
  std::uint64_t after = 0;  // lines with a larger seq
  friend bool operator==(const RoomsHistoryParams&, const RoomsHistoryParams&) = default;
};
// rooms.host
struct RoomsHostParams {
  std::string name;
  std::uint64_t port = 0;
  std::string topic;
  std::uint64_t limit = 100;
  std::vector<std::string> motd;
  std::string password;
  friend bool operator==(const RoomsHostParams&, const RoomsHostParams&) = default;
};
// rooms.host.kick, rooms.host.ban (seconds, 0 = until lifted), rooms.host.unban
struct RoomUserParams {
  std::string room;
  std::string user;
  std::uint64_t seconds = 0;
  friend bool operator==(const RoomUserParams&, const RoomUserParams&) = default;
};
// rooms.host.topic
struct RoomsTopicParams {
  std::string room;
  std::string topic;
  friend bool operator==(const RoomsTopicParams&, const RoomsTopicParams&) = default;
};
// rooms.host.motd
struct RoomsMotdParams {
  std::string room;
  std::vector<std::string> lines;
  friend bool operator==(const RoomsMotdParams&, const RoomsMotdParams&) = default;
};

ParamsResult<RoomsListParams> parse_rooms_list(const JsonObject& params);
ParamsResult<RoomRefParams> parse_room_ref(const JsonObject& params);
ParamsResult<RoomsSayParams> parse_rooms_say(const JsonObject& params);
ParamsResult<RoomsHistoryParams> parse_rooms_history(const JsonObject& params);
ParamsResult<RoomsHostParams> parse_rooms_host(const JsonObject& params);
ParamsResult<RoomUserParams> parse_room_user(const JsonObject& params);
ParamsResult<RoomsTopicParams> parse_rooms_topic(const JsonObject& params);
ParamsResult<RoomsMotdParams> parse_rooms_motd(const JsonObject& params);

JsonObject to_json(const RoomsListParams& params);
JsonObject to_json(const RoomRefParams& params);
JsonObject to_json(const RoomsSayParams& params);
JsonObject to_json(const RoomsHistoryParams& params);
JsonObject to_json(const RoomsHostParams& params);
JsonObject to_json(const RoomUserParams& params);
JsonObject to_json(const RoomsTopicParams& params);
JsonObject to_json(const RoomsMotdParams& params);

}  // namespace wpn::ipc
