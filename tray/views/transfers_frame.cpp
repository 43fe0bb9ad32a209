#include "views/transfers_frame.h"

#include <wx/choicdlg.h>
#include <wx/sizer.h>

#include "ipc/control_dto.h"
#include "model/transfer_state.h"
#include "views/view_support.h"
#include "views/window_memory.h"

namespace wpn::tray {

TransfersFrame::TransfersFrame(Controller& controller)
    : wxFrame(nullptr, wxID_ANY, "OpenWPN transfers", wxDefaultPosition, wxSize(980, 460)), controller_(controller) {
  SetName("transfers");
  auto* panel = new wxPanel(this);
  notebook_ = new wxNotebook(panel, wxID_ANY);
  for (ListKind kind : {ListKind::Uploads, ListKind::Downloads, ListKind::Queue}) {
    auto* list = new TransferList(notebook_, controller_, kind);
    lists_[static_cast<std::size_t>(kind)] = list;
    notebook_->AddPage(list, kind == ListKind::Uploads     ? "&Uploads"
                             : kind == ListKind::Downloads ? "&Downloads"
                                                           : "&Queue");
    list->Bind(wxEVT_DATAVIEW_SELECTION_CHANGED, [this](wxDataViewEvent&) { update_buttons(); });
    list->Bind(wxEVT_DATAVIEW_ITEM_ACTIVATED, [this](wxDataViewEvent&) { open_folder(); });
    list->Bind(wxEVT_KEY_DOWN, &TransfersFrame::on_key, this);
  }
  notebook_->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& e) {
    e.Skip();
    update_buttons();
  });
  summary_ = new wxStaticText(panel, wxID_ANY, "");
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  auto add = [&](const wxString& label, auto handler) { return add_button(panel, buttons, label, handler); };
  up_ = add("Move &up", [this](wxCommandEvent&) { on_move(-1); });
  down_ = add("Move do&wn", [this](wxCommandEvent&) { on_move(+1); });
  cancel_ = add("&Cancel", [this](wxCommandEvent&) { on_cancel(); });
  retry_ = add("&Retry", [this](wxCommandEvent&) {
    if (const auto* t = selected()) act(ipc::control::TransfersRetry, ipc::to_json(ipc::TransferIdParams{t->id}));
  });
  remove_ = add("Re&move", [this](wxCommandEvent&) { on_remove(); });
  folder_ = add("&Open folder", [this](wxCommandEvent&) { open_folder(); });
  clear_ = add("Clear &finished", [this](wxCommandEvent&) { clear_finished(); });
  ban_ = add(L"&Ban user\u2026", [this](wxCommandEvent&) { on_ban(); });
  add(L"Ba&ns\u2026", [this](wxCommandEvent&) { controller_.open_bans(); });
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(notebook_, 1, wxEXPAND | wxALL, FromDIP(6));
  sizer->Add(summary_, 0, wxLEFT | wxRIGHT, FromDIP(8));
  sizer->Add(buttons, 0, wxALL, FromDIP(6));
  panel->SetSizer(sizer);
  wxAcceleratorEntry keys[] = {{wxACCEL_NORMAL, WXK_ESCAPE, wxID_CLOSE}, {wxACCEL_CTRL, 'W', wxID_CLOSE}};
  SetAcceleratorTable(wxAcceleratorTable(2, keys));
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
  remember_geometry(this, "transfers", wxSize(640, 300));
  for (auto* list : lists_) remember_columns(this, list, "transfers_" + std::string(list_name(list->kind())));
  update_buttons();
}

void TransfersFrame::refresh_from_model() {
  for (auto* list : lists_) list->sync();
  const auto& model = controller_.model();
  std::string text;
  if (model.link() != LinkState::Up) {
    text = "Not connected to the service.";
  } else if (!model.transfers_available()) {
    text = "This version of the service does not report transfers yet.";
  } else {
    text = "Uploads: " + std::to_string(model.window(ListKind::Uploads).total()) +
           "    Downloads: " + std::to_string(model.window(ListKind::Downloads).total()) +
           "    Queue: " + std::to_string(model.window(ListKind::Queue).total());
    if (controller_.busy()) text += "    (waiting for the service\u2026)";
  }
  if (summary_->GetLabel() != utf8(text)) summary_->SetLabel(utf8(text));
  update_buttons();
}

