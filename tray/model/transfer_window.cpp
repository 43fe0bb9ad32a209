#include "model/transfer_window.h"

#include <algorithm>

#include "model/transfer_state.h"

namespace wpn::tray {

std::string_view list_name(ListKind kind) noexcept {
  switch (kind) {
    case ListKind::Uploads:
      return ipc::transfer_list::Uploads;
    case ListKind::Downloads:
      return ipc::transfer_list::Downloads;
    case ListKind::Queue:
      return ipc::transfer_list::Queue;
  }
  return ipc::transfer_list::Uploads;
}

ListKind list_of(const ipc::TransferDto& transfer) noexcept {
  if (transfer.direction == "download") return ListKind::Downloads;
  if (transfer.position > 0 || phase_of(transfer.state) == TransferPhase::Queued) return ListKind::Queue;
  return ListKind::Uploads;
}

const ipc::TransferDto* TransferWindow::find(std::uint64_t id) const noexcept {
  const auto it = std::find_if(rows_.begin(), rows_.end(), [id](const auto& row) { return row.id == id; });
  return it == rows_.end() ? nullptr : &*it;
}

void TransferWindow::set_range(std::uint64_t offset, std::uint64_t limit) {
  if (offset == offset_ && limit == limit_) return;
  offset_ = offset;
  limit_ = limit;
  stale_ = true;
}

void TransferWindow::apply_page(const ipc::TransferPageDto& page) {
  if (page.list != list_name(kind_)) return;
  // A page nobody fetched (the snapshot's) is fresh; one we fetched keeps the marks of the
  // events that arrived while it was in flight.
  if (!in_flight_) stale_ = false;
  in_flight_ = false;
  loaded_ = true;
  total_ = page.total;
  revision_ = std::max(revision_, page.revision);
  // A page for a range the view has left since: its rows would sit at the wrong indices (and
  // an action on a selected row would hit another transfer), so only its total is kept.
  if (page.offset != offset_) {
    stale_ = true;
    rows_.clear();
    return;
  }
  rows_ = page.rows;
  if (rows_.size() > limit_) rows_.resize(limit_);
  if (kind_ == ListKind::Queue) sort_queue();
}

bool TransferWindow::upsert(const ipc::TransferDto& transfer, bool is_new) {
  const auto it = std::find_if(rows_.begin(), rows_.end(), [&](const auto& row) { return row.id == transfer.id; });
  if (it != rows_.end()) {
    const bool moved = it->position != transfer.position;
    if (*it == transfer) return false;  // a replay of what is shown
    *it = transfer;
    if (moved) {
      sort_queue();
      stale_ = true;  // other rows' positions shifted too
    }
    return true;
  }
  if (kind_ == ListKind::Queue) {
    const bool in_range = transfer.position > offset_ && transfer.position <= offset_ + limit_;
    if (is_new && !in_range && transfer.position > offset_ + limit_) {
      ++total_;  // queued behind the window: only the count changes
      return false;
    }
    if (!in_range) {
      stale_ = true;
      return false;
    }
    if (is_new) {
      ++total_;
      // It pushes the entries from its position on one place down.
      for (auto& row : rows_)
        if (row.position >= transfer.position) ++row.position;
    }
    rows_.push_back(transfer);
    sort_queue();
    if (rows_.size() > limit_) rows_.pop_back();
    stale_ = true;  // entries behind it moved down by one
    return true;
  }
  if (!is_new || !covers_end()) {
    // An update of a row we do not show, or an addition somewhere we cannot see.
    if (is_new)
      ++total_;
    else
      stale_ = true;
    return false;
  }
  ++total_;
  if (rows_.size() >= limit_) return false;
  rows_.push_back(transfer);
  return true;
}

bool TransferWindow::erase(std::uint64_t id) {
  const auto it = std::find_if(rows_.begin(), rows_.end(), [id](const auto& row) { return row.id == id; });
  if (it == rows_.end()) {
    stale_ = true;  // it may have been counted in total, outside the window
    return false;
  }
  rows_.erase(it);
  if (total_ > 0) --total_;
  // Rows behind the window move into it; queue positions behind it shift.
  if (kind_ == ListKind::Queue || !covers_end()) stale_ = true;
  return true;
}

bool TransferWindow::progress(const ipc::TransferProgressRow& row) {
  for (auto& shown : rows_) {
    if (shown.id != row.id) continue;
    if (shown.done == row.done && shown.rate_bps == row.rate_bps) return false;
    shown.done = row.done;
    shown.rate_bps = row.rate_bps;
    return true;
  }
  return false;
}

void TransferWindow::queue_changed(std::uint64_t revision) {
  if (revision > revision_) stale_ = true;
}

void TransferWindow::reset() {
  rows_.clear();
  total_ = 0;
  revision_ = 0;
  loaded_ = false;
  stale_ = true;
  in_flight_ = false;
}

std::optional<FetchRequest> TransferWindow::take_fetch() {
  if (!stale_ || in_flight_) return std::nullopt;
  stale_ = false;
  in_flight_ = true;
  return FetchRequest{kind_, offset_, limit_};
}

void TransferWindow::fetch_failed() noexcept {
  in_flight_ = false;
  stale_ = true;
}

void TransferWindow::sort_queue() {
  std::stable_sort(rows_.begin(), rows_.end(), [](const auto& a, const auto& b) { return a.position < b.position; });
}

}  // namespace wpn::tray
