#pragma once
// Joining a chat room (chat.md §5, §7.6, §7.9, §7.10): the 0x0064 join request,
// the 0x0065 detail change, the software ID, and the messages whose payload
// carries nothing a receiver needs (0x13ED, 0x0066, 0x0068, 0xFDE8, 0x9900,
// 0x9901), which are kept verbatim.
//
// Scheme as in rooms.h: one struct per message; `void encode(const X&, Bytes&
// out)` appends the payload (no frame header); `DecodeResult<X> decode_<x>(ByteView)`
// reads one. Bytes after the last known field are ignored and a final string
// may lack its NUL. Strings handed to an encoder must not contain NUL bytes.

#include <cstddef>
#include <cstdint>
#include <string>

#include "protocol/bytes.h"
#include "protocol/codecs/chat_types.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/session.h"
#include "protocol/errors.h"

namespace wpn::protocol {

// Named maxima for chat strings (bytes, NUL excluded). nuggit refuses names over
// 48 bytes (§5.3); a listed room name is at most 53 (rooms.h), tolerated to 128.
inline constexpr std::size_t MaxChatNameLength = MaxNameLength;
inline constexpr std::size_t MaxChatRoomNameLength = 128;
inline constexpr std::size_t MaxChatSoftwareLength = 64;
// The value byte RMX, WPCC and nuggit put in 0x13ED / 0x0066 / 0x0068 / 0x9900.
inline constexpr Byte ChatFlagByte = 0x31;

// A payload whose content a receiver ignores (§5.1, §5.2, §7.9): only the type
// matters. Kept verbatim so a trace shows it; nuggit hides whole frames inside
// 0x0066 (§5.2), and a reader consumes them with the payload.
template <std::uint16_t T>
struct ChatOpaque {
  static constexpr std::uint16_t Type = T;
  Bytes raw;
  friend bool operator==(const ChatOpaque&, const ChatOpaque&) = default;
};
using ChatHello353 = ChatOpaque<chat_msg::Hello353>;
using ChatJoined = ChatOpaque<chat_msg::Joined>;
using ChatServerSpeaks353 = ChatOpaque<chat_msg::ServerSpeaks353>;
using ChatKeepAlive = ChatOpaque<chat_msg::KeepAlive>;
using ChatIpClientOffer = ChatOpaque<chat_msg::IpClientOffer>;
using ChatIpClientAccept = ChatOpaque<chat_msg::IpClientAccept>;

template <std::uint16_t T>
void encode(const ChatOpaque<T>& message, Bytes& out) {
  ByteWriter writer(out);
  for (const Byte b : message.raw) writer.u8(b);  // byte by byte: g++ 12 misreads a range insert here
}
template <class M>
DecodeResult<M> decode_chat_opaque(ByteView payload) {
  return M{Bytes(payload.begin(), payload.end())};
}

// 0x0064 join request (§5.1) [E][V]. node_ip/node_port are the user's primary
// (its UDP port), from which other users build its WPN handle.
struct ChatJoin {
  static constexpr std::uint16_t Type = chat_msg::Join;
  std::string room;  // the full listed name, "_IIIIIIIIPPPP" included
  LineType line_type = LineType::Unknown;
  Ip4 node_ip{};
  std::uint16_t node_port = 0;
  std::uint32_t files = 0;
  std::string name;  // "base###_NNNNN"
  friend bool operator==(const ChatJoin&, const ChatJoin&) = default;
};

// 0x0065 rename or detail change (§7.6) [E][V]: the name comes last.
struct ChatDetails {
  static constexpr std::uint16_t Type = chat_msg::Details;
  LineType line_type = LineType::Unknown;
  Ip4 node_ip{};
  std::uint16_t node_port = 0;
  std::uint32_t files = 0;
  std::string name;
  friend bool operator==(const ChatDetails&, const ChatDetails&) = default;
};

// 0x9905 software ID (§7.10) [E][V]. A missing version reads as empty.
struct ChatSoftware {
  static constexpr std::uint16_t Type = chat_msg::Software;
  std::string software;
  std::string version;
  friend bool operator==(const ChatSoftware&, const ChatSoftware&) = default;
};

void encode(const ChatJoin& message, Bytes& out);
void encode(const ChatDetails& message, Bytes& out);
void encode(const ChatSoftware& message, Bytes& out);

DecodeResult<ChatJoin> decode_chat_join(ByteView payload);
DecodeResult<ChatDetails> decode_chat_details(ByteView payload);
DecodeResult<ChatSoftware> decode_chat_software(ByteView payload);

}  // namespace wpn::protocol
