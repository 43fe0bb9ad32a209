#include "views/shares_frame.h"

#include <wx/dirdlg.h>
#include <wx/msgdlg.h>
#include <wx/panel.h>
#include <wx/sizer.h>

#include "ipc/params.h"
#include "ipc/schema.h"
#include "model/text_format.h"
#include "views/view_support.h"
#include "views/window_memory.h"

namespace wpn::tray {

namespace {

std::string root_state(const ipc::ShareRootDto& root) {
  if (!root.error.empty()) return "error: " + root.error;
  if (!root.enabled) return "disabled";
  if (root.scanning) return "scanning";
  if (root.files_hashed < root.files) return "hashing";
  return "ready";
}

std::string progress_line(const ipc::ShareProgressDto& p) {
  if (p.scanning)
    return "Scanning: " + std::to_string(p.folders_seen) + " folders, " + std::to_string(p.files_seen) + " files seen";
  if (p.hashing || p.hash_files_done < p.hash_files_total) {
    std::string line = "Hashing " + std::to_string(p.hash_files_done) + " of " + std::to_string(p.hash_files_total) +
                       " files (" + format_bytes(p.hash_bytes_done) + " of " + format_bytes(p.hash_bytes_total) + ")";
    if (p.hash_paused) return line + ", paused";
    if (p.hash_bytes_per_s > 0) line += ", " + format_rate(static_cast<std::uint64_t>(p.hash_bytes_per_s));
    if (p.hash_eta_s > 0) line += ", about " + format_duration(p.hash_eta_s) + " left";
    return line;
  }
  return "All shared files are hashed.";
}

}  // namespace

SharesFrame::SharesFrame(Controller& controller)
    : wxFrame(nullptr, wxID_ANY, "OpenWPN shares", wxDefaultPosition, wxSize(760, 380)), controller_(controller) {
  SetName("shares");
  auto* panel = new wxPanel(this);
  roots_ = new wxListCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
  roots_->SetName("roots");
  roots_->AppendColumn("Folder", wxLIST_FORMAT_LEFT, FromDIP(260));
  roots_->AppendColumn("State", wxLIST_FORMAT_LEFT, FromDIP(110));
  roots_->AppendColumn("Files (hashed)", wxLIST_FORMAT_LEFT, FromDIP(110));
  roots_->AppendColumn("Size", wxLIST_FORMAT_LEFT, FromDIP(80));
  roots_->AppendColumn("Watching", wxLIST_FORMAT_LEFT, FromDIP(150));
  progress_label_ = new wxStaticText(panel, wxID_ANY, "");
  gauge_ = new wxGauge(panel, wxID_ANY, 1000);
  watch_label_ = new wxStaticText(panel, wxID_ANY, "");
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  auto add = [&](const wxString& label, auto handler) { add_button(panel, buttons, label, handler); };
  add(L"Add folder\u2026", [this](wxCommandEvent&) { on_add(); });
  add("Remove", [this](wxCommandEvent&) { on_remove(); });
  add("Rescan", [this](wxCommandEvent&) { on_rescan(false); });
  add("Rescan all", [this](wxCommandEvent&) { on_rescan(true); });
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(roots_, 1, wxEXPAND | wxALL, FromDIP(6));
  sizer->Add(progress_label_, 0, wxLEFT | wxRIGHT, FromDIP(8));
  sizer->Add(gauge_, 0, wxEXPAND | wxALL, FromDIP(6));
  sizer->Add(watch_label_, 0, wxLEFT | wxRIGHT, FromDIP(8));
  sizer->Add(buttons, 0, wxALL, FromDIP(6));
  panel->SetSizer(sizer);
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
  wxAcceleratorEntry keys[] = {{wxACCEL_NORMAL, WXK_ESCAPE, wxID_CLOSE}, {wxACCEL_CTRL, 'W', wxID_CLOSE}};
  SetAcceleratorTable(wxAcceleratorTable(2, keys));
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
  remember_geometry(this, "shares", wxSize(480, 260));
  remember_columns(this, roots_, "shares");
}

void SharesFrame::refresh_from_model() {
  const auto& model = controller_.model();
  const auto& roots = model.roots();
  if (roots_->GetItemCount() != static_cast<int>(roots.size())) {
    roots_->DeleteAllItems();
    for (std::size_t i = 0; i < roots.size(); ++i) roots_->InsertItem(static_cast<long>(i), "");
  }
  std::string degraded;
  for (std::size_t i = 0; i < roots.size(); ++i) {
    const auto& root = roots[i];
    const auto row = static_cast<long>(i);
    roots_->SetItem(row, 0, utf8(root.path));
    roots_->SetItem(row, 1, utf8(root_state(root)));
    roots_->SetItem(row, 2, utf8(std::to_string(root.files) + " (" + std::to_string(root.files_hashed) + ")"));
    roots_->SetItem(row, 3, utf8(format_bytes(root.bytes)));
    roots_->SetItem(row, 4, utf8(root.watch + (root.watch_reason.empty() ? "" : ": " + root.watch_reason)));
    if (root.watch == "degraded" && degraded.empty())
      degraded = "Watching " + root.path + " is degraded (" + root.watch_reason + "): changes are found by rescans.";
  }
  const auto& progress = model.share_progress();
  progress_label_->SetLabel(
      utf8(model.link() == LinkState::Up ? progress_line(progress) : "Not connected to the service."));
  const auto total = progress.hash_bytes_total;
  gauge_->SetValue(total == 0 ? (progress.scanning ? 0 : 1000)
                              : static_cast<int>(progress.hash_bytes_done * 1000 / std::max<std::uint64_t>(total, 1)));
  watch_label_->SetLabel(utf8(degraded));
}

const ipc::ShareRootDto* SharesFrame::selected() const {
  const long index = roots_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
  const auto& roots = controller_.model().roots();
  if (index < 0 || static_cast<std::size_t>(index) >= roots.size()) return nullptr;
  return &roots[static_cast<std::size_t>(index)];
}

void SharesFrame::on_add() {
  wxDirDialog dialog(this, "Choose a folder to share", wxGetHomeDir(), wxDD_DEFAULT_STYLE | wxDD_DIR_MUST_EXIST);
  if (dialog.ShowModal() != wxID_OK) return;
  controller_.request(ipc::method::SharesAdd, ipc::to_json(ipc::SharesAddParams{dialog.GetPath().utf8_string()}), {});
}

void SharesFrame::on_remove() {
  const auto* root = selected();
  if (root == nullptr) return;
  if (wxMessageBox("Stop sharing " + utf8(root->path) + "?\nThe files stay where they are.", "Remove share",
                   wxYES_NO | wxICON_QUESTION, this) != wxYES)
    return;
  ipc::ShareRef ref;
  ref.id = root->id;
  controller_.request(ipc::method::SharesRemove, ipc::to_json(ref), {});
}

void SharesFrame::on_rescan(bool all) {
  ipc::ShareRef ref;
  if (!all) {
    const auto* root = selected();
    if (root == nullptr) return;
    ref.id = root->id;
  }
  controller_.request(ipc::method::SharesRescan, ipc::to_json(ref), {});
}

}  // namespace wpn::tray
