#include "views/chat_frame.h"

#include <array>

#include <wx/menu.h>
#include <wx/sizer.h>
#include <wx/textdlg.h>

#include "ipc/network_dto.h"
#include "ipc/network_params.h"
#include "ipc/room_params.h"
#include "ipc/schema.h"
#include "model/chat_lines.h"
#include "model/chat_text.h"
#include "views/chat_page.h"
#include "views/view_support.h"
#include "views/window_memory.h"

namespace wpn::tray {

namespace {

constexpr int TickMs = 500;
constexpr int WhoisTimerId = 2;
constexpr std::uint64_t ListWaitMs = 2000;

enum MenuId : int {
  IdBrowse = wxID_HIGHEST + 300,
  IdWhois,
  IdPm,
  IdKick,
  IdBanHour,
  IdBanDay,
  IdBan,
  IdRefresh,
  IdJoinAddress,
  IdHost
};

}  // namespace

ChatFrame::ChatFrame(Controller& controller)
    : wxFrame(nullptr, wxID_ANY, "OpenWPN chat", wxDefaultPosition, wxSize(900, 560)),
      controller_(controller),
      timer_(this),
      whois_timer_(this, WhoisTimerId) {
  SetName("chat");
  auto* panel = new wxPanel(this);
  notebook_ = new wxNotebook(panel, wxID_ANY);
  notebook_->SetName("chat_tabs");

  auto* list_page = new wxPanel(notebook_);
  auto* top = new wxBoxSizer(wxHORIZONTAL);
  top->Add(new wxStaticText(list_page, wxID_ANY, "&Filter:"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
  filter_ = new wxTextCtrl(list_page, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
  filter_->SetHint("words of a room's name or topic");
  filter_->SetName("room_filter");
  top->Add(filter_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(6));
  add_button(list_page, top, "&Refresh (F5)", [this](wxCommandEvent&) { reload_rooms(); });
  add_button(list_page, top, L"&Join HOST:PORT\u2026", [this](wxCommandEvent&) { on_join_address(); });
  add_button(list_page, top, L"&Host a room\u2026", [this](wxCommandEvent&) { on_host_dialog(); });
  busy_ = new wxActivityIndicator(list_page);
  top->Add(busy_, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(4));
  rooms_list_ = new wxListCtrl(list_page, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
  rooms_list_->SetName("room_list");
  const std::array<std::pair<const char*, int>, 4> columns{
      {{"Room", 220}, {"Users", 60}, {"Limit", 60}, {"Topic", 400}}};
  for (const auto& [title, width] : columns)
    rooms_list_->AppendColumn(title, title[0] == 'U' || title[0] == 'L' ? wxLIST_FORMAT_RIGHT : wxLIST_FORMAT_LEFT,
                              FromDIP(width));
  auto* list_sizer = new wxBoxSizer(wxVERTICAL);
  list_sizer->Add(top, 0, wxEXPAND | wxALL, FromDIP(6));
  list_sizer->Add(rooms_list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
  list_page->SetSizer(list_sizer);
  notebook_->AddPage(list_page, "Rooms", true);

  status_ = new wxStaticText(panel, wxID_ANY, "Press F5 to list the hub's rooms; Enter joins the selected one.");
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(notebook_, 1, wxEXPAND | wxALL, FromDIP(4));
  sizer->Add(status_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
  panel->SetSizer(sizer);

  filter_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { show_rooms(); });
  // Enter in the filter joins the first room it leaves, as typing a name and Enter would.
  filter_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
    const long row = rooms_list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    join_row(row >= 0 ? row : 0);
  });
  rooms_list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { join_row(e.GetIndex()); });
  notebook_->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& e) {
    const int page = e.GetSelection();
    // While a tab is being closed the notebook may still count its page.
    if (page > static_cast<int>(pages_.size())) return;
    if (page <= 0) {
      tabs_.deactivate();
    } else {
      tabs_.activate(static_cast<std::size_t>(page - 1));
      pages_.at(static_cast<std::size_t>(page - 1))->draw_pending();
      pages_.at(static_cast<std::size_t>(page - 1))->focus_input();
    }
    update_labels();
  });
  Bind(wxEVT_TIMER, [this](wxTimerEvent& e) {
    if (e.GetId() == WhoisTimerId) return poll_whois();
    for (const auto& key : std::set<std::string>(std::move(users_stale_))) fetch_users(key);
    users_stale_.clear();
    in_flight_ > 0 ? busy_->Start() : busy_->Stop();
  });
  wxAcceleratorEntry keys[] = {
      {wxACCEL_NORMAL, WXK_ESCAPE, wxID_CLOSE}, {wxACCEL_CTRL, 'W', wxID_CLOSE}, {wxACCEL_NORMAL, WXK_F5, IdRefresh},
      {wxACCEL_CTRL, 'J', IdJoinAddress},       {wxACCEL_CTRL, 'H', IdHost},     {wxACCEL_CTRL, 'F', wxID_FIND}};
  SetAcceleratorTable(wxAcceleratorTable(6, keys));
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { reload_rooms(); }, IdRefresh);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { on_join_address(); }, IdJoinAddress);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { on_host_dialog(); }, IdHost);
  Bind(
      wxEVT_MENU,
      [this](wxCommandEvent&) {
        notebook_->SetSelection(0);
        filter_->SetFocus();
        filter_->SelectAll();
      },
      wxID_FIND);
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) {
    for (auto* page : pages_)
      if (page->users()) {
        save_columns(page->users(), "chat_users");
        break;
      }
    timer_.Stop();
    whois_timer_.Stop();
    Destroy();
  });
  remember_geometry(this, "chat", wxSize(560, 340));
  remember_columns(this, rooms_list_, "chat_rooms");
  timer_.Start(TickMs);
  filter_->SetFocus();

  call(ipc::method::NetworkStatus, ipc::make_object(), [this](const CallResult& result) {
    if (result) own_name_ = ipc::network_status_from_json(ipc::as_object(*result)).full_name;
  });
  fetch_hosted();
  fetch_joined();
  reload_rooms();
}

