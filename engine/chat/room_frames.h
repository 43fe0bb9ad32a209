#pragma once
// The frames a room host sends, built per receiving client version (chat.md
// §6.3): 3.31 clients (no 0x13ED) get 0x006F/0x006E/0x0070 and server text as
// 0x00CB with an empty name and colours stripped; 3.53 clients get
// 0x0072/0x0071/0x0074 and 0x00D2 with colours.

#include <string_view>

#include "protocol/codecs/chat_message.h"
#include "protocol/frame.h"

namespace wpn::chat {

enum class ClientVersion { V331, V353 };

protocol::Frame user_listed_frame(const protocol::ChatUser& user, ClientVersion to);
protocol::Frame user_joined_frame(const protocol::ChatUser& user, ClientVersion to);
protocol::Frame user_left_frame(const protocol::ChatUser& user);
protocol::Frame user_renamed_frame(const protocol::ChatUserLeft& old_address, const protocol::ChatUser& user,
                                   ClientVersion to);
// Cut to fit one frame, line breaks flattened.
protocol::Frame server_text_frame(std::string_view text, ClientVersion to);
// 0x00C9; 3.53 clients also get the sender's rank byte.
protocol::Frame chat_line_frame(const protocol::ChatUser& from, std::string_view text, ClientVersion to);
protocol::Frame action_line_frame(const protocol::ChatUser& from, std::string_view text);

template <class M>
protocol::Frame frame_of(const M& message) {
  protocol::Frame frame;
  frame.type = M::Type;
  encode(message, frame.payload);
  return frame;
}

}  // namespace wpn::chat
