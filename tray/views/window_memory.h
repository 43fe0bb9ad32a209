#pragma once
// Window geometry and column widths remembered across runs, in the tray's own settings file
// ($XDG_CONFIG_HOME/openwpn/wpn-tray.ini), under "windows/<name>/...".

#include <string>

#include <wx/dataview.h>
#include <wx/listctrl.h>
#include <wx/toplevel.h>

namespace wpn::tray {

// Restores the window's size and position (kept on screen) and saves them when it closes.
// Also sets the minimum size.
void remember_geometry(wxTopLevelWindow* window, const std::string& name, const wxSize& minimum);
// Restores the columns' widths now and saves them when the window closes.
void remember_columns(wxTopLevelWindow* window, wxListCtrl* list, const std::string& name);
void remember_columns(wxTopLevelWindow* window, wxDataViewCtrl* list, const std::string& name);
// For lists that come and go with their tab: widths read when one is made, saved when asked.
void restore_columns(wxListCtrl* list, const std::string& name);
void save_columns(wxListCtrl* list, const std::string& name);

}  // namespace wpn::tray
