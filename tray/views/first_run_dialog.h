#pragma once
// The short setup on the tray's first start: the user name, the folder to share and the
// number of upload slots, applied with "settings.set".

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

 private:
  wxTextCtrl* name_ = nullptr;
  wxDirPickerCtrl* folder_ = nullptr;
  wxSpinCtrl* slots_ = nullptr;
};

}  // namespace wpn::tray
