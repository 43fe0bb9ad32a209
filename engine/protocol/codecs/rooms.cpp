#include "protocol/codecs/rooms.h"

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

constexpr std::size_t AnnouncementFixedLength = 4 + 1 + 4 + 4 + 4 + 2;

std::optional<std::uint16_t> parse_port_hex(std::string_view digits) {
  if (digits.size() != 4) return std::nullopt;
  std::uint16_t value = 0;
  for (const char c : digits) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) return std::nullopt;
    value = static_cast<std::uint16_t>((value << 4) | v);
  }
  return value;
}

}  // namespace

void encode(const RoomListRequest& message, Bytes& out) { ByteWriter(out).u32le(message.value); }

void encode(const RoomListEntry& message, Bytes& out) {
  ByteWriter writer(out);
  writer.u32le(message.users);
  writer.u32le(message.limit);
  writer.cstr(message.name);
  writer.cstr(message.topic);
}

void encode(const RoomAnnouncement& message, Bytes& out) {
  ByteWriter writer(out);
  writer.bytes(message.seed);
  writer.u8(UdpRoomAnnouncementType);
  writer.u32le(message.request_id);
  writer.u32le(message.users);
  writer.u32le(message.limit);
  writer.u16le(message.port);
  writer.cstr(message.name);
  writer.cstr(message.topic);
}

void encode(const RoomListMessage& message, Bytes& out) {
  std::visit([&](const auto& m) { encode(m, out); }, message);
}

DecodeResult<RoomListMessage> decode_room_list_message(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::RoomListRequest:
      return widen<RoomListMessage>(decode_room_list_request(payload));
    case msg::RoomListEntry:
      return widen<RoomListMessage>(decode_room_list_entry(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const RoomListMessage& message) noexcept { return type_of_variant(message); }

DecodeResult<RoomListRequest> decode_room_list_request(ByteView payload) {
  if (payload.empty()) return RoomListRequest{};
  ByteReader reader(payload);
  auto value = reader.u32le();
  if (!value) return tl::unexpected(value.error());
  return RoomListRequest{*value};
}

DecodeResult<RoomListEntry> decode_room_list_entry(ByteView payload) {
  ByteReader reader(payload);
  RoomListEntry message;
  if (reader.remaining() < 8) return decode_error(DecodeErrc::Truncated, reader.remaining());
  message.users = *reader.u32le();
  message.limit = *reader.u32le();
  auto name = reader.cstr(MaxListedRoomNameLength);
  if (!name) return tl::unexpected(name.error());
  message.name = std::move(*name);
  auto topic = reader.cstr_or_rest(MaxRoomTopicLength);
  if (!topic) return tl::unexpected(topic.error());
  message.topic = std::move(*topic);
  return message;
}

DecodeResult<RoomAnnouncement> decode_room_announcement(ByteView datagram) {
  ByteReader reader(datagram);
  RoomAnnouncement message;
  if (reader.remaining() < AnnouncementFixedLength) return decode_error(DecodeErrc::Truncated, reader.remaining());
  const ByteView seed = *reader.take(message.seed.size());
  for (std::size_t i = 0; i < message.seed.size(); ++i) message.seed[i] = seed[i];
  if (*reader.u8() != UdpRoomAnnouncementType) return decode_error(DecodeErrc::WrongType, 4);
  message.request_id = *reader.u32le();
  message.users = *reader.u32le();
  message.limit = *reader.u32le();
  message.port = *reader.u16le();
  auto name = reader.cstr(MaxRoomNameLength);
  if (!name) return tl::unexpected(name.error());
  message.name = std::move(*name);
  auto topic = reader.cstr_or_rest(MaxRoomTopicLength);
  if (!topic) return tl::unexpected(topic.error());
  message.topic = std::move(*topic);
  return message;
}

std::string listed_room_name(std::string_view name, const Ip4& ip, std::uint16_t tcp_port, const WireOptions& options) {
  const bool upper = options.room_suffix_upper_hex;
  const char* const alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out(name);
  out.push_back('_');
  out += ip_hex(ip, upper);
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(alphabet[(tcp_port >> shift) & 0xF]);
  return out;
}

std::optional<RoomAddress> parse_listed_room_name(std::string_view listed) {
  if (listed.size() < RoomSuffixLength) return std::nullopt;
  const std::size_t at = listed.size() - RoomSuffixLength;
  if (listed[at] != '_') return std::nullopt;
  const auto ip = parse_ip_hex(listed.substr(at + 1, 8));
  const auto port = parse_port_hex(listed.substr(at + 9, 4));
  if (!ip || !port) return std::nullopt;
  return RoomAddress{listed.substr(0, at), *ip, *port};
}

}  // namespace wpn::protocol
