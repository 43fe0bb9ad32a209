#include "views/network_frame.h"

#include <wx/dnd.h>
#include <wx/filedlg.h>
#include <wx/menu.h>
#include <wx/sizer.h>

#include "ipc/network_params.h"
#include "ipc/schema.h"
#include "model/text_format.h"
#include "views/view_support.h"
#include "views/window_memory.h"

namespace wpn::tray {

namespace {

constexpr int RefreshMs = 2000;

enum MenuId : int { IdConnectNow = wxID_HIGHEST + 400, IdRemove };

class WsxDrop : public wxFileDropTarget {
 public:
  explicit WsxDrop(NetworkFrame& frame) : frame_(frame) {}
  bool OnDropFiles(wxCoord, wxCoord, const wxArrayString& names) override {
    for (const auto& name : names) frame_.import_file(name.utf8_string());
    return !names.empty();
  }

 private:
  NetworkFrame& frame_;
};

// The limit a hub takes ("hub_max_users", as in effect now), 0 when unknown.
std::uint64_t hub_limit(const std::vector<ipc::SettingDto>& settings) {
  for (const auto& setting : settings)
    if (setting.key == "hub_max_users" && setting.value.isInteger()) return setting.value.convert<std::uint64_t>();
  return 0;
}

}  // namespace

NetworkFrame::NetworkFrame(Controller& controller)
    : wxFrame(nullptr, wxID_ANY, "OpenWPN network", wxDefaultPosition, wxSize(640, 480)),
      controller_(controller),
      timer_(this) {
  SetName("network");
  auto* panel = new wxPanel(this);
  summary_ = new wxStaticText(panel, wxID_ANY, L"Loading\u2026");
  summary_->SetName("network_summary");
  auto* running = new wxBoxSizer(wxHORIZONTAL);
  connect_ = add_button(panel, running, "&Connect", [this](wxCommandEvent&) { set_running(true); });
  disconnect_ = add_button(panel, running, "&Disconnect", [this](wxCommandEvent&) { set_running(false); });

  hosts_ = new wxListCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
  hosts_->SetName("network_hosts");
  hosts_->AppendColumn("Type", wxLIST_FORMAT_LEFT, FromDIP(110));
  hosts_->AppendColumn("Address", wxLIST_FORMAT_LEFT, FromDIP(200));
  hosts_->AppendColumn("Port", wxLIST_FORMAT_RIGHT, FromDIP(70));

  auto* add = new wxBoxSizer(wxHORIZONTAL);
  type_ = new wxChoice(panel, wxID_ANY);
  type_->Append("hub");
  type_->Append("cache");
  type_->SetSelection(0);
  address_ = new wxTextCtrl(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
  address_->SetHint("HOST:PORT");
  add->Add(new wxStaticText(panel, wxID_ANY, "&Add:"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
  add->Add(type_, 0, wxRIGHT, FromDIP(4));
  add->Add(address_, 1, wxRIGHT, FromDIP(4));
  add_button(panel, add, "Add and connect", [this](wxCommandEvent&) { on_add(); });
  address_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { on_add(); });

  auto* tools = new wxBoxSizer(wxHORIZONTAL);
  add_button(panel, tools, "Connect &now", [this](wxCommandEvent&) { connect_now_row(selected_row()); });
  add_button(panel, tools, "Re&move", [this](wxCommandEvent&) { remove_row(selected_row()); });
  add_button(panel, tools, L"&Import .wsx\u2026", [this](wxCommandEvent&) { on_import(); });
  add_button(panel, tools, "&Refresh", [this](wxCommandEvent&) { reload(); });
  message_ = new wxStaticText(panel, wxID_ANY, "Drop a .wsx host list here to import it.");

  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(summary_, 0, wxEXPAND | wxALL, FromDIP(8));
  sizer->Add(running, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
  sizer->Add(new wxStaticText(panel, wxID_ANY, "Known caches and hubs:"), 0, wxLEFT, FromDIP(8));
  sizer->Add(hosts_, 1, wxEXPAND | wxALL, FromDIP(6));
  sizer->Add(add, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(6));
  sizer->Add(tools, 0, wxALL, FromDIP(6));
  sizer->Add(message_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
  panel->SetSizer(sizer);
  SetDropTarget(new WsxDrop(*this));
  hosts_->Bind(wxEVT_LIST_ITEM_RIGHT_CLICK, [this](wxListEvent& e) { host_menu(e.GetIndex()); });
  hosts_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { connect_now_row(e.GetIndex()); });
  hosts_->Bind(wxEVT_LIST_KEY_DOWN, [this](wxListEvent& e) {
    if (e.GetKeyCode() == WXK_DELETE) remove_row(selected_row());
    e.Skip();
  });

  Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
    controller_.request(ipc::method::NetworkStatus, ipc::make_object(),
                        [self = wxWeakRef<NetworkFrame>(this)](const CallResult& result) {
                          if (self && result) self->show_status(ipc::network_status_from_json(ipc::as_object(*result)));
                        });
  });
  wxAcceleratorEntry keys[] = {{wxACCEL_NORMAL, WXK_ESCAPE, wxID_CLOSE},
                               {wxACCEL_CTRL, 'W', wxID_CLOSE},
                               {wxACCEL_NORMAL, WXK_F5, wxID_REFRESH}};
  SetAcceleratorTable(wxAcceleratorTable(3, keys));
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { reload(); }, wxID_REFRESH);
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) {
    timer_.Stop();
    Destroy();
  });
  remember_geometry(this, "network", wxSize(460, 360));
  remember_columns(this, hosts_, "network_hosts");
  reload();
  timer_.Start(RefreshMs);
}

