#include "views/quick_search_popup.h"

#include <algorithm>

#include <wx/display.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace wpn::tray {

QuickSearchPopup::QuickSearchPopup(std::function<void(const std::string& words)> on_search)
    : wxFrame(nullptr, wxID_ANY, "OpenWPN quick search", wxDefaultPosition, wxDefaultSize,
              wxFRAME_TOOL_WINDOW | wxFRAME_NO_TASKBAR | wxSTAY_ON_TOP | wxBORDER_SIMPLE),
      on_search_(std::move(on_search)) {
  SetName("quick_search");
  auto* panel = new wxPanel(this);
  field_ = new wxTextCtrl(panel, wxID_ANY, "", wxDefaultPosition, FromDIP(wxSize(280, -1)), wxTE_PROCESS_ENTER);
  field_->SetName("quick_search_words");
  field_->SetHint("words, or a pasted HASH> key");
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(new wxStaticText(panel, wxID_ANY, "Search the network (Enter):"), 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(6));
  sizer->Add(field_, 0, wxEXPAND | wxALL, FromDIP(6));
  panel->SetSizer(sizer);
  sizer->SetSizeHints(this);
  field_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { submit(); });
  field_->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
    if (e.GetKeyCode() == WXK_ESCAPE) return static_cast<void>(Close());
    e.Skip();
  });
  // Like a menu: gone once the user works elsewhere.
  Bind(wxEVT_ACTIVATE, [this](wxActivateEvent& e) {
    if (!e.GetActive() && IsShown()) CallAfter([this] { Close(); });
    e.Skip();
  });
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
}

void QuickSearchPopup::show_by_pointer() {
  const wxPoint pointer = wxGetMousePosition();
  const int display = wxDisplay::GetFromPoint(pointer);
  const wxRect area = wxDisplay(display == wxNOT_FOUND ? 0u : static_cast<unsigned>(display)).GetClientArea();
  const wxSize size = GetSize();
  const int x = std::clamp(pointer.x - size.x / 2, area.GetLeft(), std::max(area.GetLeft(), area.GetRight() - size.x));
  const int y = std::clamp(pointer.y - size.y / 2, area.GetTop(), std::max(area.GetTop(), area.GetBottom() - size.y));
  SetPosition(wxPoint(x, y));
  Show();
  Raise();
  field_->SetFocus();
}

void QuickSearchPopup::submit() {
  const std::string words = field_->GetValue().utf8_string();
  if (words.find_first_not_of(' ') == std::string::npos) return;
  on_search_(words);
  Close();
}

}  // namespace wpn::tray