// Every call of this window goes through here: the spinner runs while one is out.
void ChatFrame::call(std::string_view method, ipc::JsonObject params, std::function<void(const CallResult&)> done) {
  ++in_flight_;
  busy_->Start();
  wxWeakRef<ChatFrame> self(this);
  controller_.request(method, std::move(params), [self, done = std::move(done)](const CallResult& result) {
    if (!self) return;
    if (--self->in_flight_ == 0) self->busy_->Stop();
    done(result);
  });
}

void ChatFrame::reload_rooms() {
  say("Asking the hub for its rooms\u2026");
  call(ipc::rooms_method::List, ipc::to_json(ipc::RoomsListParams{ListWaitMs}), [this](const CallResult& result) {
    if (!result) {
      say(result.error().code == ipc::ErrorCode::Conflict ? "Not connected to a hub yet: press F5 again in a moment."
                                                          : "The room list was refused: " + result.error().message);
      return;
    }
    listed_ = ipc::room_list_from_json(ipc::as_object(*result)).rooms;
    rooms_loaded_ = true;
    show_rooms();
    for (const auto& [key, room] : rooms_) update_room_head(key);
    say(std::to_string(listed_.size()) + (listed_.size() == 1 ? " room" : " rooms") + " on the hub.");
  });
}

void ChatFrame::show_rooms() {
  const long before = rooms_list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
  const std::string selected = before >= 0 && static_cast<std::size_t>(before) < shown_.size()
                                   ? shown_[static_cast<std::size_t>(before)].name
                                   : "";
  shown_ = filter_rooms(listed_, filter_->GetValue().utf8_string());
  rooms_list_->Freeze();
  rooms_list_->DeleteAllItems();
  for (std::size_t i = 0; i < shown_.size(); ++i) {
    const auto& room = shown_[i];
    const auto row = rooms_list_->InsertItem(static_cast<long>(i), utf8(room_base_name(room.name)));
    rooms_list_->SetItem(row, 1, wxString::Format("%llu", static_cast<unsigned long long>(room.users)));
    rooms_list_->SetItem(row, 2, wxString::Format("%llu", static_cast<unsigned long long>(room.limit)));
    rooms_list_->SetItem(row, 3, utf8(strip_colours(room.topic)));
    if (room.name == selected || (selected.empty() && i == 0))
      rooms_list_->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                                wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
  }
  rooms_list_->Thaw();
}

