#include "protocol/codecs/chat_join.h"

#include <utility>

namespace wpn::protocol {
namespace {

constexpr std::size_t DetailsFixedLength = 2 + 4 + 2 + 4;

}  // namespace

void encode(const ChatJoin& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.room);
  writer.u16le(static_cast<std::uint16_t>(message.line_type));
  write_ip4(writer, message.node_ip);
  writer.u16le(message.node_port);
  writer.u32le(message.files);
  writer.cstr(message.name);
}

void encode(const ChatDetails& message, Bytes& out) {
  ByteWriter writer(out);
  writer.u16le(static_cast<std::uint16_t>(message.line_type));
  write_ip4(writer, message.node_ip);
  writer.u16le(message.node_port);
  writer.u32le(message.files);
  writer.cstr(message.name);
}

void encode(const ChatSoftware& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.software);
  writer.cstr(message.version);
}

DecodeResult<ChatJoin> decode_chat_join(ByteView payload) {
  ByteReader reader(payload);
  ChatJoin message;
  auto room = reader.cstr(MaxChatRoomNameLength);
  if (!room) return tl::unexpected(room.error());
  message.room = std::move(*room);
  if (reader.remaining() < DetailsFixedLength) return decode_error(DecodeErrc::Truncated, reader.offset());
  message.line_type = static_cast<LineType>(*reader.u16le());
  message.node_ip = *read_ip4(reader);
  message.node_port = *reader.u16le();
  message.files = *reader.u32le();
  auto name = reader.cstr_or_rest(MaxChatNameLength);
  if (!name) return tl::unexpected(name.error());
  message.name = std::move(*name);
  return message;
}

DecodeResult<ChatDetails> decode_chat_details(ByteView payload) {
  ByteReader reader(payload);
  ChatDetails message;
  if (reader.remaining() < DetailsFixedLength) return decode_error(DecodeErrc::Truncated, reader.offset());
  message.line_type = static_cast<LineType>(*reader.u16le());
  message.node_ip = *read_ip4(reader);
  message.node_port = *reader.u16le();
  message.files = *reader.u32le();
  auto name = reader.cstr_or_rest(MaxChatNameLength);
  if (!name) return tl::unexpected(name.error());
  message.name = std::move(*name);
  return message;
}

DecodeResult<ChatSoftware> decode_chat_software(ByteView payload) {
  ByteReader reader(payload);
  ChatSoftware message;
  auto software = reader.cstr_or_rest(MaxChatSoftwareLength);
  if (!software) return tl::unexpected(software.error());
  message.software = std::move(*software);
  auto version = reader.cstr_or_rest(MaxChatSoftwareLength);
  if (!version) return tl::unexpected(version.error());
  message.version = std::move(*version);
  return message;
}

}  // namespace wpn::protocol
