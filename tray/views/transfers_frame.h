#pragma once
// Uploads, downloads and the upload queue, one tab each: virtual lists with a progress gauge,
// bytes done of total, speed, an ETA from a smoothed rate, the queue place and why an entry
// waits. Actions: move in the queue, remove, cancel, retry, ban, open the download folder,
// clear finished downloads, and the list of bans.

#include <array>

#include <wx/button.h>
#include <wx/frame.h>
#include <wx/notebook.h>
#include <wx/stattext.h>

#include "app/controller.h"
#include "views/transfer_list.h"

namespace wpn::tray {

class TransfersFrame : public wxFrame {
 public:
  explicit TransfersFrame(Controller& controller);

  void refresh_from_model();
  // For the self-test: the tabs and their lists.
  wxNotebook* notebook() noexcept { return notebook_; }
  TransferList* list(ListKind kind) noexcept { return lists_[static_cast<std::size_t>(kind)]; }
  wxStaticText* summary() noexcept { return summary_; }
  // Removes the finished and failed downloads among the loaded rows; how many were asked.
  std::size_t clear_finished();

 private:
  TransferList* current() const;
  const ipc::TransferDto* selected() const;
  void update_buttons();
  void act(std::string_view method, ipc::JsonObject params);
  void on_move(int direction);
  void on_ban();
  void on_remove();
  void on_cancel();
  void open_folder();
  void on_key(wxKeyEvent& event);

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
  wxButton* folder_ = nullptr;
  wxButton* clear_ = nullptr;
};

}  // namespace wpn::tray
