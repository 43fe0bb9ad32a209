#include "views/transfers_frame.h"

#include <wx/choicdlg.h>
#include <wx/sizer.h>

#include "ipc/control_dto.h"
#include "model/text_format.h"
#include "model/transfer_state.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

// Rows fetched around the visible ones, so scrolling a little needs no new fetch.
constexpr long FetchMargin = 50;
constexpr long FetchChunk = 100;

struct Column {
  const char* title;
  int width;
};

std::vector<Column> columns_of(ListKind kind) {
  switch (kind) {
    case ListKind::Uploads:
      return {{"File", 260}, {"User", 140}, {"Progress", 170}, {"Speed", 90}, {"State", 110}};
    case ListKind::Downloads:
      return {{"File", 260}, {"Source", 140}, {"Progress", 170}, {"Speed", 90}, {"State", 160}};
    case ListKind::Queue:
      return {{"#", 40}, {"File", 260}, {"User", 140}, {"Size", 80}, {"Waiting because", 220}};
  }
  return {};
}

}  // namespace

TransferList::TransferList(wxWindow* parent, Controller& controller, ListKind kind)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL),
      controller_(controller),
      kind_(kind) {
  const auto columns = columns_of(kind);
  for (std::size_t i = 0; i < columns.size(); ++i)
    AppendColumn(columns[i].title, wxLIST_FORMAT_LEFT, FromDIP(columns[i].width));
  SetName(utf8(std::string(list_name(kind))));
}

void TransferList::sync() {
  auto& window = controller_.model().window(kind_);
  const auto total = static_cast<long>(window.total());
  if (GetItemCount() != total) SetItemCount(total);
  const long top = GetTopItem();
  const long wanted_first = std::max(0L, top - FetchMargin) / FetchChunk * FetchChunk;
  const long wanted_count = (GetCountPerPage() + 2 * FetchMargin + FetchChunk - 1) / FetchChunk * FetchChunk;
  window.set_range(static_cast<std::uint64_t>(wanted_first),
                   std::min<std::uint64_t>(static_cast<std::uint64_t>(std::max(wanted_count, FetchChunk)),
                                           ipc::control::MaxViewRows));
  if (total > 0) RefreshItems(std::max(0L, top), std::min(total - 1, top + GetCountPerPage() + 1));
}

const ipc::TransferDto* TransferList::transfer_at(long index) const {
  const auto& window = controller_.model().window(kind_);
  if (index < 0) return nullptr;
  const auto at = static_cast<std::uint64_t>(index);
  if (at < window.offset() || at >= window.offset() + window.rows().size()) return nullptr;
  return &window.rows()[at - window.offset()];
}

wxString TransferList::OnGetItemText(long item, long column) const {
  const auto* t = transfer_at(item);
  if (t == nullptr) return column == 0 ? wxString(L"\u2026") : wxString();
  std::string text;
  if (kind_ == ListKind::Queue) {
    switch (column) {
      case 0:
        text = std::to_string(t->position);
        break;
      case 1:
        text = leaf_name(t->file);
        break;
      case 2:
        text = t->peer;
        break;
      case 3:
        text = format_bytes(t->size);
        break;
      default:
        text = wait_reason_text(t->wait_reason);
    }
  } else {
    switch (column) {
      case 0:
        text = leaf_name(t->file);
        break;
      case 1:
        text = t->peer;
        break;
      case 2:
        text = progress_text(t->done, t->size);
        break;
      case 3:
        text = t->rate_bps ? format_rate(t->rate_bps) : "";
        break;
      default:
        text = !t->error.empty()         ? state_text(t->state) + ": " + t->error
               : !t->fail_reason.empty() ? state_text(t->state) + ": " + fail_reason_text(t->fail_reason)
               : !t->wait_reason.empty() ? state_text(t->state) + " (" + wait_reason_text(t->wait_reason) + ")"
                                         : state_text(t->state);
    }
  }
  return utf8(text);
}

TransfersFrame::TransfersFrame(Controller& controller)
    : wxFrame(nullptr, wxID_ANY, "OpenWPN transfers", wxDefaultPosition, wxSize(820, 440)), controller_(controller) {
  SetName("transfers");
  auto* panel = new wxPanel(this);
  notebook_ = new wxNotebook(panel, wxID_ANY);
  for (ListKind kind : {ListKind::Uploads, ListKind::Downloads, ListKind::Queue}) {
    auto* list = new TransferList(notebook_, controller_, kind);
    lists_[static_cast<std::size_t>(kind)] = list;
    notebook_->AddPage(list, kind == ListKind::Uploads     ? "Uploads"
                             : kind == ListKind::Downloads ? "Downloads"
                                                           : "Queue");
    list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { update_buttons(); });
    list->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_buttons(); });
    list->Bind(wxEVT_SCROLLWIN_THUMBRELEASE, [this, list](wxScrollWinEvent& e) {
      e.Skip();
      list->sync();
      controller_.refresh_soon();
    });
  }
  notebook_->Bind(wxEVT_NOTEBOOK_PAGE_CHANGED, [this](wxBookCtrlEvent& e) {
    e.Skip();
    update_buttons();
  });
  summary_ = new wxStaticText(panel, wxID_ANY, "");
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  auto add = [&](const wxString& label, auto handler) { return add_button(panel, buttons, label, handler); };
  up_ = add("Move up", [this](wxCommandEvent&) { on_move(-1); });
  down_ = add("Move down", [this](wxCommandEvent&) { on_move(+1); });
  remove_ = add("Remove", [this](wxCommandEvent&) {
    const auto* list = current();
    const auto* t = selected();
    if (list != nullptr && t != nullptr)
      act(list->kind() == ListKind::Queue ? ipc::control::QueueRemove : ipc::control::TransfersRemove,
          ipc::to_json(ipc::TransferIdParams{t->id}));
  });
  ban_ = add(L"Ban user\u2026", [this](wxCommandEvent&) { on_ban(); });
  cancel_ = add("Cancel", [this](wxCommandEvent&) {
    if (const auto* t = selected()) act(ipc::control::TransfersCancel, ipc::to_json(ipc::TransferIdParams{t->id}));
  });
  retry_ = add("Retry", [this](wxCommandEvent&) {
    if (const auto* t = selected()) act(ipc::control::TransfersRetry, ipc::to_json(ipc::TransferIdParams{t->id}));
  });
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(notebook_, 1, wxEXPAND | wxALL, FromDIP(6));
  sizer->Add(summary_, 0, wxLEFT | wxRIGHT, FromDIP(8));
  sizer->Add(buttons, 0, wxALL, FromDIP(6));
  panel->SetSizer(sizer);
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
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
  }
  summary_->SetLabel(utf8(text));
  update_buttons();
}

TransferList* TransfersFrame::current() const {
  const int page = notebook_->GetSelection();
  return page < 0 ? nullptr : lists_[static_cast<std::size_t>(page)];
}

const ipc::TransferDto* TransfersFrame::selected() const {
  auto* list = current();
  if (list == nullptr) return nullptr;
  return list->transfer_at(list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED));
}

void TransfersFrame::update_buttons() {
  auto* list = current();
  const ListKind kind = list ? list->kind() : ListKind::Uploads;
  const bool have = selected() != nullptr && controller_.model().link() == LinkState::Up;
  up_->Enable(have && kind == ListKind::Queue);
  down_->Enable(have && kind == ListKind::Queue);
  remove_->Enable(have && kind != ListKind::Uploads);
  ban_->Enable(have && kind != ListKind::Downloads);
  cancel_->Enable(have && kind != ListKind::Queue);
  retry_->Enable(have && kind == ListKind::Downloads);
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
