#pragma once
// The owner's bans in force ("peers.bans") with unban ("peers.unban"). The `banned`
// setting's names are permanent bans besides; they are changed in the settings.

#include <vector>

#include <wx/button.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>

#include "app/controller.h"
#include "ipc/control_dto.h"

namespace wpn::tray {

class BansFrame : public wxFrame {
 public:
  explicit BansFrame(Controller& controller);

  void reload();
  // "peers.unban" of a row's rule, then the list again.
  void unban(std::size_t row);
  // For the self-test.
  wxListCtrl* list() noexcept { return list_; }
  wxStaticText* status() noexcept { return status_; }
  bool loaded() const noexcept { return loaded_; }

 private:
  void show(const ipc::BanListDto& bans);
  void on_unban();

  Controller& controller_;
  wxListCtrl* list_ = nullptr;
  wxStaticText* status_ = nullptr;
  wxButton* unban_ = nullptr;
  std::vector<ipc::BanDto> bans_;
  bool loaded_ = false;
};

}  // namespace wpn::tray
