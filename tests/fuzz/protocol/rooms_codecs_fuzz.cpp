// Chat-room list codecs: the first two input bytes pick the message (0x238D,
// 0x238E, 0x0047 for the UDP datagram, or any other value modulo 3), the rest
// is the payload. Whatever decodes must re-encode to bytes that decode equal.
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/rooms.h"
#include "protocol/message_types.h"

using namespace wpn::protocol;

namespace {

template <class Decode>
void check_round_trip(ByteView payload, Decode decode) {
  const auto first = decode(payload);
  if (!first) return;
  Bytes out;
  encode(*first, out);
  const auto second = decode(ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

// Through the family dispatcher: the decoded message keeps its type and
// re-encodes to a payload that decodes equal.
template <class DecodeMessage, class... Options>
void check_dispatch(std::uint16_t type, ByteView payload, DecodeMessage decode_message, const Options&... options) {
  const auto first = decode_message(type, payload);
  if (!first) return;
  if (type_of(*first) != type) __builtin_trap();
  Bytes out;
  encode(*first, out, options...);
  const auto second = decode_message(type, ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

constexpr std::uint16_t AnnouncementSelector = UdpRoomAnnouncementType;
constexpr std::uint16_t Types[] = {msg::RoomListRequest, msg::RoomListEntry, AnnouncementSelector};

std::uint16_t pick(std::uint16_t selector) {
  for (const auto type : Types)
    if (type == selector) return type;
  return Types[selector % std::size(Types)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto selector = static_cast<std::uint16_t>(data[0] | data[1] << 8);
  const ByteView payload(data + 2, size - 2);

  const std::uint16_t type = pick(selector);
  if (type != AnnouncementSelector) check_dispatch(type, payload, decode_room_list_message);
  switch (type) {
    case msg::RoomListRequest:
      check_round_trip(payload, decode_room_list_request);
      break;
    case msg::RoomListEntry:
      check_round_trip(payload, decode_room_list_entry);
      if (const auto entry = decode_room_list_entry(payload)) {
        if (const auto address = parse_listed_room_name(entry->name)) {
          const auto again = parse_listed_room_name(listed_room_name(address->name, address->ip, address->tcp_port));
          if (!again || again->ip != address->ip || again->tcp_port != address->tcp_port) __builtin_trap();
        }
      }
      break;
    case AnnouncementSelector:
      check_round_trip(payload, decode_room_announcement);
      break;
    default:
      break;
  }
  return 0;
}
