#include "views/first_run_dialog.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

#include "ipc/params.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

const ipc::SettingDto* find(const std::vector<ipc::SettingDto>& settings, std::string_view key) {
  for (const auto& setting : settings)
    if (setting.key == key) return &setting;
  return nullptr;
}

}  // namespace

FirstRunDialog::FirstRunDialog(Controller& controller)
    : wxDialog(nullptr, wxID_ANY, "Welcome to OpenWPN", wxDefaultPosition, wxDefaultSize) {
  SetName("first_run");
  const auto& settings = controller.model().settings();
  std::string name, folder;
  int slots = 4;
  if (const auto* s = find(settings, "name")) name = ipc::as_string(s->value).value_or("");
  if (const auto* s = find(settings, "shares")) {
    const auto roots = ipc::as_string_list(s->value).value_or(std::vector<std::string>{});
    if (!roots.empty()) folder = roots.front();
  }
  if (const auto* s = find(settings, "upload_slots")) slots = static_cast<int>(ipc::as_int(s->value).value_or(4));

  auto* grid = new wxFlexGridSizer(2, FromDIP(8), FromDIP(10));
  grid->AddGrowableCol(1, 1);
  name_ = new wxTextCtrl(this, wxID_ANY, utf8(name));
  folder_ = new wxDirPickerCtrl(this, wxID_ANY, utf8(folder), "Choose the folder to share");
  slots_ = new wxSpinCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1, 50, slots);
  grid->Add(new wxStaticText(this, wxID_ANY, "Your name on the network:"), 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(name_, 1, wxEXPAND);
  grid->Add(new wxStaticText(this, wxID_ANY, "Folder to share:"), 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(folder_, 1, wxEXPAND);
  grid->Add(new wxStaticText(this, wxID_ANY, "Upload slots:"), 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(slots_, 0);
  const wxString host_types[] = {"Peer cache", "Hub"};
  host_type_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 2, host_types);
  host_type_->SetSelection(0);
  host_ = new wxTextCtrl(this, wxID_ANY, "");
  host_->SetHint("host:port (optional)");
  grid->Add(host_type_, 0, wxALIGN_CENTER_VERTICAL);
  grid->Add(host_, 1, wxEXPAND);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(
      new wxStaticText(this, wxID_ANY, "A few choices before sharing starts. You can change them later in Settings."),
      0, wxALL, FromDIP(10));
  sizer->Add(grid, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
  sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(10));
  SetSizerAndFit(sizer);
  SetSize(wxSize(FromDIP(520), -1));
}

ipc::JsonObject FirstRunDialog::host_request() const {
  const std::string address = host_->GetValue().Trim().Trim(false).utf8_string();
  if (address.empty()) return nullptr;
  auto request = ipc::make_object();
  request->set("type", std::string(host_type_->GetSelection() == 1 ? "hub" : "cache"));
  request->set("address", address);
  return request;
}

void FirstRunDialog::enter_host(const std::string& type, const std::string& address) {
  host_type_->SetSelection(type == "hub" ? 1 : 0);
  host_->SetValue(utf8(address));
}

ipc::JsonObject FirstRunDialog::values() const {
  ipc::SettingsSetParams params;
  const std::string name = name_->GetValue().utf8_string();
  if (!name.empty()) params.values["name"] = name;
  const std::string folder = folder_->GetPath().utf8_string();
  if (!folder.empty()) params.values["shares"] = ipc::to_json_array({folder});
  params.values["upload_slots"] = static_cast<std::int64_t>(slots_->GetValue());
  return ipc::to_json(params);
}

}  // namespace wpn::tray