void ChatFrame::join_row(long row) {
  if (row >= 0 && static_cast<std::size_t>(row) < shown_.size()) join(shown_[static_cast<std::size_t>(row)].name);
}

void ChatFrame::on_join_address() {
  if (controller_.unattended()) return;
  const wxString address = wxGetTextFromUser("Room address (HOST:PORT) or name:", "Join a room", "", this);
  if (!address.empty()) join(address.utf8_string());
}

void ChatFrame::join(const std::string& room) {
  say("Joining " + room_base_name(room) + "\u2026");
  call(ipc::rooms_method::Join, ipc::to_json(ipc::RoomRefParams{room}), [this, room](const CallResult& result) {
    if (!result) return say("Could not join " + room + ": " + result.error().message);
    const auto joined = ipc::room_from_json(ipc::as_object(*result));
    rooms_[joined.key] = joined;
    auto* page = open_room(joined.key);
    notebook_->SetSelection(static_cast<std::size_t>(*tabs_.find(ChatTabKind::Room, joined.key)) + 1);
    page->focus_input();
    fetch_hosted();  // a room hosted since the window opened is ours too
    update_room_head(joined.key);
    fetch_users(joined.key);
    say("");
  });
}

ChatPage* ChatFrame::open_room(const std::string& key) {
  if (const auto tab = tabs_.find(ChatTabKind::Room, key); tab && *tab < pages_.size()) return pages_[*tab];
  const auto tab = add_page(ChatTabKind::Room, key);
  fetch_history(key);
  return pages_[tab];
}

ChatPage* ChatFrame::open_private(const std::string& user, const std::string& handle) {
  if (!handle.empty()) handles_[user] = handle;
  if (const auto tab = tabs_.find(ChatTabKind::Private, user); tab && *tab < pages_.size()) return pages_[*tab];
  return pages_[add_page(ChatTabKind::Private, user)];
}

std::size_t ChatFrame::add_page(ChatTabKind kind, const std::string& id) {
  const auto tab = tabs_.open(kind, id);
  auto* page = new ChatPage(notebook_, kind, id);
  if (page->users()) restore_columns(page->users(), "chat_users");
  pages_.push_back(page);
  page->on_send = [this, page](const std::string& typed) {
    for (std::size_t i = 0; i < pages_.size(); ++i)
      if (pages_[i] == page) send(i, typed);
  };
  page->on_leave = [this, page] {
    for (std::size_t i = 0; i < pages_.size(); ++i)
      if (pages_[i] == page) return close_tab(i);
  };
  if (kind == ChatTabKind::Room) {
    page->on_user_menu = [this, id](const ipc::RoomUserDto& user) { user_menu(id, user); };
    page->on_room_menu = [this, id] { room_menu(id); };
  }
  notebook_->AddPage(page, utf8(tabs_.label(tab)), false);
  if (notebook_->GetSelection() <= 0) tabs_.deactivate();  // the room list stays in front
  update_labels();
  return tab;
}

