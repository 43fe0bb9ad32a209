#include "views/browse_frame.h"

#include <wx/sizer.h>
#include <wx/splitter.h>

#include "ipc/network_params.h"
#include "ipc/schema.h"
#include "model/text_format.h"
#include "views/view_support.h"
#include "views/window_memory.h"

namespace wpn::tray {

namespace {

constexpr int PollMs = 1000;
constexpr int MaxPolls = 90;  // a browse of thousands of files takes a while over a slow link
constexpr std::size_t ExpandAllFolders = 200;

// The folder index rides on each tree item.
class FolderData : public wxTreeItemData {
 public:
  explicit FolderData(std::size_t index) : folder(index) {}
  std::size_t folder;
};

}  // namespace

BrowseFrame::BrowseFrame(Controller& controller, std::string user, std::string handle)
    : wxFrame(nullptr, wxID_ANY, utf8("OpenWPN browse: " + user), wxDefaultPosition, wxSize(900, 520)),
      controller_(controller),
      user_(std::move(user)),
      handle_(std::move(handle)),
      timer_(this) {
  SetName("browse");
  auto* panel = new wxPanel(this);
  auto* splitter = new wxSplitterWindow(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
  folders_ = new wxTreeCtrl(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                            wxTR_DEFAULT_STYLE | wxTR_SINGLE | wxTR_HIDE_ROOT);
  folders_->SetName("browse_folders");
  files_ = new wxListCtrl(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
  files_->SetName("browse_files");
  files_->AppendColumn("File", wxLIST_FORMAT_LEFT, FromDIP(280));
  files_->AppendColumn("Size", wxLIST_FORMAT_RIGHT, FromDIP(90));
  files_->AppendColumn("Media", wxLIST_FORMAT_LEFT, FromDIP(200));
  splitter->SplitVertically(folders_, files_, FromDIP(260));
  splitter->SetMinimumPaneSize(FromDIP(80));

  auto* bottom = new wxBoxSizer(wxHORIZONTAL);
  busy_ = new wxActivityIndicator(panel);
  bottom->Add(busy_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(6));
  status_ = new wxStaticText(panel, wxID_ANY, "");
  bottom->Add(status_, 1, wxALIGN_CENTER_VERTICAL);
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  add_button(panel, buttons, "&Download file", [this](wxCommandEvent&) { on_download_file(); });
  add_button(panel, buttons, "Download &folder", [this](wxCommandEvent&) {
    if (const auto folder = selected_folder()) download_folder(*folder);
  });
  add_button(panel, buttons, "&Refresh", [this](wxCommandEvent&) { reload(); });

  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(splitter, 1, wxEXPAND | wxALL, FromDIP(6));
  sizer->Add(bottom, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(8));
  sizer->Add(buttons, 0, wxALL, FromDIP(6));
  panel->SetSizer(sizer);

  folders_->Bind(wxEVT_TREE_SEL_CHANGED, [this](wxTreeEvent&) {
    if (const auto folder = selected_folder()) show_folder(*folder);
  });
  files_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { on_download_file(); });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { poll(); });
  wxAcceleratorEntry keys[] = {{wxACCEL_NORMAL, WXK_ESCAPE, wxID_CLOSE},
                               {wxACCEL_CTRL, 'W', wxID_CLOSE},
                               {wxACCEL_NORMAL, WXK_F5, wxID_REFRESH}};
  SetAcceleratorTable(wxAcceleratorTable(3, keys));
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { reload(); }, wxID_REFRESH);
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) {
    timer_.Stop();
    Destroy();
  });
  remember_geometry(this, "browse", wxSize(560, 320));
  remember_columns(this, files_, "browse_files");
  reload();
}

void BrowseFrame::reload() {
  browse_id_.reset();
  done_ = false;
  ++asked_;
  busy_->Start();
  status_->SetLabel(utf8("Asking " + user_ + " for the list of files\u2026"));
  wxWeakRef<BrowseFrame> self(this);
  const auto asked = asked_;
  controller_.request(ipc::method::Browse, ipc::to_json(ipc::PeerParams{user_, handle_}),
                      [self, asked](const CallResult& result) {
                        if (!self || asked != self->asked_) return;
                        if (!result) {
                          self->busy_->Stop();
                          self->status_->SetLabel(utf8("The browse was refused: " + result.error().message));
                          return;
                        }
                        self->browse_id_ = ipc::request_id_from_json(ipc::as_object(*result)).id;
                        self->polls_left_ = MaxPolls;
                        self->poll();
                        self->timer_.Start(PollMs);
                      });
}

