#include "ipc/room_params.h"

namespace wpn::ipc {

namespace {

constexpr std::size_t MaxRoomRef = 300;  // a listed name (53) or HOST:PORT with a DNS name
constexpr std::size_t MaxRoomName = 40;  // protocol.md §11.6
constexpr std::size_t MaxTopic = 125;    // ditto
constexpr std::size_t MaxLine = 1020;    // a chat frame's payload (chat.md §4)
constexpr std::size_t MaxUser = 256;
constexpr std::size_t MaxMotdLines = 50;
constexpr std::size_t MaxPassword = 128;
constexpr std::uint64_t MaxLimit = 10000;

tl::unexpected<ErrorInfo> invalid(std::string message) {
  return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, std::move(message)});
}

bool has(const JsonObject& params, const std::string& key) { return !params.isNull() && params->has(key); }

ParamsResult<std::string> text(const JsonObject& params, const std::string& key, std::size_t max, bool required) {
  if (!has(params, key)) {
    if (required) return invalid("\"" + key + "\" is required");
    return std::string();
  }
  auto value = get_string(params, key);
  if (!value || (required && value->empty()) || value->size() > max || value->find('\0') != std::string::npos)
    return invalid("\"" + key + "\" must be a string of " + (required ? "1" : "0") + " to " + std::to_string(max) +
                   " bytes");
  return std::move(*value);
}

ParamsResult<std::uint64_t> number(const JsonObject& params, const std::string& key, std::uint64_t fallback,
                                   std::uint64_t max) {
  if (!has(params, key)) return fallback;
  const auto value = get_uint(params, key);
  if (!value || *value > max) return invalid("\"" + key + "\" must be a whole number up to " + std::to_string(max));
  return *value;
}

ParamsResult<std::vector<std::string>> lines(const JsonObject& params, const std::string& key) {
  if (!has(params, key)) return std::vector<std::string>{};
  auto value = get_string_list(params, key);
  if (!value || value->size() > MaxMotdLines) return invalid("\"" + key + "\" must be a list of up to 50 strings");
  for (const auto& line : *value)
    if (line.size() > MaxLine || line.find('\0') != std::string::npos)
      return invalid("\"" + key + "\": each line has at most 1020 bytes");
  return std::move(*value);
}

#define WPN_TRY(var, expr) \
  auto var = (expr);       \
  if (!var) return tl::unexpected(var.error());

}  // namespace

ParamsResult<RoomsListParams> parse_rooms_list(const JsonObject& params) {
  WPN_TRY(wait, number(params, "wait_ms", DefaultRoomListWaitMs, MaxRoomListWaitMs));
  return RoomsListParams{*wait};
}

ParamsResult<RoomRefParams> parse_room_ref(const JsonObject& params) {
  WPN_TRY(room, text(params, "room", MaxRoomRef, true));
  return RoomRefParams{std::move(*room)};
}

ParamsResult<RoomsSayParams> parse_rooms_say(const JsonObject& params) {
  WPN_TRY(room, text(params, "room", MaxRoomRef, true));
  WPN_TRY(said, text(params, "text", MaxLine, true));
  bool action = false;
  if (has(params, "action")) {
    const auto value = get_bool(params, "action");
    if (!value) return invalid("\"action\" must be true or false");
    action = *value;
  }
  return RoomsSayParams{std::move(*room), std::move(*said), action};
}

ParamsResult<RoomsHistoryParams> parse_rooms_history(const JsonObject& params) {
  WPN_TRY(room, text(params, "room", MaxRoomRef, true));
  WPN_TRY(after, number(params, "after", 0, MaxSafeInteger));
  return RoomsHistoryParams{std::move(*room), *after};
}

ParamsResult<RoomsHostParams> parse_rooms_host(const JsonObject& params) {
  WPN_TRY(name, text(params, "name", MaxRoomName, true));
  WPN_TRY(port, number(params, "port", 0, 65535));
  WPN_TRY(topic, text(params, "topic", MaxTopic, false));
  WPN_TRY(limit, number(params, "limit", 100, MaxLimit));
  WPN_TRY(motd, lines(params, "motd"));
  WPN_TRY(password, text(params, "password", MaxPassword, false));
  if (*limit == 0) return invalid("\"limit\" must be at least 1");
  return RoomsHostParams{std::move(*name), *port, std::move(*topic), *limit, std::move(*motd), std::move(*password)};
}

ParamsResult<RoomUserParams> parse_room_user(const JsonObject& params) {
  WPN_TRY(room, text(params, "room", MaxRoomRef, true));
  WPN_TRY(user, text(params, "user", MaxUser, true));
  WPN_TRY(seconds, number(params, "seconds", 0, MaxSafeInteger / 1000));
  return RoomUserParams{std::move(*room), std::move(*user), *seconds};
}

ParamsResult<RoomsTopicParams> parse_rooms_topic(const JsonObject& params) {
  WPN_TRY(room, text(params, "room", MaxRoomRef, true));
  WPN_TRY(topic, text(params, "topic", MaxTopic, false));
  return RoomsTopicParams{std::move(*room), std::move(*topic)};
}

ParamsResult<RoomsMotdParams> parse_rooms_motd(const JsonObject& params) {
  WPN_TRY(room, text(params, "room", MaxRoomRef, true));
  WPN_TRY(motd, lines(params, "lines"));
  return RoomsMotdParams{std::move(*room), std::move(*motd)};
}

#undef WPN_TRY

JsonObject to_json(const RoomsListParams& params) {
  auto out = make_object();
  out->set("wait_ms", params.wait_ms);
  return out;
}

JsonObject to_json(const RoomRefParams& params) {
  auto out = make_object();
  out->set("room", params.room);
  return out;
}

JsonObject to_json(const RoomsSayParams& params) {
  auto out = make_object();
  out->set("room", params.room);
  out->set("text", params.text);
  out->set("action", params.action);
  return out;
}

JsonObject to_json(const RoomsHistoryParams& params) {
  auto out = make_object();
  out->set("room", params.room);
  out->set("after", params.after);
  return out;
}

JsonObject to_json(const RoomsHostParams& params) {
  auto out = make_object();
  out->set("name", params.name);
  out->set("port", params.port);
  out->set("topic", params.topic);
  out->set("limit", params.limit);
  out->set("motd", to_json_array(params.motd));
  if (!params.password.empty()) out->set("password", params.password);
  return out;
}

JsonObject to_json(const RoomUserParams& params) {
  auto out = make_object();
  out->set("room", params.room);
  out->set("user", params.user);
  if (params.seconds != 0) out->set("seconds", params.seconds);
  return out;
}

JsonObject to_json(const RoomsTopicParams& params) {
  auto out = make_object();
  out->set("room", params.room);
  out->set("topic", params.topic);
  return out;
}

JsonObject to_json(const RoomsMotdParams& params) {
  auto out = make_object();
  out->set("room", params.room);
  out->set("lines", to_json_array(params.lines));
  return out;
}

}  // namespace wpn::ipc
