#pragma once
// The share roots with their state, scan and hash progress with an estimate of the time
// left, and the watcher's state; add, remove and rescan roots.

#include <wx/button.h>
#include <wx/frame.h>
#include <wx/gauge.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>

#include "app/controller.h"

namespace wpn::tray {

class SharesFrame : public wxFrame {
 public:
  explicit SharesFrame(Controller& controller);

  void refresh_from_model();
  wxListCtrl* roots() noexcept { return roots_; }
  wxStaticText* progress_label() noexcept { return progress_label_; }
  wxGauge* gauge() noexcept { return gauge_; }

 private:
  const ipc::ShareRootDto* selected() const;
  void on_add();
  void on_remove();
  void on_rescan(bool all);

  Controller& controller_;
  wxListCtrl* roots_ = nullptr;
  wxStaticText* progress_label_ = nullptr;
  wxGauge* gauge_ = nullptr;
  wxStaticText* watch_label_ = nullptr;
};

}  // namespace wpn::tray
