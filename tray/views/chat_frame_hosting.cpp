// The chat window's hosting side: a room hosted (and joined) from the host dialog, and the
// menu of a room this node hosts: topic, MOTD, lifting bans, and unhosting.
#include <wx/dialog.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/textdlg.h>

#include "ipc/schema.h"
#include "model/chat_lines.h"
#include "views/chat_frame.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

enum RoomMenuId : int { IdTopic = wxID_HIGHEST + 350, IdMotd, IdUnhost, IdLeave, IdUnbanFirst };
constexpr int MaxUnbanEntries = 40;

// Name, port, topic and limit of a room to host (rooms.host).
class HostRoomDialog : public wxDialog {
 public:
  explicit HostRoomDialog(wxWindow* parent) : wxDialog(parent, wxID_ANY, "Host a room") {
    auto* grid = new wxFlexGridSizer(2, FromDIP(6), FromDIP(6));
    grid->AddGrowableCol(1);
    const auto row = [&](const char* label, wxWindow* field) {
      grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
      grid->Add(field, 1, wxEXPAND);
    };
    name_ = new wxTextCtrl(this, wxID_ANY);
    name_->SetMaxLength(40);
    port_ = new wxSpinCtrl(this, wxID_ANY, "0", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 0, 65535, 0);
    port_->SetToolTip("0: any free port");
    topic_ = new wxTextCtrl(this, wxID_ANY);
    topic_->SetMaxLength(125);
    limit_ = new wxSpinCtrl(this, wxID_ANY, "100", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1, 1000, 100);
    row("&Name:", name_);
    row("&Port:", port_);
    row("&Topic:", topic_);
    row("&Limit:", limit_);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(grid, 1, wxEXPAND | wxALL, FromDIP(10));
    sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(8));
    SetSizerAndFit(sizer);
    SetMinSize(FromDIP(wxSize(360, -1)));
    name_->SetFocus();
  }

  ipc::RoomsHostParams params() const {
    ipc::RoomsHostParams params;
    params.name = name_->GetValue().utf8_string();
    params.port = static_cast<std::uint64_t>(port_->GetValue());
    params.topic = topic_->GetValue().utf8_string();
    params.limit = static_cast<std::uint64_t>(limit_->GetValue());
    return params;
  }

 private:
  wxTextCtrl* name_ = nullptr;
  wxSpinCtrl* port_ = nullptr;
  wxTextCtrl* topic_ = nullptr;
  wxSpinCtrl* limit_ = nullptr;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

}  // namespace

void ChatFrame::on_host_dialog() {
  if (controller_.unattended()) return;
  HostRoomDialog dialog(this);
  if (dialog.ShowModal() != wxID_OK) return;
  const auto params = dialog.params();
  if (params.name.empty()) return say("A hosted room needs a name.");
  host_room(params);
}

// Hosted, then joined by its listed name (which carries our address and port).
void ChatFrame::host_room(const ipc::RoomsHostParams& params) {
  say("Hosting " + params.name + "\u2026");
  call(ipc::rooms_method::Host, ipc::to_json(params), [this](const CallResult& result) {
    if (!result) return say("Not hosted: " + result.error().message);
    const auto hosted = ipc::hosted_room_from_json(ipc::as_object(*result));
    say("Hosting " + hosted.name + " on port " + std::to_string(hosted.port) + ".");
    fetch_hosted();
    join(hosted.listed_name);
  });
}

std::string ChatFrame::current_hosted_name() const {
  const auto tab = current_tab();
  if (!tab || tabs_.tab(*tab).kind != ChatTabKind::Room) return "";
  const auto* info = room(tabs_.tab(*tab).id);
  return info == nullptr ? "" : hosted_name(hosted_, *info);
}

void ChatFrame::fetch_bans() {
  call(ipc::rooms_method::Bans, ipc::make_object(), [this](const CallResult& result) {
    if (result) bans_ = ipc::room_bans_from_json(ipc::as_object(*result));
  });
}

void ChatFrame::host_call(std::string_view method, ipc::JsonObject params, std::string done_text) {
  call(method, std::move(params), [this, done_text = std::move(done_text)](const CallResult& result) {
    notice(result ? done_text : "Refused: " + result.error().message);
    fetch_hosted();
  });
}

bool ChatFrame::unhost_current() {
  const auto name = current_hosted_name();
  if (name.empty()) return false;
  host_call(ipc::rooms_method::Unhost, ipc::to_json(ipc::RoomRefParams{name}), name + " is no longer hosted here.");
  return true;
}

