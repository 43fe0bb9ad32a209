#include "service/mapping/room_mapping.h"

#include "ipc/schema.h"

namespace wpn::service {

namespace s = session;

std::string_view room_state_token(s::RoomState state) noexcept {
  switch (state) {
    case s::RoomState::Connecting:
      return "connecting";
    case s::RoomState::Joined:
      return "joined";
    case s::RoomState::Reconnecting:
      return "reconnecting";
    case s::RoomState::Closed:
      return "closed";
  }
  return "";
}

std::string_view room_rank_token(s::RoomRank rank) noexcept {
  switch (rank) {
    case s::RoomRank::Operator:
      return "operator";
    case s::RoomRank::Voiced:
      return "voiced";
    case s::RoomRank::Normal:
      break;
  }
  return "normal";
}

ipc::RoomListDto to_dto(const std::vector<s::ListedRoom>& rooms) {
  ipc::RoomListDto out;
  for (const auto& room : rooms)
    out.rooms.push_back({room.name, room.base_name, room.host, room.port, room.users, room.limit, room.topic});
  return out;
}

ipc::RoomDto to_dto(const s::RoomInfo& room) {
  return {room.key,
          room.name,
          room.address,
          std::string(room.own_name),
          std::string(room_state_token(room.state)),
          room.topic,
          room.users,
          room.reconnects,
          room.last_end,
          room.last_text};
}

ipc::RoomsDto to_dto(const std::vector<s::RoomInfo>& rooms) {
  ipc::RoomsDto out;
  for (const auto& room : rooms) out.rooms.push_back(to_dto(room));
  return out;
}

ipc::RoomUserDto to_dto(const s::RoomUser& user) {
  return {user.name, user.handle, user.line_type, user.files, std::string(room_rank_token(user.rank))};
}

ipc::RoomLineDto to_dto(const std::string& room, const s::RoomLine& line) {
  ipc::RoomLineDto out{room, line.seq, line.at_unix_ms, line.kind, line.name, line.text, {}};
  for (const auto& span : line.spans)
    out.spans.push_back({span.text, span.colour ? static_cast<std::int64_t>(*span.colour) : -1});
  return out;
}

ipc::RoomHistoryDto to_dto(const s::RoomHistory& history) {
  ipc::RoomHistoryDto out{history.key, {}};
  for (const auto& line : history.lines) out.lines.push_back(to_dto(history.key, line));
  return out;
}

ipc::HostedRoomDto to_dto(const s::HostedRoomInfo& room) {
  return {room.name, room.listed_name, room.port, room.topic, room.users, room.limit, room.running, room.members};
}

ipc::HostedRoomsDto to_dto(const std::vector<s::HostedRoomInfo>& rooms) {
  ipc::HostedRoomsDto out;
  for (const auto& room : rooms) out.rooms.push_back(to_dto(room));
  return out;
}

ipc::RoomBansDto to_dto(const std::vector<s::RoomBanEntry>& bans) {
  ipc::RoomBansDto out;
  for (const auto& ban : bans) out.bans.push_back({ban.room, ban.user, ban.name, ban.ip, ban.until_unix, ban.by});
  return out;
}

s::HostedRoomSettings to_hosted_settings(const ipc::RoomsHostParams& params) {
  s::HostedRoomSettings out;
  out.name = params.name;
  out.topic = params.topic;
  out.motd = params.motd;
  out.limit = static_cast<std::uint32_t>(params.limit);
  out.port = static_cast<std::uint16_t>(params.port);
  out.operator_password = params.password;
  return out;
}

namespace {

ipc::RoomUserEventDto user_event(const std::string& room, const std::string& old_name, const s::RoomUser& user) {
  return {room, old_name, user.name, user.handle, user.line_type, user.files, std::string(room_rank_token(user.rank))};
}

std::pair<std::string, ipc::JsonObject> named(std::string_view name, const ipc::JsonObject& data) {
  return {std::string(name), data};
}

}  // namespace

std::optional<std::pair<std::string, ipc::JsonObject>> map_room_event(const s::EngineEvent& event) {
  namespace e = ipc::event;
  if (const auto* joined = std::get_if<s::RoomJoined>(&event))
    return named(e::ChatJoined,
                 to_json(ipc::RoomEventDto{joined->room, joined->name, joined->topic, joined->users, "", "", false}));
  if (const auto* left = std::get_if<s::RoomLeft>(&event))
    return named(e::ChatLeft,
                 to_json(ipc::RoomEventDto{left->room, "", "", 0, left->reason, left->text, left->reconnecting}));
  if (const auto* rejected = std::get_if<s::RoomRejected>(&event))
    return named(e::ChatRejected,
                 to_json(ipc::RoomEventDto{rejected->room, "", "", 0, "rejected", rejected->text, false}));
  if (const auto* topic = std::get_if<s::RoomTopicChanged>(&event))
    return named(e::ChatTopic, to_json(ipc::RoomEventDto{topic->room, "", topic->topic, 0, "", "", false}));
  if (const auto* user = std::get_if<s::RoomUserJoined>(&event))
    return named(e::ChatUserJoined, to_json(user_event(user->room, "", user->user)));
  if (const auto* parted = std::get_if<s::RoomUserParted>(&event))
    return named(e::ChatUserParted, to_json(ipc::RoomUserEventDto{parted->room, "", parted->name, "", 0, 0, ""}));
  if (const auto* renamed = std::get_if<s::RoomUserRenamed>(&event))
    return named(e::ChatUserRenamed, to_json(user_event(renamed->room, renamed->old_name, renamed->user)));
  if (const auto* line = std::get_if<s::RoomLineAdded>(&event))
    return named(e::ChatLine, to_json(to_dto(line->room, line->line)));
  return std::nullopt;
}

}  // namespace wpn::service
