#pragma once
// The tray menu's "Search...": a GTK menu cannot hold a text box, so the item opens this
// small box by the pointer instead. Enter opens the search window with the words typed;
// Escape, or clicking elsewhere, closes it.

#include <functional>
#include <string>

#include <wx/frame.h>
#include <wx/textctrl.h>

namespace wpn::tray {

class QuickSearchPopup : public wxFrame {
 public:
  explicit QuickSearchPopup(std::function<void(const std::string& words)> on_search);

  // Shown by the pointer (kept on the screen), with the text box focused.
  void show_by_pointer();
  // Enter: the words go to the search window and the box closes (nothing typed: it stays).
  void submit();
  wxTextCtrl* field() noexcept { return field_; }

 private:
  std::function<void(const std::string&)> on_search_;
  wxTextCtrl* field_ = nullptr;
};

}  // namespace wpn::tray
