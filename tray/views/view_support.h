#pragma once
// Small helpers every window uses: UTF-8 texts from the model, rows of buttons.

#include <string>

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/string.h>

namespace wpn::tray {

// The model's texts are UTF-8; wx would read a narrow string in the C locale.
inline wxString utf8(const std::string& text) { return wxString::FromUTF8(text.c_str()); }

// Appends a button that runs `handler` to a horizontal row.
template <class Handler>
wxButton* add_button(wxWindow* parent, wxSizer* row, const wxString& label, Handler handler) {
  auto* button = new wxButton(parent, wxID_ANY, label);
  button->Bind(wxEVT_BUTTON, handler);
  row->Add(button, 0, wxRIGHT, parent->FromDIP(4));
  return button;
}

}  // namespace wpn::tray
