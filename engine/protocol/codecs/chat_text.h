#pragma once
// Text on a chat-room connection (chat.md §7.1-§7.5, §7.8): what clients say and
// do, the lines a host relays, server text, topic, MOTD, room rename and
// redirect. Strings are opaque CP-1252 bytes and may hold 0x03 colour escapes
// (§7.3, chat_colours.h). Scheme as in chat_join.h.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "protocol/bytes.h"
#include "protocol/codecs/chat_join.h"
#include "protocol/codecs/chat_types.h"
#include "protocol/errors.h"

namespace wpn::protocol {

// Longest text accepted from a peer. A sender keeps whole frames within
// ChatMaxSendFrame; a receiver takes longer lines from hosts that do not.
inline constexpr std::size_t MaxChatTextLength = 4096;

// A message whose payload is one string: [text:S].
template <std::uint16_t T>
struct ChatText {
  static constexpr std::uint16_t Type = T;
  std::string text;
  friend bool operator==(const ChatText&, const ChatText&) = default;
};
using ChatSayLegacy = ChatText<chat_msg::SayLegacy>;            // 0x00C8 C->S, 3.31 say
using ChatSay = ChatText<chat_msg::Say>;                        // 0x1450 C->S, 3.53 say
using ChatEmoteLegacy = ChatText<chat_msg::EmoteLegacy>;        // 0x00CA C->S, 3.31 action
using ChatServerLine = ChatText<chat_msg::ServerLine>;          // 0x00D2 S->C, a whole line
using ChatCommandEcho = ChatText<chat_msg::CommandEcho>;        // 0x00D3 S->C
using ChatTopic = ChatText<chat_msg::Topic>;                    // 0x012C S->C
using ChatMotd = ChatText<chat_msg::Motd>;                      // 0x0078 S->C, may hold newlines
using ChatRoomRenamed = ChatText<chat_msg::RoomRenamed>;        // 0x012D S->C, new base name
using ChatRedirect = ChatText<chat_msg::Redirect>;              // 0x0190 S->C, full room name
using ChatRedirectedFrom = ChatText<chat_msg::RedirectedFrom>;  // 0x13EE C->S, previous room
using ChatColourFormat = ChatText<chat_msg::ColourFormat>;      // 0x9904 S->C, "#c%d#"

// 0x00C9 a chat line [name:S][text:S] then an optional rank byte (nuggit
// always, RoboServ never). The name may be full or without its suffix.
struct ChatLine {
  static constexpr std::uint16_t Type = chat_msg::Line;
  std::string name;
  std::string text;
  std::optional<std::uint8_t> rank;
  friend bool operator==(const ChatLine&, const ChatLine&) = default;
};

// 0x00CB an action line [name:S][text:S]; an empty name means server text.
struct ChatActionLine {
  static constexpr std::uint16_t Type = chat_msg::ActionLine;
  std::string name;
  std::string text;
  friend bool operator==(const ChatActionLine&, const ChatActionLine&) = default;
};

template <std::uint16_t T>
void encode(const ChatText<T>& message, Bytes& out) {
  ByteWriter(out).cstr(message.text);
}
// The final NUL may be missing; bytes after it are ignored.
template <class M>
DecodeResult<M> decode_chat_text(ByteView payload) {
  ByteReader reader(payload);
  auto text = reader.cstr_or_rest(MaxChatTextLength);
  if (!text) return tl::unexpected(text.error());
  return M{std::move(*text)};
}

void encode(const ChatLine& message, Bytes& out);
void encode(const ChatActionLine& message, Bytes& out);
DecodeResult<ChatLine> decode_chat_line(ByteView payload);
DecodeResult<ChatActionLine> decode_chat_action_line(ByteView payload);

}  // namespace wpn::protocol
