// The secondary's side of the room list (chat.md §9.1): 0x238D out, 0x238E in.
#include "overlay/secondary_session.h"

namespace wpn::overlay {

namespace p = protocol;

bool SecondarySession::request_rooms() {
  if (state_ != State::LoggedIn) return false;
  p::Frame frame;
  frame.type = p::RoomListRequest::Type;
  p::encode(p::RoomListRequest{0}, frame.payload);
  frames_.push_back(std::move(frame));
  return true;
}

// Answers arrive whether or not we asked (a hub may stream its list at any time); the
// owner decides what to keep. A malformed entry is skipped like any other frame.
void SecondarySession::on_room_entry(const p::Frame& frame) {
  auto entry = p::decode_room_list_entry(frame.payload);
  if (!entry) return skip(frame, entry.error());
  events_.push_back(std::move(*entry));
}

}  // namespace wpn::overlay