void ChatFrame::close_tab(std::size_t tab) {
  if (tab >= pages_.size()) return;
  const auto& closing = tabs_.tab(tab);
  if (closing.kind == ChatTabKind::Room) {
    const std::string key = closing.id;
    call(ipc::rooms_method::Leave, ipc::to_json(ipc::RoomRefParams{key}), [this, key](const CallResult& result) {
      if (!result && result.error().code != ipc::ErrorCode::NotFound)
        say("Leaving " + key + " failed: " + result.error().message);
    });
    rooms_.erase(key);
  }
  tabs_.close(tab);
  pages_.erase(pages_.begin() + static_cast<std::ptrdiff_t>(tab));
  notebook_->DeletePage(tab + 1);
  const int shown = notebook_->GetSelection();
  shown > 0 ? tabs_.activate(static_cast<std::size_t>(shown - 1)) : tabs_.deactivate();
  update_labels();
}

void ChatFrame::add_line(ChatTabKind kind, const std::string& id, ChatLine line) {
  const bool is_new = !tabs_.find(kind, id);
  if (is_new) add_page(kind, id);
  const auto tab = *tabs_.find(kind, id);
  const ChatLine copy = line;
  if (!tabs_.add_line(kind, id, std::move(line))) return;
  pages_.at(tab)->append(copy);
  update_labels();
}

void ChatFrame::update_labels() {
  for (std::size_t i = 0; i < pages_.size() && i + 1 < notebook_->GetPageCount(); ++i) {
    const auto label = utf8(tabs_.label(i));
    if (notebook_->GetPageText(i + 1) != label) notebook_->SetPageText(i + 1, label);
  }
  const auto unread = tabs_.total_unread();
  SetTitle(unread ? wxString::Format("OpenWPN chat (%u unread)", unread) : wxString("OpenWPN chat"));
}

std::optional<std::size_t> ChatFrame::current_tab() const {
  const int page = notebook_->GetSelection();
  if (page <= 0) return std::nullopt;
  return static_cast<std::size_t>(page - 1);
}

void ChatFrame::send(std::size_t tab, const std::string& typed) {
  const auto& target = tabs_.tab(tab);
  const std::string id = target.id;
  if (target.kind == ChatTabKind::Room) {
    const auto input = parse_chat_input(typed);
    if (input.text.empty()) return;
    call(ipc::rooms_method::Say, ipc::to_json(ipc::RoomsSayParams{id, input.text, input.action}),
         [this](const CallResult& result) {
           if (!result) say("Not said: " + result.error().message);
         });
    return;  // the room echoes our line back as a chat.line
  }
  const auto handle = handles_.find(id);
  if (handle == handles_.end() || handle->second.empty())
    return notice("No address known for " + id + ": answer from a room's user list or a received message.");
  call(
      ipc::method::PmSend, ipc::to_json(ipc::PmSendParams{id, handle->second, typed}),
      [this, id, typed](const CallResult& result) {
        if (!result)
          return add_line(ChatTabKind::Private, id, {"", "Not sent: " + result.error().message, false, true, "notice"});
        add_line(ChatTabKind::Private, id, {own_name_.empty() ? "me" : own_name_, typed, false, true});
      });
}

void ChatFrame::user_menu(const std::string& room_key, const ipc::RoomUserDto& user) {
  wxMenu menu;
  menu.Append(IdBrowse, utf8("&Browse " + user.name));
  menu.Append(IdWhois, utf8("&Whois " + user.name));
  menu.Append(IdPm, utf8("&Private message to " + user.name));
  if (hosts(room_key)) {
    menu.AppendSeparator();
    menu.Append(IdKick, utf8("&Kick " + user.name));
    menu.Append(IdBanHour, utf8("B&an " + user.name + " for an hour"));
    menu.Append(IdBanDay, utf8("Ban " + user.name + " for a &day"));
    menu.Append(IdBan, utf8("Ban " + user.name + " until &lifted"));
  }
  const int choice = GetPopupMenuSelectionFromUser(menu);
  switch (choice) {
    case IdBrowse:
      controller_.open_browse(user.name, user.handle);
      break;
    case IdWhois:
      whois(user);
      break;
    case IdPm: {
      auto* page = open_private(user.name, user.handle);
      notebook_->SetSelection(static_cast<std::size_t>(*tabs_.find(ChatTabKind::Private, user.name)) + 1);
      page->focus_input();
      break;
    }
    case IdKick:
      host_action(room_key, user, false, 0);
      break;
    case IdBanHour:
    case IdBanDay:
    case IdBan:
      host_action(room_key, user, true, choice == IdBanHour ? 3600 : choice == IdBanDay ? 86400 : 0);
      break;
    default:
      break;
  }
}

