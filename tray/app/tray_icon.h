#pragma once
// The icon in the system tray and its menu. The menu is built from the model each time it
// opens, so its labels (speeds, slots, pause or resume) are always current.

#include <wx/menu.h>
#include <wx/taskbar.h>

namespace wpn::tray {

class TrayApp;

class TrayIcon : public wxTaskBarIcon {
 public:
  explicit TrayIcon(TrayApp& app);

  // The menu as it would open now (also read by the self-test).
  wxMenu* build_menu();

 protected:
  wxMenu* CreatePopupMenu() override { return build_menu(); }

 private:
  void on_menu(wxCommandEvent& event);
  void on_left_click(wxTaskBarIconEvent& event);

  TrayApp& app_;
};

}  // namespace wpn::tray