TransferList* TransfersFrame::current() const {
  const int page = notebook_->GetSelection();
  return page < 0 ? nullptr : lists_[static_cast<std::size_t>(page)];
}

const ipc::TransferDto* TransfersFrame::selected() const {
  auto* list = current();
  return list == nullptr ? nullptr : list->selected_transfer();
}

void TransfersFrame::update_buttons() {
  auto* list = current();
  const ListKind kind = list ? list->kind() : ListKind::Uploads;
  const auto* t = selected();
  const bool up = controller_.model().link() == LinkState::Up;
  const bool have = t != nullptr && up;
  const bool over = have && is_over(phase_of(t->state));
  up_->Enable(have && kind == ListKind::Queue);
  down_->Enable(have && kind == ListKind::Queue);
  remove_->Enable(have && kind != ListKind::Uploads);
  ban_->Enable(have && kind != ListKind::Downloads);
  cancel_->Enable(have && kind != ListKind::Queue && !over);
  retry_->Enable(have && kind == ListKind::Downloads && t->state == "failed");
  folder_->Enable(kind == ListKind::Downloads);
  clear_->Enable(up && kind == ListKind::Downloads);
}

void TransfersFrame::act(std::string_view method, ipc::JsonObject params) {
  controller_.request(method, std::move(params), {});
}

void TransfersFrame::on_move(int direction) {
  const auto* t = selected();
  if (t == nullptr || t->position == 0) return;
  if (direction < 0 && t->position == 1) return;
  const std::uint64_t position = direction < 0 ? t->position - 1 : t->position + 1;
  act(ipc::control::QueueMove, ipc::to_json(ipc::QueueMoveParams{t->id, position}));
}

void TransfersFrame::on_remove() {
  const auto* list = current();
  const auto* t = selected();
  if (list == nullptr || t == nullptr || list->kind() == ListKind::Uploads) return;
  act(list->kind() == ListKind::Queue ? ipc::control::QueueRemove : ipc::control::TransfersRemove,
      ipc::to_json(ipc::TransferIdParams{t->id}));
}

void TransfersFrame::on_cancel() {
  const auto* list = current();
  const auto* t = selected();
  if (list == nullptr || t == nullptr || list->kind() == ListKind::Queue) return;
  act(ipc::control::TransfersCancel, ipc::to_json(ipc::TransferIdParams{t->id}));
}

std::size_t TransfersFrame::clear_finished() {
  std::size_t asked = 0;
  for (const auto& t : controller_.model().window(ListKind::Downloads).rows()) {
    if (!is_over(phase_of(t.state))) continue;
    act(ipc::control::TransfersRemove, ipc::to_json(ipc::TransferIdParams{t.id}));
    ++asked;
  }
  return asked;
}

void TransfersFrame::open_folder() {
  const auto* list = current();
  if (list != nullptr && list->kind() == ListKind::Downloads) controller_.open_download_folder();
}

void TransfersFrame::on_key(wxKeyEvent& event) {
  const auto* list = current();
  const int key = event.GetKeyCode();
  if (list == nullptr || (key != WXK_DELETE && key != WXK_NUMPAD_DELETE)) {
    event.Skip();
    return;
  }
  // Delete stops what runs and clears what is over (or queued).
  const auto* t = list->selected_transfer();
  if (list->kind() == ListKind::Queue || (t != nullptr && is_over(phase_of(t->state))))
    on_remove();
  else
    on_cancel();
}

void TransfersFrame::on_ban() {
  const auto* t = selected();
  // An upload's peer is one full name: the ban holds for that user only. A download's
  // peers are its sources, who take nothing from us: nothing to ban there.
  if (t == nullptr || t->peer.empty() || t->direction != "upload") return;
  const wxString choices[] = {"1 hour", "1 day", "1 week", "Forever"};
  const std::uint64_t hours[] = {1, 24, 24 * 7, 0};
  const int choice = wxGetSingleChoiceIndex("Ban " + utf8(t->peer) + " for:", "Ban user", 4, choices, this);
  if (choice < 0) return;
  act(ipc::control::PeersBan, ipc::to_json(ipc::PeersBanParams{t->peer, hours[choice]}));
}

}  // namespace wpn::tray
