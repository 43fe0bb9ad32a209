// The room DTO readers (rooms.* replies, chat.* event data) and the rooms.* params parsers
// on hostile JSON. The input is the text of one JSON object.
// Checks: nothing throws or crashes; whatever is read writes to JSON that reads back equal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ipc/room_dto.h"
#include "ipc/room_params.h"

namespace {

using namespace wpn::ipc;

[[noreturn]] void mismatch() { __builtin_trap(); }

JsonObject reparse(const JsonObject& object) {
  auto again = parse_json_object(to_json_text(object));
  if (!again) mismatch();
  return *again;
}

template <class Read>
void check_dto(const JsonObject& object, Read read) {
  const auto first = read(object);
  const auto second = read(reparse(to_json(first)));
  if (!(second == first)) mismatch();
}

template <class Parse>
void check_params(const JsonObject& object, Parse parse) {
  const auto first = parse(object);
  if (!first) return;
  const auto second = parse(reparse(to_json(*first)));
  if (!second || !(*second == *first)) mismatch();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = parse_json_object(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed) return 0;
  const JsonObject& object = *parsed;
  check_dto(object, room_list_from_json);
  check_dto(object, room_from_json);
  check_dto(object, rooms_from_json);
  check_dto(object, room_users_from_json);
  check_dto(object, room_line_from_json);
  check_dto(object, room_history_from_json);
  check_dto(object, hosted_room_from_json);
  check_dto(object, hosted_rooms_from_json);
  check_dto(object, room_bans_from_json);
  check_dto(object, room_event_from_json);
  check_dto(object, room_user_event_from_json);
  check_params(object, parse_rooms_list);
  check_params(object, parse_room_ref);
  check_params(object, parse_rooms_say);
  check_params(object, parse_rooms_history);
  check_params(object, parse_rooms_host);
  check_params(object, parse_room_user);
  check_params(object, parse_rooms_topic);
  check_params(object, parse_rooms_motd);
  return 0;
}
