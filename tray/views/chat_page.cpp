#include "views/chat_page.h"

#include <algorithm>
#include <utility>

#include <wx/button.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/splitter.h>

#include "model/chat_lines.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

constexpr std::size_t DrawnKept = 50;

wxColour colour_of(int code) {
  if (code <= 0) return wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
  const auto rgb = colour_rgb(code);
  return wxColour(static_cast<unsigned char>(rgb >> 16), static_cast<unsigned char>(rgb >> 8 & 0xFF),
                  static_cast<unsigned char>(rgb & 0xFF));
}

}  // namespace

ChatPage::ChatPage(wxWindow* parent, ChatTabKind kind, std::string id)
    // Created at the notebook's size, and its splitter at the page's: split at a default tiny
    // size, the user list got a negative width (GTK: "gtk_box_gadget_distribute: size >= 0").
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, parent->GetClientSize()), kind_(kind), id_(std::move(id)) {
  SetName(kind == ChatTabKind::Room ? "room" : "private");
  auto* head = new wxBoxSizer(wxHORIZONTAL);
  topic_ = new wxStaticText(this, wxID_ANY, kind == ChatTabKind::Room ? "" : utf8("Private messages with " + id_),
                            wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END);
  topic_->SetName("topic");
  head->Add(topic_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(6));
  if (kind == ChatTabKind::Room)
    add_button(this, head, L"Roo&m\u2026", [this](wxCommandEvent&) {
      if (on_room_menu) on_room_menu();
    });
  add_button(this, head, kind == ChatTabKind::Room ? "&Leave room" : "C&lose", [this](wxCommandEvent&) {
    if (on_leave) on_leave();
  });

  wxWindow* text_parent = this;
  wxSplitterWindow* split = nullptr;
  if (kind == ChatTabKind::Room) {
    split = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, GetClientSize(), wxSP_LIVE_UPDATE | wxSP_3D);
    split->SetMinimumPaneSize(FromDIP(80));
    split->SetSashGravity(1.0);
    text_parent = split;
  }
  text_ = new wxTextCtrl(text_parent, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                         wxTE_MULTILINE | wxTE_READONLY | wxTE_RICH2 | wxTE_NOHIDESEL);
  text_->SetName("chat_text");
  if (split) {
    users_ = new wxListCtrl(split, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    users_->SetName("room_users");
    users_->AppendColumn("User", wxLIST_FORMAT_LEFT, FromDIP(150));
    users_->AppendColumn("Line", wxLIST_FORMAT_LEFT, FromDIP(70));
    users_->AppendColumn("Files", wxLIST_FORMAT_RIGHT, FromDIP(60));
    split->SplitVertically(text_, users_, -FromDIP(290));
    auto menu = [this](long row) {
      if (row >= 0 && static_cast<std::size_t>(row) < user_rows_.size() && on_user_menu)
        on_user_menu(user_rows_[static_cast<std::size_t>(row)]);
    };
    users_->Bind(wxEVT_LIST_ITEM_RIGHT_CLICK, [menu](wxListEvent& e) { menu(e.GetIndex()); });
    users_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [menu](wxListEvent& e) { menu(e.GetIndex()); });
    // The menu key and Shift+F10 open the same menu for the selected user.
    users_->Bind(wxEVT_CONTEXT_MENU, [this, menu](wxContextMenuEvent& e) {
      if (e.GetPosition() != wxDefaultPosition) return e.Skip();
      menu(users_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED));
    });
  }
  input_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
  input_->SetName("chat_input");
  input_->SetHint(kind == ChatTabKind::Room ? "Say something; /me for an action; Up and Down recall lines"
                                            : "Write a private message");
  input_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { send_input(); });
  input_->Bind(wxEVT_KEY_DOWN, &ChatPage::on_key, this);

  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(head, 0, wxEXPAND | wxALL, FromDIP(4));
  sizer->Add(split ? static_cast<wxWindow*>(split) : text_, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(4));
  sizer->Add(input_, 0, wxEXPAND | wxALL, FromDIP(4));
  SetSizer(sizer);
}

void ChatPage::append(const ChatLine& line) {
  if (!IsShownOnScreen()) {
    pending_.push_back(line);
    return;
  }
  draw_pending();
  draw(line);
}

void ChatPage::draw_pending() {
  if (pending_.empty()) return;
  text_->Freeze();
  for (const auto& line : std::exchange(pending_, {})) draw(line);
  text_->Thaw();
}

void ChatPage::draw(const ChatLine& line) {
  std::vector<DrawnSpan> drawn;
  if (!text_->IsEmpty()) text_->AppendText("\n");
  for (const auto& span : line_spans(line)) {
    wxTextAttr style(colour_of(span.colour));
    // The default style merges with the last one: the font style is always said.
    const bool italic = line.action || (line.kind != "chat" && line.kind != "command_echo");
    style.SetFontStyle(italic ? wxFONTSTYLE_ITALIC : wxFONTSTYLE_NORMAL);
    text_->SetDefaultStyle(style);
    const long from = text_->GetLastPosition();
    text_->AppendText(utf8(span.text));
    drawn.push_back({from, text_->GetLastPosition()});
  }
  wxTextAttr plain(colour_of(0));
  plain.SetFontStyle(wxFONTSTYLE_NORMAL);
  text_->SetDefaultStyle(plain);
  drawn_.push_back(std::move(drawn));
  if (drawn_.size() > DrawnKept) drawn_.erase(drawn_.begin());
  if (text_->IsShownOnScreen()) text_->ShowPosition(text_->GetLastPosition());
}

void ChatPage::set_topic(const std::string& text) {
  if (topic_->GetLabel() != utf8(text)) topic_->SetLabel(utf8(text));
}

void ChatPage::set_users(std::vector<ipc::RoomUserDto> users) {
  if (!users_) return;
  std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  const auto* before = selected_user();
  const std::string selected = before ? before->name : "";
  user_rows_ = std::move(users);
  users_->Freeze();
  users_->DeleteAllItems();
  for (std::size_t i = 0; i < user_rows_.size(); ++i) {
    const auto& user = user_rows_[i];
    const auto row = users_->InsertItem(static_cast<long>(i), utf8((user.rank == "operator" ? "@" : "") + user.name));
    users_->SetItem(row, 1, utf8(line_type_text(user.line_type)));
    users_->SetItem(row, 2, wxString::Format("%llu", static_cast<unsigned long long>(user.files)));
    if (user.name == selected) users_->SetItemState(row, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
  }
  users_->Thaw();
}

const ipc::RoomUserDto* ChatPage::selected_user() const {
  if (!users_) return nullptr;
  const long row = users_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
  return row >= 0 && static_cast<std::size_t>(row) < user_rows_.size() ? &user_rows_[static_cast<std::size_t>(row)]
                                                                       : nullptr;
}

void ChatPage::focus_input() { input_->SetFocus(); }

void ChatPage::send_input() {
  const std::string typed = input_->GetValue().utf8_string();
  if (typed.empty()) return;
  history_.push(typed);
  input_->Clear();
  if (on_send) on_send(typed);
}

void ChatPage::on_key(wxKeyEvent& event) {
  std::optional<std::string> recalled;
  if (event.GetKeyCode() == WXK_UP)
    recalled = history_.older(input_->GetValue().utf8_string());
  else if (event.GetKeyCode() == WXK_DOWN)
    recalled = history_.newer();
  else
    return event.Skip();
  if (!recalled) return;
  input_->ChangeValue(utf8(*recalled));
  input_->SetInsertionPointEnd();
}

}  // namespace wpn::tray
