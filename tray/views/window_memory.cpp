#include "views/window_memory.h"

#include <filesystem>
#include <functional>

#include <wx/display.h>
#include <wx/fileconf.h>

#include "platform/paths.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

std::filesystem::path config_path() { return platform::config_dir(platform::process_environment()) / "wpn-tray.ini"; }

// Each use opens the file afresh: several windows save at different times.
void with_config(const std::function<void(wxFileConfig&)>& use, bool save) {
  wxFileConfig config("wpn-tray", wxEmptyString, utf8(config_path().string()), wxEmptyString, wxCONFIG_USE_LOCAL_FILE);
  use(config);
  if (save) {
    std::error_code ignored;
    std::filesystem::create_directories(config_path().parent_path(), ignored);
    config.Flush();
  }
}

wxString key(const std::string& name, const char* what) { return utf8("windows/" + name + "/" + what); }

template <class List, class Width, class SetWidth>
void remember(wxTopLevelWindow* window, int count, const std::string& name, Width width, SetWidth set_width) {
  with_config(
      [&](wxFileConfig& config) {
        for (int c = 0; c < count; ++c) {
          long value = 0;
          if (config.Read(key(name, ("column" + std::to_string(c)).c_str()), &value) && value > 8 && value < 4000)
            set_width(c, static_cast<int>(value));
        }
      },
      false);
  window->Bind(wxEVT_CLOSE_WINDOW, [name, count, width](wxCloseEvent& event) {
    event.Skip();
    with_config(
        [&](wxFileConfig& config) {
          for (int c = 0; c < count; ++c) config.Write(key(name, ("column" + std::to_string(c)).c_str()), width(c));
        },
        true);
  });
}

}  // namespace

void remember_geometry(wxTopLevelWindow* window, const std::string& name, const wxSize& minimum) {
  window->SetMinSize(window->FromDIP(minimum));
  with_config(
      [&](wxFileConfig& config) {
        long x = 0, y = 0, w = 0, h = 0;
        if (!config.Read(key(name, "x"), &x) || !config.Read(key(name, "y"), &y) || !config.Read(key(name, "w"), &w) ||
            !config.Read(key(name, "h"), &h))
          return;
        const wxRect rect(static_cast<int>(x), static_cast<int>(y), static_cast<int>(w), static_cast<int>(h));
        // A window saved on a screen that is gone opens where the window manager puts it.
        if (wxDisplay::GetFromPoint(rect.GetTopLeft()) == wxNOT_FOUND) {
          window->SetSize(rect.GetSize());
        } else {
          window->SetSize(rect);
        }
      },
      false);
  window->Bind(wxEVT_CLOSE_WINDOW, [window, name](wxCloseEvent& event) {
    event.Skip();
    const wxRect rect = window->GetRect();
    with_config(
        [&](wxFileConfig& config) {
          config.Write(key(name, "x"), rect.x);
          config.Write(key(name, "y"), rect.y);
          config.Write(key(name, "w"), rect.width);
          config.Write(key(name, "h"), rect.height);
        },
        true);
  });
}

void remember_columns(wxTopLevelWindow* window, wxListCtrl* list, const std::string& name) {
  remember<wxListCtrl>(
      window, list->GetColumnCount(), name, [list](int c) { return list->GetColumnWidth(c); },
      [list](int c, int width) { list->SetColumnWidth(c, width); });
}

void remember_columns(wxTopLevelWindow* window, wxDataViewCtrl* list, const std::string& name) {
  remember<wxDataViewCtrl>(
      window, static_cast<int>(list->GetColumnCount()), name,
      [list](int c) { return list->GetColumn(static_cast<unsigned>(c))->GetWidth(); },
      [list](int c, int width) { list->GetColumn(static_cast<unsigned>(c))->SetWidth(width); });
}

void restore_columns(wxListCtrl* list, const std::string& name) {
  with_config(
      [&](wxFileConfig& config) {
        for (int c = 0; c < list->GetColumnCount(); ++c) {
          long value = 0;
          if (config.Read(key(name, ("column" + std::to_string(c)).c_str()), &value) && value > 8 && value < 4000)
            list->SetColumnWidth(c, static_cast<int>(value));
        }
      },
      false);
}

void save_columns(wxListCtrl* list, const std::string& name) {
  with_config(
      [&](wxFileConfig& config) {
        for (int c = 0; c < list->GetColumnCount(); ++c)
          config.Write(key(name, ("column" + std::to_string(c)).c_str()), list->GetColumnWidth(c));
      },
      true);
}

}  // namespace wpn::tray