bool ChatFrame::set_topic_current(const std::string& topic) {
  const auto name = current_hosted_name();
  if (name.empty()) return false;
  host_call(ipc::rooms_method::Topic, ipc::to_json(ipc::RoomsTopicParams{name, topic}), "Topic set.");
  return true;
}

bool ChatFrame::set_motd_current(const std::vector<std::string>& lines) {
  const auto name = current_hosted_name();
  if (name.empty()) return false;
  host_call(ipc::rooms_method::Motd, ipc::to_json(ipc::RoomsMotdParams{name, lines}),
            "Message of the day set (" + std::to_string(lines.size()) + " lines).");
  return true;
}

bool ChatFrame::unban_current(const std::string& user) {
  const auto name = current_hosted_name();
  if (name.empty()) return false;
  call(ipc::rooms_method::Unban, ipc::to_json(ipc::RoomUserParams{name, user, 0}),
       [this, user](const CallResult& result) {
         notice(result ? user + " may come back." : "Unban refused: " + result.error().message);
         fetch_bans();
       });
  return true;
}

std::unique_ptr<wxMenu> ChatFrame::build_room_menu(const std::string& room_key) {
  auto menu = std::make_unique<wxMenu>();
  const auto* info = room(room_key);
  const std::string hosted = info == nullptr ? "" : hosted_name(hosted_, *info);
  if (!hosted.empty()) {
    menu->Append(IdTopic, L"Set the &topic\u2026");
    menu->Append(IdMotd, L"Set the &message of the day\u2026");
    auto* unban = new wxMenu;
    int id = IdUnbanFirst;
    for (const auto& ban : bans_.bans)
      if (ban.room == hosted && id < IdUnbanFirst + MaxUnbanEntries)
        unban->Append(id++, utf8("Unban " + ban.user + (ban.until ? "" : " (until lifted)")));
    menu->AppendSubMenu(unban, "&Unban")->Enable(id > IdUnbanFirst);
    menu->Append(IdUnhost, utf8("&Stop hosting " + hosted));
    menu->AppendSeparator();
  }
  menu->Append(IdLeave, "&Leave the room");
  return menu;
}

std::vector<std::string> ChatFrame::room_menu_labels() {
  std::vector<std::string> labels;
  const auto tab = current_tab();
  if (!tab || tabs_.tab(*tab).kind != ChatTabKind::Room) return labels;
  const auto menu = build_room_menu(tabs_.tab(*tab).id);
  for (auto* item : menu->GetMenuItems()) {
    if (item->IsSeparator()) continue;
    labels.push_back(item->GetItemLabelText().utf8_string());
    if (auto* sub = item->GetSubMenu())
      for (auto* entry : sub->GetMenuItems())
        labels.push_back(labels.back() + "/" + entry->GetItemLabelText().utf8_string());
  }
  return labels;
}

void ChatFrame::room_menu(const std::string& room_key) {
  fetch_bans();  // for the next time: this menu shows the bans known now
  const auto menu = build_room_menu(room_key);
  on_room_menu_choice(room_key, GetPopupMenuSelectionFromUser(*menu));
}

void ChatFrame::on_room_menu_choice(const std::string& room_key, int id) {
  const auto* info = room(room_key);
  if (id == IdLeave) return close_current();
  if (info == nullptr || controller_.unattended()) return;
  if (id == IdTopic) {
    const wxString topic = wxGetTextFromUser("Topic (up to 125 bytes):", "Room topic", utf8(info->topic), this);
    if (!topic.empty()) set_topic_current(topic.utf8_string());
  } else if (id == IdMotd) {
    wxTextEntryDialog dialog(this, "Message of the day, one line per line (up to 50):", "Message of the day", "",
                             wxOK | wxCANCEL | wxTE_MULTILINE);
    if (dialog.ShowModal() == wxID_OK) set_motd_current(split_lines(dialog.GetValue().utf8_string()));
  } else if (id == IdUnhost) {
    unhost_current();
  } else if (id >= IdUnbanFirst && id < IdUnbanFirst + MaxUnbanEntries) {
    const std::string hosted = hosted_name(hosted_, *info);
    int index = IdUnbanFirst;
    for (const auto& ban : bans_.bans)
      if (ban.room == hosted && index++ == id) return static_cast<void>(unban_current(ban.user));
  }
}

}  // namespace wpn::tray
