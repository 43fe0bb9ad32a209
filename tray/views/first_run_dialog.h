#pragma once
// The short setup on the tray's first start: the user name, the folder to share and the
// number of upload slots, applied with "settings.set", and optionally a first peer cache or
// hub (nothing is contacted until the owner names one), added with "network.add".

#include <wx/choice.h>
#include <wx/dialog.h>
#include <wx/filepicker.h>
#include <wx/spinctrl.h>
#include <wx/textctrl.h>

#include "app/controller.h"

namespace wpn::tray {

class FirstRunDialog : public wxDialog {
 public:
  explicit FirstRunDialog(Controller& controller);
  // {"values": {"name": ..., "shares": [...], "upload_slots": N}}
  ipc::JsonObject values() const;
  // {"type": "cache"|"hub", "address": "HOST:PORT"}, or null when no host was entered.
  ipc::JsonObject host_request() const;
  // For the self-test: what a person would type.
  void enter_host(const std::string& type, const std::string& address);

 private:
  wxTextCtrl* name_ = nullptr;
  wxDirPickerCtrl* folder_ = nullptr;
  wxSpinCtrl* slots_ = nullptr;
  wxChoice* host_type_ = nullptr;
  wxTextCtrl* host_ = nullptr;
};

}  // namespace wpn::tray
