// Chat-room list codecs: the first two input bytes pick the message (0x238D,
// 0x238E, 0x0047 for the UDP datagram, or any other value modulo 3), the rest
// is the payload. Whatever decodes must re-encode to bytes that decode equal.
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/rooms.h"
#include "protocol/message_types.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;
using wpn::fuzz::check_dispatch;
using wpn::fuzz::check_round_trip;
using wpn::fuzz::pick;

namespace {

constexpr std::uint16_t AnnouncementSelector = UdpRoomAnnouncementType;
constexpr std::uint16_t Types[] = {msg::RoomListRequest, msg::RoomListEntry, AnnouncementSelector};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  const ByteView payload = input->payload;

  const std::uint16_t type = pick(Types, input->selector);
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
