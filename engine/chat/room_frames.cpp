#include "chat/room_frames.h"

#include <string>

#include "chat/chat_names.h"
#include "protocol/codecs/chat_colours.h"

namespace wpn::chat {

namespace p = protocol;

p::Frame user_listed_frame(const p::ChatUser& user, ClientVersion to) {
  if (to == ClientVersion::V353) return frame_of(p::ChatUserListed{user});
  return frame_of(p::ChatUserListedLegacy{user});
}

p::Frame user_joined_frame(const p::ChatUser& user, ClientVersion to) {
  if (to == ClientVersion::V353) return frame_of(p::ChatUserJoined{user});
  return frame_of(p::ChatUserJoinedLegacy{user});
}

p::Frame user_left_frame(const p::ChatUser& user) {
  return frame_of(p::ChatUserLeft{user.name, user.node_ip, user.node_port});
}

p::Frame user_renamed_frame(const p::ChatUserLeft& old_address, const p::ChatUser& user, ClientVersion to) {
  if (to == ClientVersion::V353)
    return frame_of(p::ChatUserRenamed{old_address.name, old_address.node_ip, old_address.node_port, user});
  return frame_of(p::ChatUserRenamedLegacy{old_address.name, old_address.node_ip, old_address.node_port, user});
}

p::Frame server_text_frame(std::string_view text, ClientVersion to) {
  // One frame (§4): the 3.31 form adds an empty name.
  std::string line = clean_line(text, p::ChatMaxSendPayload - 2);
  if (to == ClientVersion::V353) return frame_of(p::ChatServerLine{std::move(line)});
  return frame_of(p::ChatActionLine{{}, p::strip_chat_colours(line)});
}

p::Frame chat_line_frame(const p::ChatUser& from, std::string_view text, ClientVersion to) {
  p::ChatLine line{from.name, std::string(text), std::nullopt};
  if (to == ClientVersion::V353) line.rank = static_cast<std::uint8_t>(from.rank);
  return frame_of(line);
}

p::Frame action_line_frame(const p::ChatUser& from, std::string_view text) {
  return frame_of(p::ChatActionLine{from.name, std::string(text)});
}

}  // namespace wpn::chat
