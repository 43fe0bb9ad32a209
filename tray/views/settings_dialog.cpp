#include "views/settings_dialog.h"

#include <algorithm>
#include <array>

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/msgdlg.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

#include "ipc/schema.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

// The settings people change most come first; the rest follow in the service's order.
constexpr std::array<std::string_view, 6> First{"name", "role", "upload_slots", "shares", "data_port", "bind"};

std::size_t rank(const std::string& key) {
  const auto it = std::find(First.begin(), First.end(), key);
  return static_cast<std::size_t>(it - First.begin());
}

std::string join_lines(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : "\n") + item;
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (end > start) items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

}  // namespace

SettingsDialog::SettingsDialog(Controller& controller)
    : wxDialog(nullptr, wxID_ANY, "OpenWPN settings", wxDefaultPosition, wxSize(640, 560),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      controller_(controller) {
  SetName("settings");
  auto settings = controller_.model().settings();
  std::stable_sort(settings.begin(), settings.end(),
                   [](const auto& a, const auto& b) { return rank(a.key) < rank(b.key); });
  auto* scroll = new wxScrolledWindow(this, wxID_ANY);
  auto* grid = new wxFlexGridSizer(3, FromDIP(6), FromDIP(10));
  grid->AddGrowableCol(1, 1);
  for (const auto& setting : settings) {
    auto* label = new wxStaticText(scroll, wxID_ANY, utf8(setting.key));
    label->SetToolTip(utf8(setting.description));
    wxWindow* control = nullptr;
    if (setting.type == "bool") {
      auto* box = new wxCheckBox(scroll, wxID_ANY, "");
      box->SetValue(ipc::as_bool(setting.value).value_or(false));
      control = box;
    } else if (setting.type == "choice") {
      auto* choice = new wxChoice(scroll, wxID_ANY);
      for (const auto& item : setting.choices) choice->Append(utf8(item));
      choice->SetStringSelection(utf8(ipc::as_string(setting.value).value_or("")));
      control = choice;
    } else if (setting.type == "list") {
      control = new wxTextCtrl(
          scroll, wxID_ANY, utf8(join_lines(ipc::as_string_list(setting.value).value_or(std::vector<std::string>{}))),
          wxDefaultPosition, wxSize(-1, FromDIP(54)), wxTE_MULTILINE);
    } else if (setting.type == "integer") {
      control = new wxTextCtrl(scroll, wxID_ANY, std::to_string(ipc::as_int(setting.value).value_or(0)));
    } else {
      control = new wxTextCtrl(scroll, wxID_ANY, utf8(ipc::as_string(setting.value).value_or("")));
    }
    control->SetToolTip(utf8(setting.description));
    control->SetName(utf8(setting.key));
    std::string note;
    if (setting.restart_pending)
      note = "restart pending";
    else if (setting.apply == "restart")
      note = "needs a restart";
    if (setting.source == "command_line") note += std::string(note.empty() ? "" : ", ") + "set on the command line";
    if (setting.apply == "restart") ++restart_marked_;
    grid->Add(label, 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(control, 1, wxEXPAND);
    grid->Add(new wxStaticText(scroll, wxID_ANY, utf8(note)), 0, wxALIGN_CENTER_VERTICAL);
    rows_.push_back({setting, control});
  }
  scroll->SetSizer(grid);
  scroll->SetScrollRate(0, FromDIP(10));
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(scroll, 1, wxEXPAND | wxALL, FromDIP(8));
  if (settings.empty())
    sizer->Add(new wxStaticText(this, wxID_ANY, "The service has not sent its settings yet."), 0, wxALL, FromDIP(8));
  sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(8));
  SetSizer(sizer);
  Bind(wxEVT_BUTTON, &SettingsDialog::on_ok, this, wxID_OK);
}

std::optional<ipc::SettingsSetParams> SettingsDialog::changes() {
  ipc::SettingsSetParams params;
  for (const auto& row : rows_) {
    const auto& s = row.setting;
    if (auto* box = dynamic_cast<wxCheckBox*>(row.control)) {
      if (box->GetValue() != ipc::as_bool(s.value).value_or(false)) params.values[s.key] = box->GetValue();
    } else if (auto* choice = dynamic_cast<wxChoice*>(row.control)) {
      const std::string value = choice->GetStringSelection().utf8_string();
      if (value != ipc::as_string(s.value).value_or("")) params.values[s.key] = value;
    } else if (auto* text = dynamic_cast<wxTextCtrl*>(row.control)) {
      const std::string value = text->GetValue().utf8_string();
      if (s.type == "list") {
        const auto items = split_lines(value);
        if (items != ipc::as_string_list(s.value).value_or(std::vector<std::string>{}))
          params.values[s.key] = ipc::to_json_array(items);
      } else if (s.type == "integer") {
        long long number = 0;
        if (!text->GetValue().ToLongLong(&number)) {
          wxMessageBox(utf8(s.key + " must be a whole number"), "OpenWPN settings", wxOK | wxICON_WARNING, this);
          return std::nullopt;
        }
        if (number != ipc::as_int(s.value).value_or(0)) params.values[s.key] = static_cast<std::int64_t>(number);
      } else if (value != ipc::as_string(s.value).value_or("")) {
        params.values[s.key] = value;
      }
    }
  }
  return params;
}

void SettingsDialog::on_ok(wxCommandEvent&) {
  auto params = changes();
  if (!params) return;
  if (!params->values.empty()) {
    controller_.request(ipc::method::SettingsSet, ipc::to_json(*params), [](const CallResult& result) {
      if (!result) {
        wxMessageBox(utf8(result.error().message), "OpenWPN settings", wxOK | wxICON_WARNING);
        return;
      }
      const auto change = ipc::settings_change_from_json(ipc::as_object(*result));
      if (!change.restart_required.empty())
        wxMessageBox(
            utf8("Saved. These take effect when the service restarts:\n" + join_lines(change.restart_required)),
            "OpenWPN settings", wxOK | wxICON_INFORMATION);
    });
  }
  EndModal(wxID_OK);
}

}  // namespace wpn::tray
