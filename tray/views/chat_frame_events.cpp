// The chat window kept current: the "chat" and "network.pm" events, and the rooms,
// histories and user lists fetched when a tab opens or a room changes.
#include "ipc/network_dto.h"
#include "ipc/room_params.h"
#include "ipc/schema.h"
#include "model/chat_lines.h"
#include "views/chat_frame.h"
#include "views/chat_page.h"
#include "views/view_support.h"

namespace wpn::tray {

void ChatFrame::on_event(const ipc::Event& event) {
  namespace e = ipc::event;
  if (event.name == e::NetworkPm) {
    const auto pm = ipc::pm_event_from_json(event.data);
    open_private(pm.from, pm.handle);
    add_line(ChatTabKind::Private, pm.from, {pm.from, pm.text, false, false});
    return;
  }
  if (event.name == e::ChatLine) {
    const auto line = ipc::room_line_from_json(event.data);
    const auto room = rooms_.find(line.room);
    // A line of a room joined elsewhere (wpnctl) opens its tab too, filled from the history.
    if (room == rooms_.end()) return fetch_joined();
    open_room(line.room);
    add_line(ChatTabKind::Room, line.room, chat_line_of(line, room->second.own_name));
    return;
  }
  if (event.name == e::ChatUserJoined || event.name == e::ChatUserParted || event.name == e::ChatUserRenamed) {
    users_stale_.insert(ipc::room_user_event_from_json(event.data).room);
    return;
  }
  const auto changed = ipc::room_event_from_json(event.data);
  if (event.name == e::ChatTopic) {
    if (auto room = rooms_.find(changed.room); room != rooms_.end()) room->second.topic = changed.topic;
    update_room_head(changed.room);
    return;
  }
  if ((event.name == e::ChatRejected || event.name == e::ChatLeft) && tabs_.find(ChatTabKind::Room, changed.room)) {
    // Said in the room's own text too: a kick or a refusal is the last thing read there.
    ipc::RoomDto ended;
    ended.state = changed.reconnecting ? "reconnecting" : "closed";
    ended.last_end = event.name == e::ChatRejected ? "rejected" : changed.reason;
    ended.last_text = changed.text;
    add_line(ChatTabKind::Room, changed.room, {"", room_state_text(ended), false, false, "notice"});
  }
  if (event.name == e::ChatRejected || event.name == e::ChatLeft || event.name == e::ChatJoined) {
    // The state, the reason and the host's last words as the service keeps them.
    fetch_joined();
    if (event.name == e::ChatJoined) users_stale_.insert(changed.room);
  }
}

void ChatFrame::on_service_restarted() {
  tabs_.forget_numbers();
  fetch_joined();
  fetch_hosted();
}

void ChatFrame::fetch_joined() {
  call(ipc::rooms_method::Joined, ipc::make_object(), [this](const CallResult& result) {
    if (!result) return;
    const auto joined = ipc::rooms_from_json(ipc::as_object(*result)).rooms;
    for (const auto& room : joined) {
      const bool known = rooms_.count(room.key) > 0;
      rooms_[room.key] = room;
      if (!known) {
        open_room(room.key);
        fetch_users(room.key);
      }
      update_room_head(room.key);
    }
  });
}

void ChatFrame::fetch_history(const std::string& key) {
  call(ipc::rooms_method::History, ipc::to_json(ipc::RoomsHistoryParams{key, 0}),
       [this, key](const CallResult& result) {
         if (!result || !tabs_.find(ChatTabKind::Room, key)) return;  // closed meanwhile
         const auto room = rooms_.find(key);
         const std::string own = room == rooms_.end() ? "" : room->second.own_name;
         for (const auto& line : ipc::room_history_from_json(ipc::as_object(*result)).lines)
           add_line(ChatTabKind::Room, key, chat_line_of(line, own));
       });
}

void ChatFrame::fetch_users(const std::string& key) {
  call(ipc::rooms_method::Users, ipc::to_json(ipc::RoomRefParams{key}), [this, key](const CallResult& result) {
    const auto tab = tabs_.find(ChatTabKind::Room, key);
    if (!result || !tab || *tab >= pages_.size()) return;
    pages_[*tab]->set_users(ipc::room_users_from_json(ipc::as_object(*result)).users);
    update_room_head(key);
  });
}

void ChatFrame::fetch_hosted() {
  call(ipc::rooms_method::Hosted, ipc::make_object(), [this](const CallResult& result) {
    if (!result) return;
    hosted_ = ipc::hosted_rooms_from_json(ipc::as_object(*result));
    for (const auto& [key, room] : rooms_) update_room_head(key);
    if (!hosted_.rooms.empty()) fetch_bans();
  });
}

// The line above a room's text: its name, topic, users, and why it ended when it did.
void ChatFrame::update_room_head(const std::string& key) {
  const auto tab = tabs_.find(ChatTabKind::Room, key);
  const auto room = rooms_.find(key);
  if (!tab || *tab >= pages_.size() || room == rooms_.end()) return;
  const auto& info = room->second;
  const std::string title = room_title(info, listed_, hosted_);
  std::string head = title;
  if (const auto state = room_state_text(info); !state.empty()) head += "  \u2014  " + state;
  head += "  \u2014  Topic: " + strip_colours(info.topic);
  if (hosts(key)) head += "  \u2014  hosted here";
  pages_[*tab]->set_topic(head);
  tabs_.set_title(*tab, title);
  update_labels();
  tabs_.set_topic(*tab, info.topic);
}

const ipc::RoomDto* ChatFrame::room(const std::string& key) const {
  const auto found = rooms_.find(key);
  return found == rooms_.end() ? nullptr : &found->second;
}

bool ChatFrame::hosts(const std::string& key) const {
  const auto* info = room(key);
  return info != nullptr && hosted_here(hosted_, *info);
}

}  // namespace wpn::tray
