#pragma once
// The service's settings as "settings.get" describes them: one control per setting, typed
// by the table (bool, integer, choice, list, string); settings that take effect only after
// a restart say so. OK sends the changed ones with "settings.set".

#include <vector>

#include <wx/dialog.h>
#include <wx/stattext.h>

#include "app/controller.h"

namespace wpn::tray {

class SettingsDialog : public wxDialog {
 public:
  explicit SettingsDialog(Controller& controller);

  // The changed values, or nullopt (with a message shown) when one does not parse.
  std::optional<ipc::SettingsSetParams> changes();
  int restart_marked() const noexcept { return restart_marked_; }
  std::size_t rows() const noexcept { return rows_.size(); }

 private:
  struct Row {
    ipc::SettingDto setting;
    wxWindow* control = nullptr;
  };
  void on_ok(wxCommandEvent& event);

  Controller& controller_;
  std::vector<Row> rows_;
  int restart_marked_ = 0;
};

}  // namespace wpn::tray
