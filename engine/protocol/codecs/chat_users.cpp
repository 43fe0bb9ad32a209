#include "protocol/codecs/chat_users.h"

#include <utility>

namespace wpn::protocol {
namespace {

constexpr std::size_t AddressLength = 4 + 2;
constexpr std::size_t RecordTailLength = AddressLength + 2 + 4;

template <class M>
void write_rename(const M& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.old_name);
  write_ip4(writer, message.old_ip);
  writer.u16le(message.old_port);
  write_chat_user(writer, message.user, M::HasRank);
}

template <class M>
DecodeResult<M> read_rename(ByteView payload) {
  ByteReader reader(payload);
  M message;
  auto old_name = reader.cstr(MaxChatNameLength);
  if (!old_name) return tl::unexpected(old_name.error());
  message.old_name = std::move(*old_name);
  if (reader.remaining() < AddressLength) return decode_error(DecodeErrc::Truncated, reader.offset());
  message.old_ip = *read_ip4(reader);
  message.old_port = *reader.u16le();
  auto user = read_chat_user(reader, M::HasRank);
  if (!user) return tl::unexpected(user.error());
  message.user = std::move(*user);
  return message;
}

}  // namespace

DecodeResult<ChatUser> read_chat_user(ByteReader& reader, bool ranked) {
  ChatUser user;
  auto name = reader.cstr(MaxChatNameLength);
  if (!name) return tl::unexpected(name.error());
  user.name = std::move(*name);
  if (reader.remaining() < RecordTailLength) return decode_error(DecodeErrc::Truncated, reader.offset());
  user.node_ip = *read_ip4(reader);
  user.node_port = *reader.u16le();
  user.line_type = static_cast<LineType>(*reader.u16le());
  user.files = *reader.u32le();
  if (ranked && !reader.empty()) user.rank = static_cast<ChatRank>(*reader.u8());
  return user;
}

void write_chat_user(ByteWriter& writer, const ChatUser& user, bool ranked) {
  writer.cstr(user.name);
  write_ip4(writer, user.node_ip);
  writer.u16le(user.node_port);
  writer.u16le(static_cast<std::uint16_t>(user.line_type));
  writer.u32le(user.files);
  if (ranked) writer.u8(static_cast<std::uint8_t>(user.rank));
}

void encode(const ChatUserJoinedWithIp& message, Bytes& out) {
  ByteWriter writer(out);
  write_chat_user(writer, message.user, true);
  write_ip4(writer, message.real_ip);
}

void encode(const ChatUserLeft& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.name);
  write_ip4(writer, message.node_ip);
  writer.u16le(message.node_port);
}

void encode(const ChatUserRenamedLegacy& message, Bytes& out) { write_rename(message, out); }
void encode(const ChatUserRenamed& message, Bytes& out) { write_rename(message, out); }

DecodeResult<ChatUserJoinedWithIp> decode_chat_user_joined_with_ip(ByteView payload) {
  ByteReader reader(payload);
  ChatUserJoinedWithIp message;
  auto user = read_chat_user(reader, false);
  if (!user) return tl::unexpected(user.error());
  message.user = std::move(*user);
  // Here the rank is a byte in every source, so the IP follows it directly.
  auto rank = reader.u8();
  if (!rank) return tl::unexpected(rank.error());
  message.user.rank = static_cast<ChatRank>(*rank);
  auto ip = read_ip4(reader);
  if (!ip) return tl::unexpected(ip.error());
  message.real_ip = *ip;
  return message;
}

DecodeResult<ChatUserLeft> decode_chat_user_left(ByteView payload) {
  ByteReader reader(payload);
  ChatUserLeft message;
  auto name = reader.cstr(MaxChatNameLength);
  if (!name) return tl::unexpected(name.error());
  message.name = std::move(*name);
  if (reader.remaining() < AddressLength) return decode_error(DecodeErrc::Truncated, reader.offset());
  message.node_ip = *read_ip4(reader);
  message.node_port = *reader.u16le();
  return message;
}

DecodeResult<ChatUserRenamedLegacy> decode_chat_user_renamed_legacy(ByteView payload) {
  return read_rename<ChatUserRenamedLegacy>(payload);
}

DecodeResult<ChatUserRenamed> decode_chat_user_renamed(ByteView payload) {
  return read_rename<ChatUserRenamed>(payload);
}

}  // namespace wpn::protocol
