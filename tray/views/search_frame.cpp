#include "views/search_frame.h"

#include <array>

#include <wx/clipbrd.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/textdlg.h>

#include "ipc/network_params.h"
#include "ipc/schema.h"
#include "model/browse_tree.h"
#include "model/file_key_text.h"
#include "model/text_format.h"
#include "views/view_support.h"
#include "views/window_memory.h"

namespace wpn::tray {

namespace {

constexpr int PollMs = 1000;
constexpr int WhoisTries = 15;
constexpr int WhoisTimerId = 2;
constexpr std::array<SearchColumn, 6> SortableColumns{SearchColumn::Name,    SearchColumn::Size,
                                                      SearchColumn::Bitrate, SearchColumn::Duration,
                                                      SearchColumn::Sources, SearchColumn::Type};
constexpr std::array<FileType, 8> TypeChoices{FileType::Any,     FileType::Audio,    FileType::Video,
                                              FileType::Image,   FileType::Document, FileType::Archive,
                                              FileType::Program, FileType::Other};
constexpr std::array<std::uint64_t, 6> BitrateChoices{0, 64, 128, 192, 256, 320};
constexpr std::uint64_t MiB = 1024 * 1024;

enum MenuId : int { IdDownload = wxID_HIGHEST + 100, IdBrowse, IdWhois, IdPm, IdCopyKey };

}  // namespace

SearchList::SearchList(wxWindow* parent, const SearchResults& results)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL),
      results_(results) {
  const std::array<std::pair<const char*, int>, 7> columns{
      {{"File", 300}, {"Size", 90}, {"Bitrate", 80}, {"Length", 70}, {"Sources", 70}, {"Type", 80}, {"Users", 200}}};
  for (const auto& [title, width] : columns) AppendColumn(title, wxLIST_FORMAT_LEFT, FromDIP(width));
  SetName("search_results");
}

void SearchList::sync() {
  const auto count = static_cast<long>(results_.row_count());
  if (GetItemCount() != count) SetItemCount(count);
  if (count > 0) {
    const long top = GetTopItem();
    RefreshItems(top, std::min(count - 1, top + GetCountPerPage() + 1));
  }
}

wxString SearchList::OnGetItemText(long item, long column) const {
  if (item < 0 || static_cast<std::size_t>(item) >= results_.row_count()) return "";
  const auto& row = results_.row(static_cast<std::size_t>(item));
  std::string text;
  switch (column) {
    case 0:
      text = row.name;
      break;
    case 1:
      text = format_bytes(row.size);
      break;
    case 2:
      text = row.bitrate ? std::to_string(row.bitrate) + " kbit/s" : "";
      break;
    case 3:
      text = row.duration ? media_text(0, 0, row.duration) : "";
      break;
    case 4:
      text = std::to_string(row.sources.size());
      break;
    case 5:
      text = std::string(type_text(row.type));
      break;
    default:
      text = row.users_text();
  }
  return utf8(text);
}