void BrowseFrame::poll() {
  if (!browse_id_ || in_flight_) return;
  if (polls_left_-- <= 0) {
    timer_.Stop();
    busy_->Stop();
    status_->SetLabel(utf8(user_ + " did not send a list of files."));
    return;
  }
  in_flight_ = true;
  wxWeakRef<BrowseFrame> self(this);
  const auto asked = asked_;
  controller_.request(ipc::method::BrowseResults, ipc::to_json(ipc::RequestIdParams{*browse_id_}),
                      [self, asked](const CallResult& result) {
                        if (!self) return;
                        self->in_flight_ = false;
                        if (asked != self->asked_ || !result) return;
                        const auto answer = ipc::browse_answer_from_json(ipc::as_object(*result));
                        if (answer.done) self->show(answer);
                      });
}

void BrowseFrame::show(const ipc::BrowseAnswerDto& answer) {
  timer_.Stop();
  busy_->Stop();
  browse_id_.reset();
  done_ = true;
  status_->SetLabel(utf8(browse_status_text(answer)));
  status_->Wrap(GetClientSize().x - FromDIP(60));
  tree_.build(answer.files);
  folders_->DeleteAllItems();
  items_.assign(tree_.folders().size(), wxTreeItemId());
  const auto root = folders_->AddRoot("");
  const auto all =
      folders_->AppendItem(root, utf8(user_ + " (" + format_bytes(tree_.folder(BrowseTree::Root).bytes) + ")"), -1, -1,
                           new FolderData(BrowseTree::Root));
  items_[BrowseTree::Root] = all;
  add_folders(all, BrowseTree::Root);
  // A small tree opens fully; a big one shows its top folders only.
  if (tree_.folders().size() <= ExpandAllFolders)
    folders_->ExpandAllChildren(all);
  else
    folders_->Expand(all);
  // The first folder (depth first) that holds files is what a person looks for first.
  wxTreeItemId first = all;
  std::vector<std::size_t> stack{BrowseTree::Root};
  while (!stack.empty()) {
    const auto at = stack.back();
    stack.pop_back();
    if (!tree_.folder(at).files.empty()) {
      first = items_[at];
      break;
    }
    const auto& subs = tree_.folder(at).folders;
    for (auto it = subs.rbegin(); it != subs.rend(); ++it) stack.push_back(*it);
  }
  folders_->SelectItem(first);
  if (const auto folder = selected_folder()) show_folder(*folder);
  Layout();
}

void BrowseFrame::add_folders(const wxTreeItemId& parent, std::size_t folder) {
  for (auto index : tree_.folder(folder).folders) {
    const auto& sub = tree_.folder(index);
    const auto item = folders_->AppendItem(
        parent, utf8(sub.name + "  (" + std::to_string(sub.file_count) + ", " + format_bytes(sub.bytes) + ")"), -1, -1,
        new FolderData(index));
    items_[index] = item;
    add_folders(item, index);
  }
}

void BrowseFrame::show_folder(std::size_t folder) {
  shown_folder_ = folder;
  files_->DeleteAllItems();
  const auto& entries = tree_.folder(folder).files;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& file = tree_.files()[entries[i]];
    const long row = files_->InsertItem(static_cast<long>(i), utf8(leaf_name(file.file)));
    files_->SetItem(row, 1, utf8(format_bytes(file.size)));
    files_->SetItem(row, 2, utf8(media_text(file.bitrate, file.frequency, file.duration)));
  }
}

std::optional<std::size_t> BrowseFrame::selected_folder() const {
  const auto item = folders_->GetSelection();
  if (!item.IsOk()) return std::nullopt;
  const auto* data = dynamic_cast<FolderData*>(folders_->GetItemData(item));
  if (data == nullptr) return std::nullopt;
  return data->folder;
}

void BrowseFrame::download(const ipc::BrowseFileDto& file) {
  const auto bytes = ipc::bytes_of_hex(file.file_hex);
  ipc::DownloadParams params{file.key, user_, handle_, bytes ? *bytes : file.file, ""};
  wxWeakRef<BrowseFrame> self(this);
  const std::string name = leaf_name(file.file);
  controller_.request(ipc::method::Download, ipc::to_json(params), [self, name](const CallResult& result) {
    if (self && !result)
      self->status_->SetLabel(utf8("The download of " + name + " was refused: " + result.error().message));
  });
}

void BrowseFrame::on_download_file() {
  const long row = files_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
  const auto& entries = tree_.folder(shown_folder_).files;
  if (row < 0 || static_cast<std::size_t>(row) >= entries.size()) return;
  download(tree_.files()[entries[static_cast<std::size_t>(row)]]);
}

std::size_t BrowseFrame::download_folder(std::size_t folder) {
  const auto files = tree_.files_under(folder);
  for (const auto* file : files) download(*file);
  status_->SetLabel(utf8("Asked for " + std::to_string(files.size()) + " downloads from " + user_ + "."));
  return files.size();
}

}  // namespace wpn::tray
