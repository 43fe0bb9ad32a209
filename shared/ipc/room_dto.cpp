#include "ipc/room_dto.h"

namespace wpn::ipc {

namespace {

// Bounds on what a reader accepts from a hostile peer; honest replies stay far below.
constexpr std::size_t MaxRoomsRead = 10000;
constexpr std::size_t MaxUsersRead = 20000;
constexpr std::size_t MaxLinesRead = 5000;
constexpr std::size_t MaxSpansRead = 1000;

constexpr std::string_view RoomsKey = "rooms";
constexpr std::string_view UsersKey = "users";
constexpr std::string_view LinesKey = "lines";
constexpr std::string_view SpansKey = "spans";
constexpr std::string_view MembersKey = "members";
constexpr std::string_view BansKey = "bans";
constexpr std::string_view RoomKey = "room";

constexpr auto ListedFields = std::to_array<DtoField<ListedRoomDto>>({
    {"name", &ListedRoomDto::name},
    {"base_name", &ListedRoomDto::base_name},
    {"host", &ListedRoomDto::host},
    {"port", &ListedRoomDto::port},
    {"users", &ListedRoomDto::users},
    {"limit", &ListedRoomDto::limit},
    {"topic", &ListedRoomDto::topic},
});

constexpr auto RoomFields = std::to_array<DtoField<RoomDto>>({
    {"key", &RoomDto::key},
    {"name", &RoomDto::name},
    {"address", &RoomDto::address},
    {"own_name", &RoomDto::own_name},
    {"state", &RoomDto::state},
    {"topic", &RoomDto::topic},
    {"users", &RoomDto::users},
    {"reconnects", &RoomDto::reconnects},
    {"last_end", &RoomDto::last_end},
    {"last_text", &RoomDto::last_text},
});

constexpr auto UserFields = std::to_array<DtoField<RoomUserDto>>({
    {"name", &RoomUserDto::name},
    {"handle", &RoomUserDto::handle},
    {"line_type", &RoomUserDto::line_type},
    {"files", &RoomUserDto::files},
    {"rank", &RoomUserDto::rank},
});

constexpr auto SpanFields = std::to_array<DtoField<ColourSpanDto>>({
    {"text", &ColourSpanDto::text},
    {"colour", &ColourSpanDto::colour},
});

constexpr auto LineFields = std::to_array<DtoField<RoomLineDto>>({
    {"room", &RoomLineDto::room},
    {"seq", &RoomLineDto::seq},
    {"at_ms", &RoomLineDto::at_ms},
    {"kind", &RoomLineDto::kind},
    {"name", &RoomLineDto::name},
    {"text", &RoomLineDto::text},
});

constexpr auto HostedFields = std::to_array<DtoField<HostedRoomDto>>({
    {"name", &HostedRoomDto::name},
    {"listed_name", &HostedRoomDto::listed_name},
    {"port", &HostedRoomDto::port},
    {"topic", &HostedRoomDto::topic},
    {"users", &HostedRoomDto::users},
    {"limit", &HostedRoomDto::limit},
    {"running", &HostedRoomDto::running},
});

constexpr auto BanFields = std::to_array<DtoField<RoomBanDto>>({
    {"room", &RoomBanDto::room},
    {"user", &RoomBanDto::user},
    {"name", &RoomBanDto::name},
    {"ip", &RoomBanDto::ip},
    {"until", &RoomBanDto::until},
    {"by", &RoomBanDto::by},
});

constexpr auto EventFields = std::to_array<DtoField<RoomEventDto>>({
    {"room", &RoomEventDto::room},
    {"name", &RoomEventDto::name},
    {"topic", &RoomEventDto::topic},
    {"users", &RoomEventDto::users},
    {"reason", &RoomEventDto::reason},
    {"text", &RoomEventDto::text},
    {"reconnecting", &RoomEventDto::reconnecting},
});

constexpr auto UserEventFields = std::to_array<DtoField<RoomUserEventDto>>({
    {"room", &RoomUserEventDto::room},
    {"old_name", &RoomUserEventDto::old_name},
    {"name", &RoomUserEventDto::name},
    {"handle", &RoomUserEventDto::handle},
    {"line_type", &RoomUserEventDto::line_type},
    {"files", &RoomUserEventDto::files},
    {"rank", &RoomUserEventDto::rank},
});

template <class T, std::size_t N>
std::vector<std::string_view> keys_with(const std::array<DtoField<T>, N>& fields,
                                        std::initializer_list<std::string_view> more) {
  auto keys = field_keys(fields);
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

template <class T, class Convert>
JsonArray rows(const std::vector<T>& values, Convert convert) {
  auto array = make_array();
  for (const auto& value : values) array->add(convert(value));
  return array;
}

template <class T, class Read>
std::vector<T> read_rows(const JsonArray& array, std::size_t max, Read read) {
  std::vector<T> out;
  if (array.isNull()) return out;
  for (std::size_t i = 0; i < array->size() && out.size() < max; ++i) {
    const auto object = as_object(array->get(static_cast<unsigned>(i)));
    if (!object.isNull()) out.push_back(read(object));
  }
  return out;
}

}  // namespace

JsonObject to_json(const ListedRoomDto& room) { return fields_to_json(room, ListedFields); }

JsonObject to_json(const RoomListDto& list) {
  auto out = make_object();
  out->set(std::string(RoomsKey), dto_rows_to_json(list.rooms, ListedFields));
  return out;
}

RoomListDto room_list_from_json(const JsonObject& object) {
  return {read_rows<ListedRoomDto>(get_array(object, std::string(RoomsKey)), MaxRoomsRead,
                                   [](const JsonObject& o) { return read_dto_fields(o, ListedFields); })};
}

JsonObject to_json(const RoomDto& room) { return fields_to_json(room, RoomFields); }
RoomDto room_from_json(const JsonObject& object) { return read_dto_fields(object, RoomFields); }

JsonObject to_json(const RoomsDto& rooms) {
  auto out = make_object();
  out->set(std::string(RoomsKey), dto_rows_to_json(rooms.rooms, RoomFields));
  return out;
}

RoomsDto rooms_from_json(const JsonObject& object) {
  return {read_rows<RoomDto>(get_array(object, std::string(RoomsKey)), MaxRoomsRead, room_from_json)};
}

JsonObject to_json(const RoomUsersDto& users) {
  auto out = make_object();
  out->set(std::string(RoomKey), users.room);
  out->set(std::string(UsersKey), dto_rows_to_json(users.users, UserFields));
  return out;
}

RoomUsersDto room_users_from_json(const JsonObject& object) {
  return {get_string(object, std::string(RoomKey)).value_or(""),
          read_rows<RoomUserDto>(get_array(object, std::string(UsersKey)), MaxUsersRead,
                                 [](const JsonObject& o) { return read_dto_fields(o, UserFields); })};
}

JsonObject to_json(const RoomLineDto& line) {
  auto out = fields_to_json(line, LineFields);
  out->set(std::string(SpansKey), dto_rows_to_json(line.spans, SpanFields));
  return out;
}

RoomLineDto room_line_from_json(const JsonObject& object) {
  auto line = read_dto_fields(object, LineFields);
  line.spans = read_rows<ColourSpanDto>(get_array(object, std::string(SpansKey)), MaxSpansRead,
                                        [](const JsonObject& o) { return read_dto_fields(o, SpanFields); });
  return line;
}

JsonObject to_json(const RoomHistoryDto& history) {
  auto out = make_object();
  out->set(std::string(RoomKey), history.room);
  out->set(std::string(LinesKey), rows(history.lines, [](const RoomLineDto& l) { return to_json(l); }));
  return out;
}

RoomHistoryDto room_history_from_json(const JsonObject& object) {
  return {get_string(object, std::string(RoomKey)).value_or(""),
          read_rows<RoomLineDto>(get_array(object, std::string(LinesKey)), MaxLinesRead, room_line_from_json)};
}

JsonObject to_json(const HostedRoomDto& room) {
  auto out = fields_to_json(room, HostedFields);
  out->set(std::string(MembersKey), to_json_array(room.members));
  return out;
}

HostedRoomDto hosted_room_from_json(const JsonObject& object) {
  auto room = read_dto_fields(object, HostedFields);
  room.members = get_string_list(object, std::string(MembersKey)).value_or(std::vector<std::string>{});
  if (room.members.size() > MaxUsersRead) room.members.resize(MaxUsersRead);
  return room;
}

JsonObject to_json(const HostedRoomsDto& rooms) {
  auto out = make_object();
  out->set(std::string(RoomsKey), rows(rooms.rooms, [](const HostedRoomDto& r) { return to_json(r); }));
  return out;
}

HostedRoomsDto hosted_rooms_from_json(const JsonObject& object) {
  return {read_rows<HostedRoomDto>(get_array(object, std::string(RoomsKey)), MaxRoomsRead, hosted_room_from_json)};
}

JsonObject to_json(const RoomBansDto& bans) {
  auto out = make_object();
  out->set(std::string(BansKey), dto_rows_to_json(bans.bans, BanFields));
  return out;
}

RoomBansDto room_bans_from_json(const JsonObject& object) {
  return {read_rows<RoomBanDto>(get_array(object, std::string(BansKey)), MaxUsersRead,
                                [](const JsonObject& o) { return read_dto_fields(o, BanFields); })};
}

JsonObject to_json(const RoomEventDto& event) { return fields_to_json(event, EventFields); }
RoomEventDto room_event_from_json(const JsonObject& object) { return read_dto_fields(object, EventFields); }
JsonObject to_json(const RoomUserEventDto& event) { return fields_to_json(event, UserEventFields); }
RoomUserEventDto room_user_event_from_json(const JsonObject& object) {
  return read_dto_fields(object, UserEventFields);
}

std::vector<DtoSchema> room_dto_schemas() {
  return {
      {"ListedRoomDto", field_keys(ListedFields)},
      {"RoomListDto", {RoomsKey}},
      {"RoomDto", field_keys(RoomFields)},
      {"RoomsDto", {RoomsKey}},
      {"RoomUserDto", field_keys(UserFields)},
      {"RoomUsersDto", {RoomKey, UsersKey}},
      {"ColourSpanDto", field_keys(SpanFields)},
      {"RoomLineDto", keys_with(LineFields, {SpansKey})},
      {"RoomHistoryDto", {RoomKey, LinesKey}},
      {"HostedRoomDto", keys_with(HostedFields, {MembersKey})},
      {"HostedRoomsDto", {RoomsKey}},
      {"RoomBanDto", field_keys(BanFields)},
      {"RoomBansDto", {BansKey}},
      {"RoomEventDto", field_keys(EventFields)},
      {"RoomUserEventDto", field_keys(UserEventFields)},
  };
}

}  // namespace wpn::ipc
