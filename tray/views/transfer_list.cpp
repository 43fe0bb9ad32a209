#include "views/transfer_list.h"

#include <algorithm>
#include <optional>

#include "model/text_format.h"
#include "model/transfer_columns.h"
#include "model/transfer_state.h"
#include "views/percent_gauge_renderer.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

// Rows fetched around the visible ones, so scrolling a little needs no new fetch.
constexpr long FetchMargin = 50;
constexpr long FetchChunk = 100;
constexpr int RowsWhenUnknown = 30;

std::vector<TransferListModel::Column> columns_of(ListKind kind) {
  switch (kind) {
    case ListKind::Uploads:
      return {{"File", 240, false}, {"User", 130, false}, {"Progress", 130, true}, {"Done", 150, false},
              {"Speed", 90, false}, {"ETA", 90, false},   {"State", 140, false}};
    case ListKind::Downloads:
      return {{"File", 220, false},  {"Sources", 130, false},  {"Progress", 130, true},
              {"Done", 150, false},  {"Speed", 90, false},     {"ETA", 90, false},
              {"Queue", 120, false}, {"Sources #", 70, false}, {"State", 200, false}};
    case ListKind::Queue:
      return {{"#", 40, false},
              {"File", 260, false},
              {"User", 140, false},
              {"Size", 80, false},
              {"Waiting because", 220, false}};
  }
  return {};
}

std::string state_column(const ipc::TransferDto& t) {
  if (!t.error.empty()) return state_text(t.state) + ": " + t.error;
  if (!t.fail_reason.empty()) return state_text(t.state) + ": " + fail_reason_text(t.fail_reason);
  if (!t.wait_reason.empty()) return state_text(t.state) + " (" + wait_reason_text(t.wait_reason) + ")";
  return state_text(t.state);
}

}  // namespace

TransferListModel::TransferListModel(Controller& controller, ListKind kind)
    : wxDataViewVirtualListModel(0), controller_(controller), kind_(kind), columns_(columns_of(kind)) {}

const ipc::TransferDto* TransferListModel::transfer_at(unsigned row) const {
  const auto& window = controller_.model().window(kind_);
  const auto at = static_cast<std::uint64_t>(row);
  if (at < window.offset() || at >= window.offset() + window.rows().size()) return nullptr;
  return &window.rows()[at - window.offset()];
}

int TransferListModel::gauge(unsigned row) const {
  const auto* t = transfer_at(row);
  return t == nullptr ? -1 : percent_of(t->done, t->size);
}

std::string TransferListModel::cell_text(unsigned row, unsigned column) const {
  const auto* t = transfer_at(row);
  if (t == nullptr || column >= columns_.size()) return "";
  const std::string& title = columns_[column].title;
  if (title == "#") return std::to_string(t->position);
  if (title == "File") return leaf_name(t->file);
  if (title == "User" || title == "Sources") return t->peer;
  if (title == "Size") return format_bytes(t->size);
  if (title == "Waiting because") return wait_reason_text(t->wait_reason);
  if (title == "Progress") return std::to_string(percent_of(t->done, t->size)) + " %";
  if (title == "Done") return format_bytes(t->done) + " of " + format_bytes(t->size);
  if (title == "Speed") return t->rate_bps ? format_rate(t->rate_bps) : "";
  if (title == "ETA") {
    if (phase_of(t->state) != TransferPhase::Transferring) return "";
    const auto* rate = controller_.model().rate(*t);
    return rate ? eta_text(rate->eta_s(t->size)) : "";
  }
  if (title == "Queue") return queue_text(*t);
  if (title == "Sources #") return std::to_string(source_count(*t));
  return state_column(*t);
}

void TransferListModel::GetValueByRow(wxVariant& value, unsigned row, unsigned column) const {
  if (column < columns_.size() && columns_[column].gauge) {
    value = static_cast<long>(std::max(0, gauge(row)));
    return;
  }
  const auto text = cell_text(row, column);
  value = (text.empty() && column == 0 && transfer_at(row) == nullptr) ? wxString(L"\u2026") : utf8(text);
}

TransferList::TransferList(wxWindow* parent, Controller& controller, ListKind kind)
    : wxDataViewCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                     wxDV_SINGLE | wxDV_ROW_LINES | wxDV_HORIZ_RULES),
      controller_(controller),
      kind_(kind),
      model_(new TransferListModel(controller, kind)) {
  AssociateModel(model_.get());
  const auto& columns = model_->columns();
  for (unsigned c = 0; c < columns.size(); ++c) {
    const int width = FromDIP(columns[c].width);
    if (columns[c].gauge)
      AppendColumn(new wxDataViewColumn(utf8(columns[c].title), new PercentGaugeRenderer, c, width, wxALIGN_CENTER,
                                        wxDATAVIEW_COL_RESIZABLE));
    else
      AppendTextColumn(utf8(columns[c].title), c, wxDATAVIEW_CELL_INERT, width, wxALIGN_NOT, wxDATAVIEW_COL_RESIZABLE);
  }
  SetName(utf8(std::string(list_name(kind))));
}

void TransferList::sync() {
  auto& window = controller_.model().window(kind_);
  const auto total = static_cast<unsigned>(window.total());
  if (model_->GetCount() != total) {
    // A reset forgets the selection: it follows its transfer to the row it has now.
    const auto* chosen = selected_transfer();
    const auto id = chosen ? std::optional<std::uint64_t>(chosen->id) : std::nullopt;
    model_->Reset(total);
    for (std::size_t i = 0; id && i < window.rows().size(); ++i)
      if (window.rows()[i].id == *id) Select(model_->GetItem(static_cast<unsigned>(window.offset() + i)));
  }
  long top = 0;
  if (const auto item = GetTopItem(); item.IsOk()) top = static_cast<long>(model_->GetRow(item));
  const int page = GetCountPerPage() > 0 ? GetCountPerPage() : RowsWhenUnknown;
  const long wanted_first = std::max(0L, top - FetchMargin) / FetchChunk * FetchChunk;
  const long wanted_count = (page + 2 * FetchMargin + FetchChunk - 1) / FetchChunk * FetchChunk;
  window.set_range(static_cast<std::uint64_t>(wanted_first),
                   std::min<std::uint64_t>(static_cast<std::uint64_t>(std::max(wanted_count, FetchChunk)),
                                           ipc::control::MaxViewRows));
  // Repaint only the rows on screen: a gauge that moves, a state that changed.
  const unsigned last = std::min<unsigned>(total, static_cast<unsigned>(top + page + 1));
  for (unsigned row = static_cast<unsigned>(top); row < last; ++row) model_->RowChanged(row);
}

const ipc::TransferDto* TransferList::selected_transfer() const {
  const auto item = GetSelection();
  if (!item.IsOk()) return nullptr;
  return model_->transfer_at(model_->GetRow(item));
}

}  // namespace wpn::tray
