#pragma once
// Chat: the hub's room list (refresh, filter, join by name or HOST:PORT) and one tab per
// room or private conversation. Lines come from the "chat" events and rooms.history,
// private messages from "network.pm"; users are browsed, asked whois or written to from the
// user list, and kicked or banned when the room is one this node hosts. Rooms are hosted
// and unhosted here too; a hosted room's menu sets its topic and MOTD and lifts bans
// (chat_frame_hosting.cpp).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <wx/activityindicator.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/notebook.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

#include "app/controller.h"
#include "ipc/message.h"
#include "ipc/room_dto.h"
#include "ipc/room_params.h"
#include "model/chat_tabs.h"

namespace wpn::tray {

class ChatPage;

class ChatFrame : public wxFrame {
 public:
  explicit ChatFrame(Controller& controller);

  // A "chat.*" or "network.pm" event, in order.
  void on_event(const ipc::Event& event);
  // The service started again: its line numbers start again too.
  void on_service_restarted();

  void reload_rooms();
  // Joins a room of the list (its listed or base name) or HOST:PORT, and shows its tab.
  void join(const std::string& room);
  // The row of the room list, as Enter does.
  void join_row(long row);
  // The tab of a private conversation, opened when missing.
  ChatPage* open_private(const std::string& user, const std::string& handle);

  // Leaves the room (or closes the conversation) in front, as its Leave button does.
  void close_current();
  // Kicks or bans (for `seconds`, 0 = until lifted) a user of the room in front, as its user
  // list's menu does; false when the room is not hosted here or has no such user.
  bool kick_or_ban(const std::string& user, bool ban, std::uint64_t seconds = 0);

  // Hosting (chat_frame_hosting.cpp): hosts a room and joins it, as the host dialog does.
  void host_room(const ipc::RoomsHostParams& params);
  // The room in front, hosted here: its menu's entries.
  bool unhost_current();
  bool set_topic_current(const std::string& topic);
  bool set_motd_current(const std::vector<std::string>& lines);
  bool unban_current(const std::string& user);
  // The labels of the room menu of the tab in front, for the self-test.
  std::vector<std::string> room_menu_labels();

  // For the self-test.
  wxNotebook* notebook() noexcept { return notebook_; }
  wxListCtrl* room_list() noexcept { return rooms_list_; }
  wxStaticText* status() noexcept { return status_; }
  const ChatTabs& tabs() const noexcept { return tabs_; }
  ChatPage* page(std::size_t tab) const { return pages_.at(tab); }
  bool rooms_loaded() const noexcept { return rooms_loaded_; }
  const std::vector<ipc::ListedRoomDto>& shown_rooms() const noexcept { return shown_; }
  const ipc::RoomDto* room(const std::string& key) const;
  bool hosts(const std::string& key) const;

 private:
  void call(std::string_view method, ipc::JsonObject params, std::function<void(const CallResult&)> done);
  void show_rooms();
  void on_join_address();
  ChatPage* open_room(const std::string& key);
  std::size_t add_page(ChatTabKind kind, const std::string& id);
  void close_tab(std::size_t tab);
  void add_line(ChatTabKind kind, const std::string& id, ChatLine line);
  void fetch_joined();
  void fetch_history(const std::string& key);
  void fetch_users(const std::string& key);
  void fetch_hosted();
  void update_room_head(const std::string& key);
  void update_labels();
  void send(std::size_t tab, const std::string& typed);
  void user_menu(const std::string& room_key, const ipc::RoomUserDto& user);
  void whois(const ipc::RoomUserDto& user);
  void poll_whois();
  void host_action(const std::string& room_key, const ipc::RoomUserDto& user, bool ban, std::uint64_t seconds);
  void on_host_dialog();
  void room_menu(const std::string& room_key);
  std::unique_ptr<wxMenu> build_room_menu(const std::string& room_key);
  void on_room_menu_choice(const std::string& room_key, int id);
  // The hosted room's name of the room in front, or "" when it is not hosted here.
  std::string current_hosted_name() const;
  void host_call(std::string_view method, ipc::JsonObject params, std::string done_text);
  void fetch_bans();
  void notice(const std::string& text);
  void say(const std::string& text);
  std::optional<std::size_t> current_tab() const;

  Controller& controller_;
  ChatTabs tabs_;
  std::vector<ChatPage*> pages_;                // pages_[i] shows tabs_.tab(i); notebook page i + 1
  std::map<std::string, std::string> handles_;  // private conversations: user -> handle
  std::map<std::string, ipc::RoomDto> rooms_;   // the rooms we are in, by key
  std::set<std::string> users_stale_;
  ipc::HostedRoomsDto hosted_;
  ipc::RoomBansDto bans_;  // the bans of the rooms hosted here
  std::vector<ipc::ListedRoomDto> listed_;
  std::vector<ipc::ListedRoomDto> shown_;
  std::string own_name_;  // our full name on the network, for private lines
  bool rooms_loaded_ = false;
  int in_flight_ = 0;
  wxNotebook* notebook_ = nullptr;
  wxTextCtrl* filter_ = nullptr;
  wxListCtrl* rooms_list_ = nullptr;
  wxStaticText* status_ = nullptr;
  wxActivityIndicator* busy_ = nullptr;
  wxTimer timer_;
  std::optional<std::uint64_t> whois_id_;
  int whois_left_ = 0;
  bool whois_in_flight_ = false;
  wxTimer whois_timer_;
};

}  // namespace wpn::tray
