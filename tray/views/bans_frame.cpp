#include "views/bans_frame.h"

#include <ctime>

#include <wx/sizer.h>

#include "model/transfer_columns.h"
#include "views/view_support.h"
#include "views/window_memory.h"

namespace wpn::tray {

BansFrame::BansFrame(Controller& controller)
    : wxFrame(nullptr, wxID_ANY, "OpenWPN bans", wxDefaultPosition, wxSize(620, 320)), controller_(controller) {
  SetName("bans");
  auto* panel = new wxPanel(this);
  list_ = new wxListCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
  list_->AppendColumn("User", wxLIST_FORMAT_LEFT, FromDIP(200));
  list_->AppendColumn("Matches", wxLIST_FORMAT_LEFT, FromDIP(110));
  list_->AppendColumn("Ends", wxLIST_FORMAT_LEFT, FromDIP(120));
  list_->AppendColumn("Reason", wxLIST_FORMAT_LEFT, FromDIP(160));
  status_ = new wxStaticText(panel, wxID_ANY, L"Loading\u2026");
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  unban_ = add_button(panel, buttons, "&Unban", [this](wxCommandEvent&) { on_unban(); });
  add_button(panel, buttons, "&Refresh", [this](wxCommandEvent&) { reload(); });
  list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { unban_->Enable(true); });
  list_->Bind(wxEVT_LIST_KEY_DOWN, [this](wxListEvent& e) {
    if (e.GetKeyCode() == WXK_DELETE) on_unban();
  });
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(list_, 1, wxEXPAND | wxALL, FromDIP(6));
  sizer->Add(status_, 0, wxLEFT | wxRIGHT, FromDIP(8));
  sizer->Add(buttons, 0, wxALL, FromDIP(6));
  panel->SetSizer(sizer);
  wxAcceleratorEntry keys[] = {{wxACCEL_NORMAL, WXK_ESCAPE, wxID_CLOSE}, {wxACCEL_NORMAL, WXK_F5, wxID_REFRESH}};
  SetAcceleratorTable(wxAcceleratorTable(2, keys));
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { reload(); }, wxID_REFRESH);
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
  remember_geometry(this, "bans", wxSize(420, 220));
  remember_columns(this, list_, "bans");
  unban_->Enable(false);
  reload();
}

void BansFrame::reload() {
  status_->SetLabel(L"Loading\u2026");
  wxWeakRef<BansFrame> self(this);
  controller_.request(ipc::control::PeersBans, ipc::make_object(), [self](const CallResult& result) {
    if (!self) return;
    if (!result) {
      self->status_->SetLabel(utf8("The service did not give the bans: " + result.error().message));
      return;
    }
    self->show(ipc::ban_list_from_json(ipc::as_object(*result)));
  });
}

void BansFrame::show(const ipc::BanListDto& bans) {
  bans_ = bans.bans;
  loaded_ = true;
  list_->DeleteAllItems();
  const auto now = static_cast<std::uint64_t>(std::time(nullptr));
  for (std::size_t i = 0; i < bans_.size(); ++i) {
    const auto& ban = bans_[i];
    const long row = list_->InsertItem(static_cast<long>(i), utf8(ban.name));
    list_->SetItem(row, 1, ban.match == "base_name" ? "every suffix" : "this user");
    list_->SetItem(row, 2, utf8(ban_until_text(ban.until, now)));
    list_->SetItem(row, 3, utf8(ban.reason));
  }
  status_->SetLabel(bans_.empty() ? "Nobody is banned." : utf8(std::to_string(bans_.size()) + " bans in force."));
  unban_->Enable(false);
}

void BansFrame::on_unban() {
  const long row = list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
  if (row >= 0) unban(static_cast<std::size_t>(row));
}

void BansFrame::unban(std::size_t row) {
  if (row >= bans_.size()) return;
  wxWeakRef<BansFrame> self(this);
  controller_.request(ipc::control::PeersUnban, ipc::to_json(ipc::PeersUnbanParams{bans_[row].name}),
                      [self](const CallResult& result) {
                        if (!self) return;
                        if (!result) self->status_->SetLabel(utf8("Unban failed: " + result.error().message));
                        self->reload();
                      });
}

}  // namespace wpn::tray