void NetworkFrame::reload() {
  wxWeakRef<NetworkFrame> self(this);
  controller_.request(ipc::method::NetworkStatus, ipc::make_object(), [self](const CallResult& result) {
    if (!self) return;
    if (result)
      self->show_status(ipc::network_status_from_json(ipc::as_object(*result)));
    else
      self->say("The service did not answer network.status: " + result.error().message);
  });
  controller_.request(ipc::method::NetworkHosts, ipc::make_object(), [self](const CallResult& result) {
    if (self && result) self->show_hosts(ipc::host_list_from_json(ipc::as_object(*result)));
  });
}

void NetworkFrame::show_status(const ipc::NetworkStatusDto& status) {
  // The protocol has no "since": the tray counts from when it first saw the node logged in.
  if (status.logged_in && (!status_ || !status_->logged_in)) logged_in_since_ = wxDateTime::Now();
  if (!status.logged_in) logged_in_since_ = wxDateTime();
  status_ = status;
  controller_.model().set_hub(status.logged_in ? status.parent : "");
  std::string text = "Role: " + status.role + (status.running ? ", running" : ", stopped");
  if (status.role == "secondary") {
    text += status.logged_in ? "\nLogged in to hub " + status.parent + " as " + status.full_name
                             : "\nNot logged in to a hub";
    if (logged_in_since_.IsValid())
      text += "\nConnected since " + logged_in_since_.FormatISOCombined(' ').utf8_string() + " (as seen by the tray)";
  } else {
    text += "\nListening on port " + std::to_string(status.port);
    if (status.role == "primary") text += "\n" + hub_load_text(status.users, hub_limit(controller_.model().settings()));
    if (status.role == "cache")
      text += "\nHubs known (handed out to secondaries): " + std::to_string(status.hubs_known);
  }
  text += "\nUsers seen: " + std::to_string(status.users) + ", files: " + std::to_string(status.shared_files) +
          ", known hosts: " + std::to_string(status.hosts);
  if (status.skipped_frames > 0) text += "\nFrames skipped (did not decode): " + std::to_string(status.skipped_frames);
  if (summary_->GetLabel() != utf8(text)) {
    summary_->SetLabel(utf8(text));
    summary_->GetParent()->Layout();  // the label may have grown by lines
  }
  connect_->Enable(!status.running);
  disconnect_->Enable(status.running);
}

void NetworkFrame::show_hosts(const ipc::HostListDto& hosts) {
  hosts_loaded_ = true;
  shown_hosts_ = hosts;
  hosts_->DeleteAllItems();
  for (std::size_t i = 0; i < hosts.hosts.size(); ++i) {
    const auto& host = hosts.hosts[i];
    const long row = hosts_->InsertItem(static_cast<long>(i), utf8(host.type));
    hosts_->SetItem(row, 1, utf8(host.address));
    hosts_->SetItem(row, 2, wxString::Format("%llu", static_cast<unsigned long long>(host.port)));
  }
}

void NetworkFrame::say(const std::string& text) { message_->SetLabel(utf8(text)); }

long NetworkFrame::selected_row() const { return hosts_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); }

long NetworkFrame::row_of(const std::string& address) const {
  for (std::size_t i = 0; i < shown_hosts_.hosts.size(); ++i) {
    const auto& host = shown_hosts_.hosts[i];
    if (host.address + ":" + std::to_string(host.port) == address) return static_cast<long>(i);
  }
  return -1;
}

