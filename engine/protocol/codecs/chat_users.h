#pragma once
// User records of a chat room (chat.md §6.1) [E][V]: joins and list entries in
// their 3.31 and 3.53 forms, the join with the real IP sent to admins, parts,
// and renames (also used for rank changes).
//
// Common record: [name:S][node IP:u32][node port:u16][line:u16][files:u32].
// 3.53 forms add a rank: RoboServ writes a u16 where nuggit writes a byte, so
// the first byte is the rank and anything after it is ignored; a missing rank
// reads as 0. We send one byte. Scheme as in chat_join.h.

#include <cstdint>
#include <string>

#include "protocol/bytes.h"
#include "protocol/codecs/chat_join.h"
#include "protocol/codecs/chat_types.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/session.h"
#include "protocol/errors.h"

namespace wpn::protocol {

// §6.1: 0 normal, 1 operator ("@"), 2 voiced ("+"); other values are kept.
enum class ChatRank : std::uint8_t { Normal = 0, Operator = 1, Voiced = 2 };

struct ChatUser {
  std::string name;
  Ip4 node_ip{};  // the user's primary, network order
  std::uint16_t node_port = 0;
  LineType line_type = LineType::Unknown;
  std::uint32_t files = 0;
  ChatRank rank = ChatRank::Normal;  // 0 in the 3.31 forms
  friend bool operator==(const ChatUser&, const ChatUser&) = default;
};

// One record message; Ranked says whether the wire form has the rank byte.
template <std::uint16_t T, bool Ranked>
struct ChatUserRecord {
  static constexpr std::uint16_t Type = T;
  static constexpr bool HasRank = Ranked;
  ChatUser user;
  friend bool operator==(const ChatUserRecord&, const ChatUserRecord&) = default;
};
using ChatUserJoinedLegacy = ChatUserRecord<chat_msg::UserJoinedLegacy, false>;  // 0x006E
using ChatUserListedLegacy = ChatUserRecord<chat_msg::UserListedLegacy, false>;  // 0x006F
using ChatUserJoined = ChatUserRecord<chat_msg::UserJoined, true>;               // 0x0071
using ChatUserListed = ChatUserRecord<chat_msg::UserListed, true>;               // 0x0072

// 0x0075: a 0x0071 with the joiner's real IPv4 after the rank byte.
struct ChatUserJoinedWithIp {
  static constexpr std::uint16_t Type = chat_msg::UserJoinedWithIp;
  ChatUser user;
  Ip4 real_ip{};
  friend bool operator==(const ChatUserJoinedWithIp&, const ChatUserJoinedWithIp&) = default;
};

// 0x0073 a user left (both versions).
struct ChatUserLeft {
  static constexpr std::uint16_t Type = chat_msg::UserLeft;
  std::string name;
  Ip4 node_ip{};
  std::uint16_t node_port = 0;
  friend bool operator==(const ChatUserLeft&, const ChatUserLeft&) = default;
};

// 0x0070 (3.31) / 0x0074 (3.53): [old name][old IP][old port] then the new
// record; equal names announce a change of rank or details.
template <std::uint16_t T, bool Ranked>
struct ChatUserRenameRecord {
  static constexpr std::uint16_t Type = T;
  static constexpr bool HasRank = Ranked;
  std::string old_name;
  Ip4 old_ip{};
  std::uint16_t old_port = 0;
  ChatUser user;  // the new values
  friend bool operator==(const ChatUserRenameRecord&, const ChatUserRenameRecord&) = default;
};
using ChatUserRenamedLegacy = ChatUserRenameRecord<chat_msg::UserRenamedLegacy, false>;  // 0x0070
using ChatUserRenamed = ChatUserRenameRecord<chat_msg::UserRenamed, true>;               // 0x0074

DecodeResult<ChatUser> read_chat_user(ByteReader& reader, bool ranked);
void write_chat_user(ByteWriter& writer, const ChatUser& user, bool ranked);

template <std::uint16_t T, bool R>
void encode(const ChatUserRecord<T, R>& message, Bytes& out) {
  ByteWriter writer(out);
  write_chat_user(writer, message.user, R);
}
template <class M>
DecodeResult<M> decode_chat_user_record(ByteView payload) {
  ByteReader reader(payload);
  auto user = read_chat_user(reader, M::HasRank);
  if (!user) return tl::unexpected(user.error());
  return M{std::move(*user)};
}

void encode(const ChatUserJoinedWithIp& message, Bytes& out);
void encode(const ChatUserLeft& message, Bytes& out);
void encode(const ChatUserRenamedLegacy& message, Bytes& out);
void encode(const ChatUserRenamed& message, Bytes& out);

DecodeResult<ChatUserJoinedWithIp> decode_chat_user_joined_with_ip(ByteView payload);
DecodeResult<ChatUserLeft> decode_chat_user_left(ByteView payload);
DecodeResult<ChatUserRenamedLegacy> decode_chat_user_renamed_legacy(ByteView payload);
DecodeResult<ChatUserRenamed> decode_chat_user_renamed(ByteView payload);

}  // namespace wpn::protocol
