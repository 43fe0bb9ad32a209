#pragma once
// One tab of the chat window: a room (topic line, text, user list) or a private
// conversation (text only), with the input box and its history. The page draws what the
// frame gives it; the frame talks to the service.

#include <functional>
#include <string>
#include <vector>

#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "ipc/room_dto.h"
#include "model/chat_tabs.h"

namespace wpn::tray {

class ChatPage : public wxPanel {
 public:
  // A span as the text pane holds it: where it starts and ends, for the self-test to read.
  struct DrawnSpan {
    long from = 0;
    long to = 0;
  };

  ChatPage(wxWindow* parent, ChatTabKind kind, std::string id);

  // Drawn at once on the tab in front; a hidden tab keeps its lines until it is shown (GTK
  // complains when the text view of an unmapped page scrolls).
  void append(const ChatLine& line);
  void draw_pending();
  const std::vector<ChatLine>& pending() const noexcept { return pending_; }
  void set_topic(const std::string& text);
  void set_users(std::vector<ipc::RoomUserDto> users);
  void focus_input();

  ChatTabKind kind() const noexcept { return kind_; }
  const std::string& id() const noexcept { return id_; }
  // The user under the selection in the user list, or none.
  const ipc::RoomUserDto* selected_user() const;
  const std::vector<ipc::RoomUserDto>& user_rows() const noexcept { return user_rows_; }

  // Set by the frame: what Enter sends, and the user list's context menu.
  std::function<void(const std::string& typed)> on_send;
  std::function<void(const ipc::RoomUserDto& user)> on_user_menu;
  std::function<void()> on_leave;
  std::function<void()> on_room_menu;

  // For the self-test: the widgets and the spans of the last lines.
  wxTextCtrl* text() noexcept { return text_; }
  wxTextCtrl* input() noexcept { return input_; }
  wxListCtrl* users() noexcept { return users_; }
  wxStaticText* topic() noexcept { return topic_; }
  const std::vector<std::vector<DrawnSpan>>& drawn() const noexcept { return drawn_; }
  // Sends what the input box holds, as Enter does.
  void send_input();

 private:
  void on_key(wxKeyEvent& event);
  void draw(const ChatLine& line);

  ChatTabKind kind_;
  std::string id_;
  InputHistory history_;
  std::vector<ipc::RoomUserDto> user_rows_;
  std::vector<std::vector<DrawnSpan>> drawn_;
  std::vector<ChatLine> pending_;
  wxStaticText* topic_ = nullptr;
  wxTextCtrl* text_ = nullptr;
  wxListCtrl* users_ = nullptr;
  wxTextCtrl* input_ = nullptr;
};

}  // namespace wpn::tray
