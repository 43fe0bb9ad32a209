#pragma once
// The chat-room list: 0x238D/0x238E on the secondary's TCP session
// (protocol.md §9.7) and the UDP 0x47 "add to room list" datagram a room host
// sends to a primary (§11.6), after UDP decryption.
//
// Scheme: one struct per message; `void encode(const X&, Bytes& out)` appends
// the payload (no frame header; for 0x47 the whole datagram plaintext);
// `DecodeResult<X> decode_<x>(ByteView)` reads one, and
// decode_room_list_message(type, payload) dispatches the two TCP types. Bytes after the last known
// field are ignored and the final topic may lack its NUL. Strings handed to an
// encoder must not contain NUL bytes.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/errors.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

inline constexpr std::size_t MaxRoomNameLength = 40;    // §11.6
inline constexpr std::size_t MaxRoomTopicLength = 125;  // §11.6
inline constexpr std::size_t RoomSuffixLength = 13;     // "_" + 8 + 4 hex digits
inline constexpr std::size_t MaxListedRoomNameLength = MaxRoomNameLength + RoomSuffixLength;
inline constexpr Byte UdpRoomAnnouncementType = 0x47;

// 0x238D room-list request (S->P) [E]: a u32 that is always 0, kept as received.
// wpcc-mobile sends it empty (wire audit D14): an empty payload reads as 0.
struct RoomListRequest {
  static constexpr std::uint16_t Type = msg::RoomListRequest;
  std::uint32_t value = 0;
  friend bool operator==(const RoomListRequest&, const RoomListRequest&) = default;
};

// 0x238E one room (P->S) [E]. The name carries the "_IIIIIIIIPPPP" suffix.
struct RoomListEntry {
  static constexpr std::uint16_t Type = msg::RoomListEntry;
  std::uint32_t users = 0;
  std::uint32_t limit = 0;
  std::string name;
  std::string topic;
  friend bool operator==(const RoomListEntry&, const RoomListEntry&) = default;
};

// UDP 0x47 plaintext: [seed:4][0x47][request id][users][limit][port][name][topic].
// The room's IP is the datagram's source address.
struct RoomAnnouncement {
  std::array<Byte, 4> seed{};  // random; only randomises the ciphertext
  std::uint32_t request_id = 0;
  std::uint32_t users = 0;
  std::uint32_t limit = 0;
  std::uint16_t port = 0;  // the room's TCP port
  std::string name;
  std::string topic;
  friend bool operator==(const RoomAnnouncement&, const RoomAnnouncement&) = default;
};

using RoomListMessage = std::variant<RoomListRequest, RoomListEntry>;

void encode(const RoomListRequest& message, Bytes& out);
void encode(const RoomListEntry& message, Bytes& out);
void encode(const RoomAnnouncement& message, Bytes& out);
void encode(const RoomListMessage& message, Bytes& out);

DecodeResult<RoomListRequest> decode_room_list_request(ByteView payload);
DecodeResult<RoomListEntry> decode_room_list_entry(ByteView payload);
// Dispatch on the frame type; WrongType for types outside 0x238D/0x238E.
DecodeResult<RoomListMessage> decode_room_list_message(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const RoomListMessage& message) noexcept;
// WrongType when byte 4 is not 0x47.
DecodeResult<RoomAnnouncement> decode_room_announcement(ByteView datagram);

// The address suffix of a listed room name (protocol.md §7.2):
// "room" + 127.0.0.1 + 6699 -> "room_0100007F1A2B" (case from the wire option).
std::string listed_room_name(std::string_view name, const Ip4& ip, std::uint16_t tcp_port,
                             const WireOptions& options = default_wire_options());

struct RoomAddress {
  std::string_view name;  // without the suffix
  Ip4 ip{};
  std::uint16_t tcp_port = 0;
};
// nullopt unless the name ends in "_" + 12 hex digits (either case).
std::optional<RoomAddress> parse_listed_room_name(std::string_view listed);

}  // namespace wpn::protocol