void ChatFrame::close_current() {
  if (const auto tab = current_tab()) close_tab(*tab);
}

bool ChatFrame::kick_or_ban(const std::string& user, bool ban, std::uint64_t seconds) {
  const auto tab = current_tab();
  if (!tab || tabs_.tab(*tab).kind != ChatTabKind::Room || !hosts(tabs_.tab(*tab).id)) return false;
  for (const auto& row : pages_.at(*tab)->user_rows())
    if (row.name == user) return host_action(tabs_.tab(*tab).id, row, ban, seconds), true;
  return false;
}

void ChatFrame::host_action(const std::string& room_key, const ipc::RoomUserDto& user, bool ban,
                            std::uint64_t seconds) {
  const auto room = rooms_.find(room_key);
  const std::string hosted = room == rooms_.end() ? "" : hosted_name(hosted_, room->second);
  if (hosted.empty()) return notice("This room is not hosted here.");
  call(ban ? ipc::rooms_method::Ban : ipc::rooms_method::Kick,
       ipc::to_json(ipc::RoomUserParams{hosted, user.name, ban ? seconds : 0}),
       [this, name = user.name, ban](const CallResult& result) {
         notice(result ? name + (ban ? " is banned." : " was kicked.")
                       : std::string(ban ? "Ban" : "Kick") + " refused: " + result.error().message);
         if (result && ban) fetch_bans();
       });
}

void ChatFrame::whois(const ipc::RoomUserDto& user) {
  notice("Asking who " + user.name + " is\u2026");
  call(ipc::method::Whois, ipc::to_json(ipc::PeerParams{user.name, user.handle}), [this](const CallResult& started) {
    if (!started) return notice("Whois refused: " + started.error().message);
    whois_id_ = ipc::request_id_from_json(ipc::as_object(*started)).id;
    whois_left_ = 15;
    whois_timer_.Start(1000);
  });
}

// The answer comes from the network: asked once a second, a few times.
void ChatFrame::poll_whois() {
  if (!whois_id_ || whois_in_flight_) return;
  if (whois_left_-- <= 0) {
    whois_id_.reset();
    whois_timer_.Stop();
    return notice("No whois answer.");
  }
  whois_in_flight_ = true;
  call(ipc::method::WhoisResult, ipc::to_json(ipc::RequestIdParams{*whois_id_}), [this](const CallResult& result) {
    whois_in_flight_ = false;
    if (!result) return;
    const auto answer = ipc::whois_answer_from_json(ipc::as_object(*result));
    if (!answer.done) return;
    whois_id_.reset();
    whois_timer_.Stop();
    notice(answer.found ? answer.user + ": " + std::to_string(answer.shared_files) + " files" +
                              (answer.queue_status.empty() ? "" : ", " + answer.queue_status)
                        : answer.user + " is not online.");
  });
}

// A line of our own in the tab in front (whois answers, refusals), or the status line.
void ChatFrame::notice(const std::string& text) {
  const auto tab = current_tab();
  if (!tab) return say(text);
  const auto& shown = tabs_.tab(*tab);
  add_line(shown.kind, shown.id, {"", text, false, true, "notice"});
}

void ChatFrame::say(const std::string& text) {
  if (status_->GetLabel() != utf8(text)) status_->SetLabel(utf8(text));
}

}  // namespace wpn::tray
