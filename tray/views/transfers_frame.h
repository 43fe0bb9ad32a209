#pragma once
// Uploads, downloads and the upload queue, one tab each. The lists are virtual: they show
// the service's total count and ask the model for the window of rows on screen, which the
// controller fetches with "transfers.view".

#include <wx/button.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/notebook.h>
#include <wx/stattext.h>

#include <array>

#include "app/controller.h"

namespace wpn::tray {

class TransferList : public wxListCtrl {
 public:
  TransferList(wxWindow* parent, Controller& controller, ListKind kind);
  ListKind kind() const noexcept { return kind_; }
  // Row count from the model; asks for the rows on screen.
  void sync();
  // The transfer at a list index when it is loaded.
  const ipc::TransferDto* transfer_at(long index) const;

 protected:
  wxString OnGetItemText(long item, long column) const override;

 private:
  Controller& controller_;
  ListKind kind_;
};

class TransfersFrame : public wxFrame {
 public:
  explicit TransfersFrame(Controller& controller);

  void refresh_from_model();
  // For the self-test: the tabs and their lists.
  wxNotebook* notebook() noexcept { return notebook_; }
  TransferList* list(ListKind kind) noexcept { return lists_[static_cast<std::size_t>(kind)]; }
  wxStaticText* summary() noexcept { return summary_; }

 private:
  TransferList* current() const;
  const ipc::TransferDto* selected() const;
  void update_buttons();
  void act(std::string_view method, ipc::JsonObject params);
  void on_move(int direction);
  void on_ban();

  Controller& controller_;
  wxNotebook* notebook_ = nullptr;
  std::array<TransferList*, 3> lists_{};
  wxStaticText* summary_ = nullptr;
  wxButton* up_ = nullptr;
  wxButton* down_ = nullptr;
  wxButton* remove_ = nullptr;
  wxButton* ban_ = nullptr;
  wxButton* cancel_ = nullptr;
  wxButton* retry_ = nullptr;
};

}  // namespace wpn::tray