std::optional<ipc::NetworkAddParams> NetworkFrame::host_params(long row) const {
  if (row < 0 || static_cast<std::size_t>(row) >= shown_hosts_.hosts.size()) return std::nullopt;
  const auto& host = shown_hosts_.hosts[static_cast<std::size_t>(row)];
  // The list names WSX types; the methods take the two this node dials.
  std::string type;
  if (host.type == "WPN_CACHE") type = ipc::host_type::Cache;
  if (host.type == "WPN_HUB") type = ipc::host_type::Hub;
  if (type.empty()) return std::nullopt;
  return ipc::NetworkAddParams{type, host.address + ":" + std::to_string(host.port)};
}

void NetworkFrame::host_menu(long row) {
  const auto host = host_params(row);
  if (!host) return;
  wxMenu menu;
  menu.Append(IdConnectNow, utf8("Connect &now through " + host->address));
  menu.Append(IdRemove, utf8("Re&move " + host->address));
  const int choice = GetPopupMenuSelectionFromUser(menu);
  if (choice == IdConnectNow) connect_now_row(row);
  if (choice == IdRemove) remove_row(row);
}

void NetworkFrame::remove_row(long row) {
  const auto host = host_params(row);
  if (!host) return say("Select a cache or hub of the list first.");
  wxWeakRef<NetworkFrame> self(this);
  controller_.request(ipc::method::NetworkRemove, ipc::to_json(*host), [self, host](const CallResult& result) {
    if (!self) return;
    if (!result) return self->say("Not removed: " + result.error().message);
    self->say("Removed " + host->type + " " + host->address + ".");
    self->show_hosts(ipc::host_list_from_json(ipc::as_object(*result)));
  });
}

void NetworkFrame::connect_now_row(long row) {
  const auto host = host_params(row);
  if (!host) return say("Select a cache or hub of the list first.");
  wxWeakRef<NetworkFrame> self(this);
  say("Connecting through " + host->address + "\u2026");
  controller_.request(ipc::method::NetworkConnectNow, ipc::to_json(*host), [self, host](const CallResult& result) {
    if (!self) return;
    if (!result) return self->say("Not connected: " + result.error().message);
    self->say("Connecting through " + host->type + " " + host->address + " now.");
    self->show_status(ipc::network_status_from_json(ipc::as_object(*result)));
  });
}

void NetworkFrame::on_add() {
  const std::string address = address_->GetValue().utf8_string();
  if (address.empty()) return say("Type HOST:PORT first.");
  const std::string type =
      type_->GetSelection() == 1 ? std::string(ipc::host_type::Cache) : std::string(ipc::host_type::Hub);
  wxWeakRef<NetworkFrame> self(this);
  controller_.request(ipc::method::NetworkAdd, ipc::to_json(ipc::NetworkAddParams{type, address}),
                      [self, address](const CallResult& result) {
                        if (!self) return;
                        if (!result) return self->say("Not added: " + result.error().message);
                        self->address_->Clear();
                        self->say("Added " + address + "; the node reconnects.");
                        self->show_hosts(ipc::host_list_from_json(ipc::as_object(*result)));
                      });
}

void NetworkFrame::on_import() {
  if (controller_.unattended()) return;
  wxFileDialog dialog(this, "Import a WinMX host list", "", "", "WSX host lists (*.wsx)|*.wsx|All files|*",
                      wxFD_OPEN | wxFD_FILE_MUST_EXIST);
  if (dialog.ShowModal() == wxID_OK) import_file(dialog.GetPath().utf8_string());
}

void NetworkFrame::import_file(const std::string& path) {
  wxWeakRef<NetworkFrame> self(this);
  say("Importing " + path + "\u2026");
  controller_.request(ipc::method::NetworkImport, ipc::to_json(ipc::NetworkImportParams{path}),
                      [self, path](const CallResult& result) {
                        if (!self) return;
                        if (!result) return self->say("Not imported: " + result.error().message);
                        const auto list = ipc::host_list_from_json(ipc::as_object(*result));
                        self->say("Imported " + path + ": " + std::to_string(list.added.value_or(0)) + " new hosts.");
                        self->show_hosts(list);
                      });
}

void NetworkFrame::set_running(bool on) {
  wxWeakRef<NetworkFrame> self(this);
  controller_.request(on ? ipc::method::NetworkConnect : ipc::method::NetworkDisconnect, ipc::make_object(),
                      [self](const CallResult& result) {
                        if (!self) return;
                        if (!result) return self->say("The service refused: " + result.error().message);
                        self->show_status(ipc::network_status_from_json(ipc::as_object(*result)));
                      });
}

}  // namespace wpn::tray