SearchFrame::SearchFrame(Controller& controller)
    : wxFrame(nullptr, wxID_ANY, "OpenWPN search", wxDefaultPosition, wxSize(940, 520)),
      controller_(controller),
      timer_(this),
      whois_timer_(this, WhoisTimerId) {
  SetName("search");
  auto* panel = new wxPanel(this);
  auto* top = new wxBoxSizer(wxHORIZONTAL);
  top->Add(new wxStaticText(panel, wxID_ANY, "&Find:"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
  query_ = new wxTextCtrl(panel, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
  query_->SetHint("words, or a pasted HASH> key");
  query_->SetName("query");
  top->Add(query_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
  auto* go = new wxButton(panel, wxID_FIND, "&Search");
  top->Add(go, 0, wxALIGN_CENTER_VERTICAL);
  busy_ = new wxActivityIndicator(panel);
  top->Add(busy_, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(6));

  auto* filters = new wxBoxSizer(wxHORIZONTAL);
  filters->Add(new wxStaticText(panel, wxID_ANY, "&Type:"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
  type_ = new wxChoice(panel, wxID_ANY);
  for (auto type : TypeChoices) type_->Append(utf8(std::string(type_text(type))));
  type_->SetSelection(0);
  filters->Add(type_, 0, wxRIGHT, FromDIP(10));
  filters->Add(new wxStaticText(panel, wxID_ANY, "At least (MiB):"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
  min_size_ = new wxSpinCtrl(panel, wxID_ANY, "0", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 0, 100000, 0);
  filters->Add(min_size_, 0, wxRIGHT, FromDIP(10));
  filters->Add(new wxStaticText(panel, wxID_ANY, "Bitrate at least:"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
               FromDIP(4));
  min_bitrate_ = new wxChoice(panel, wxID_ANY);
  for (auto rate : BitrateChoices) min_bitrate_->Append(rate == 0 ? wxString("any") : wxString::Format("%llu", rate));
  min_bitrate_->SetSelection(0);
  filters->Add(min_bitrate_, 0);

  list_ = new SearchList(panel, results_);
  progress_ = new wxStaticText(panel, wxID_ANY, "Type words or paste a HASH> key, then press Enter.");
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(top, 0, wxEXPAND | wxALL, FromDIP(6));
  sizer->Add(filters, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
  sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(6));
  sizer->Add(progress_, 0, wxEXPAND | wxALL, FromDIP(6));
  panel->SetSizer(sizer);

  auto search = [this](wxCommandEvent&) { start_search(query_->GetValue().utf8_string()); };
  query_->Bind(wxEVT_TEXT_ENTER, search);
  go->Bind(wxEVT_BUTTON, search);
  type_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { apply_filter(); });
  min_bitrate_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { apply_filter(); });
  min_size_->Bind(wxEVT_SPINCTRL, [this](wxSpinEvent&) { apply_filter(); });
  list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { download_row(e.GetIndex()); });
  list_->Bind(wxEVT_LIST_ITEM_RIGHT_CLICK, [this](wxListEvent& e) { context_menu(e.GetIndex()); });
  // The menu key and Shift+F10 open the same menu for the selected row.
  list_->Bind(wxEVT_CONTEXT_MENU, [this](wxContextMenuEvent& e) {
    if (e.GetPosition() == wxDefaultPosition)
      context_menu(selected_row());
    else
      e.Skip();
  });
  list_->Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) {
    const auto column = static_cast<std::size_t>(e.GetColumn());
    if (column >= SortableColumns.size()) return;
    const auto key = selected_key();
    results_.sort_by(SortableColumns[column]);
    resync(key);
  });
  Bind(wxEVT_TIMER, [this](wxTimerEvent& e) { e.GetId() == WhoisTimerId ? poll_whois() : poll(); });
  wxAcceleratorEntry keys[] = {{wxACCEL_NORMAL, WXK_ESCAPE, wxID_CLOSE},
                               {wxACCEL_CTRL, 'W', wxID_CLOSE},
                               {wxACCEL_CTRL, 'F', wxID_FIND},
                               {wxACCEL_CTRL, 'L', wxID_FIND}};
  SetAcceleratorTable(wxAcceleratorTable(4, keys));
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
  Bind(
      wxEVT_MENU, [this](wxCommandEvent&) { query_->SetFocus(), query_->SelectAll(); }, wxID_FIND);
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) {
    timer_.Stop();
    whois_timer_.Stop();
    Destroy();
  });
  remember_geometry(this, "search", wxSize(560, 320));
  remember_columns(this, list_, "search");
  query_->SetFocus();
}

bool SearchFrame::start_search(const std::string& text) {
  query_->ChangeValue(utf8(text));
  const auto input = parse_search_input(text);
  if (!input.error.empty()) {
    say(input.error);
    return false;
  }
  results_.clear();
  list_->sync();
  search_id_.reset();
  poll_in_flight_ = false;
  const auto generation = ++generation_;
  busy_->Start();
  say("Asking the network\u2026");
  wxWeakRef<SearchFrame> self(this);
  controller_.request(ipc::method::Search, ipc::to_json(ipc::SearchParams{input.words, input.key}),
                      [self, generation](const CallResult& result) {
                        if (!self || generation != self->generation_) return;
                        if (!result) {
                          self->busy_->Stop();
                          self->say(result.error().code == ipc::ErrorCode::Conflict
                                        ? "Not connected to a hub yet: try again in a moment."
                                        : "The search was refused: " + result.error().message);
                          return;
                        }
                        self->search_id_ = ipc::request_id_from_json(ipc::as_object(*result)).id;
                        self->polling_ = SearchPolling{self->controller_.now(), self->controller_.now()};
                        self->message_.clear();
                        self->poll();
                        self->timer_.Start(PollMs);
                      });
  return true;
}

void SearchFrame::poll() {
  if (!search_id_ || poll_in_flight_) return;
  const double now = controller_.now();
  if (!polling_.listening(now)) {
    timer_.Stop();
    busy_->Stop();
    update_progress();
    return;
  }
  poll_in_flight_ = true;
  wxWeakRef<SearchFrame> self(this);
  const auto generation = generation_;
  controller_.request(ipc::method::SearchResults, ipc::to_json(ipc::RequestIdParams{*search_id_}),
                      [self, generation](const CallResult& result) {
                        if (!self || generation != self->generation_) return;
                        self->poll_in_flight_ = false;
                        if (result) {
                          const auto answer = ipc::search_results_from_json(ipc::as_object(*result));
                          const auto key = self->selected_key();
                          if (self->results_.add(answer.results) > 0) {
                            self->polling_.last_new = self->controller_.now();
                            self->resync(key);
                          }
                        } else if (result.error().code == ipc::ErrorCode::NotFound) {
                          self->search_id_.reset();  // the service forgot it (it keeps the last 32)
                          self->timer_.Stop();
                          self->busy_->Stop();
                        }
                        self->update_progress();
                      });
}

std::string SearchFrame::selected_key() const {
  const long row = selected_row();
  return row >= 0 && static_cast<std::size_t>(row) < results_.row_count()
             ? results_.row(static_cast<std::size_t>(row)).key
             : "";
}

// Rows move as results stream in and as they are re-sorted: the selection follows its file,
// so Enter never downloads another file than the one chosen.
void SearchFrame::resync(const std::string& selected) {
  const long before = selected_row();
  if (before >= 0) list_->SetItemState(before, 0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
  list_->sync();
  if (selected.empty()) return;
  if (const auto row = results_.row_of_key(selected)) {
    list_->SetItemState(static_cast<long>(*row), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                        wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    list_->EnsureVisible(static_cast<long>(*row));
  }
}

void SearchFrame::apply_filter() {
  SearchFilter filter;
  filter.type = TypeChoices.at(static_cast<std::size_t>(std::max(0, type_->GetSelection())));
  filter.min_size = static_cast<std::uint64_t>(min_size_->GetValue()) * MiB;
  filter.min_bitrate = BitrateChoices.at(static_cast<std::size_t>(std::max(0, min_bitrate_->GetSelection())));
  const auto key = selected_key();
  results_.set_filter(filter);
  resync(key);
  update_progress();
}

void SearchFrame::update_progress() {
  std::string text = search_progress_text(results_, search_id_ && polling_.listening(controller_.now()));
  if (!message_.empty()) text += "  \u2014 " + message_;
  if (progress_->GetLabel() != utf8(text)) progress_->SetLabel(utf8(text));
}

void SearchFrame::say(const std::string& text) {
  message_ = text;
  if (!search_id_) {
    progress_->SetLabel(utf8(text));
    return;
  }
  update_progress();
}

long SearchFrame::selected_row() const { return list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); }

void SearchFrame::download_row(long row) {
  if (row < 0 || static_cast<std::size_t>(row) >= results_.row_count()) return;
  const auto& group = results_.row(static_cast<std::size_t>(row));
  if (group.sources.empty()) return;
  const auto& source = group.sources.front();
  const auto bytes = ipc::bytes_of_hex(source.file_hex);
  ipc::DownloadParams params{source.key, source.user, source.handle, bytes ? *bytes : source.file, ""};
  const std::string name = group.name;
  wxWeakRef<SearchFrame> self(this);
  controller_.request(ipc::method::Download, ipc::to_json(params), [self, name](const CallResult& result) {
    if (!self) return;
    if (result) {
      ++self->downloads_started_;
      self->say("Downloading " + name + ": see the transfers window.");
    } else {
      self->say("The download of " + name + " was refused: " + result.error().message);
    }
  });
}

void SearchFrame::context_menu(long row) {
  if (row < 0 || static_cast<std::size_t>(row) >= results_.row_count()) return;
  const auto source = results_.row(static_cast<std::size_t>(row)).sources.front();
  const auto key = results_.row(static_cast<std::size_t>(row)).key;
  wxMenu menu;
  menu.Append(IdDownload, "&Download");
  menu.Append(IdBrowse, utf8("&Browse " + source.user));
  menu.Append(IdWhois, utf8("&Whois " + source.user));
  menu.Append(IdPm, utf8("&Private message to " + source.user + "\u2026"));
  menu.Append(IdCopyKey, "&Copy HASH> key")->Enable(!hash_text_of_key(key).empty());
  const int choice = GetPopupMenuSelectionFromUser(menu);
  switch (choice) {
    case IdDownload:
      download_row(row);
      break;
    case IdBrowse:
      controller_.open_browse(source.user, source.handle);
      break;
    case IdWhois:
      whois(source);
      break;
    case IdPm:
      send_pm(source);
      break;
    case IdCopyKey:
      if (wxTheClipboard->Open()) {
        wxTheClipboard->SetData(new wxTextDataObject(utf8(hash_text_of_key(key))));
        wxTheClipboard->Close();
      }
      break;
    default:
      break;
  }
}

void SearchFrame::whois(const ipc::SearchResultDto& source) {
  wxWeakRef<SearchFrame> self(this);
  say("Asking who " + source.user + " is\u2026");
  controller_.request(ipc::method::Whois, ipc::to_json(ipc::PeerParams{source.user, source.handle}),
                      [self](const CallResult& started) {
                        if (!self) return;
                        if (!started) return self->say("Whois refused: " + started.error().message);
                        self->whois_id_ = ipc::request_id_from_json(ipc::as_object(*started)).id;
                        self->whois_left_ = WhoisTries;
                        self->whois_timer_.Start(PollMs);
                      });
}

// The answer comes from the network: asked once a second, a few times.
void SearchFrame::poll_whois() {
  if (!whois_id_ || whois_in_flight_) return;
  if (whois_left_-- <= 0) {
    whois_id_.reset();
    whois_timer_.Stop();
    say("No whois answer.");
    return;
  }
  whois_in_flight_ = true;
  wxWeakRef<SearchFrame> self(this);
  controller_.request(ipc::method::WhoisResult, ipc::to_json(ipc::RequestIdParams{*whois_id_}),
                      [self](const CallResult& result) {
                        if (!self) return;
                        self->whois_in_flight_ = false;
                        if (!result) return;
                        const auto answer = ipc::whois_answer_from_json(ipc::as_object(*result));
                        if (!answer.done) return;
                        self->whois_id_.reset();
                        self->whois_timer_.Stop();
                        self->say(answer.found ? answer.user + ": " + std::to_string(answer.shared_files) +
                                                     " files, online " + format_duration(answer.online_time) +
                                                     (answer.queue_status.empty() ? "" : ", " + answer.queue_status)
                                               : answer.user + " is not online.");
                      });
}

void SearchFrame::send_pm(const ipc::SearchResultDto& source) {
  if (controller_.unattended()) return;
  const wxString text = wxGetTextFromUser("Message to " + utf8(source.user) + ":", "Private message", "", this);
  if (text.empty()) return;
  wxWeakRef<SearchFrame> self(this);
  const std::string user = source.user;
  controller_.request(ipc::method::PmSend,
                      ipc::to_json(ipc::PmSendParams{source.user, source.handle, text.utf8_string()}),
                      [self, user](const CallResult& result) {
                        if (self) self->say(result ? "Message sent to " + user : "Not sent: " + result.error().message);
                      });
}

}  // namespace wpn::tray
