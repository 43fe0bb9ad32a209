#pragma once
// One list of the transfers window (uploads, downloads or the upload queue) as a window of
// rows: the page the view shows, kept current by events. A delta that cannot be applied
// exactly (a row outside the window, a queue reorder) marks the window stale; the controller
// then fetches the window again with "transfers.view". Whole lists are never fetched.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ipc/transfer_dto.h"

namespace wpn::tray {

enum class ListKind { Uploads, Downloads, Queue };

std::string_view list_name(ListKind kind) noexcept;  // as "transfers.view" names it
// The list a transfer belongs to: downloads; queued uploads (a position, or state "queued");
// other uploads.
ListKind list_of(const ipc::TransferDto& transfer) noexcept;

struct FetchRequest {
  ListKind list = ListKind::Uploads;
  std::uint64_t offset = 0;
  std::uint64_t limit = 0;
};

class TransferWindow {
 public:
  static constexpr std::uint64_t DefaultLimit = 200;  // the snapshot's first page

  explicit TransferWindow(ListKind kind) : kind_(kind) {}

  ListKind kind() const noexcept { return kind_; }
  const std::vector<ipc::TransferDto>& rows() const noexcept { return rows_; }
  std::uint64_t total() const noexcept { return total_; }
  std::uint64_t offset() const noexcept { return offset_; }
  std::uint64_t limit() const noexcept { return limit_; }
  std::uint64_t revision() const noexcept { return revision_; }
  bool stale() const noexcept { return stale_; }
  bool loaded() const noexcept { return loaded_; }
  const ipc::TransferDto* find(std::uint64_t id) const noexcept;

  // The rows the view wants; a change of range makes the window stale.
  void set_range(std::uint64_t offset, std::uint64_t limit);
  // A fetched page (or the snapshot's). Pages of another list are ignored.
  void apply_page(const ipc::TransferPageDto& page);
  // transfers.added (is_new) / transfers.updated for a row of this list. True when rows changed.
  bool upsert(const ipc::TransferDto& transfer, bool is_new);
  // The row left this list (removed, or moved to another list). True when rows changed.
  bool erase(std::uint64_t id);
  bool progress(const ipc::TransferProgressRow& row);
  void queue_changed(std::uint64_t revision);
  // Forget everything (another service instance).
  void reset();
  void mark_stale() noexcept { stale_ = true; }

  // The fetch to send now: when stale and none is in flight. Marks one in flight.
  std::optional<FetchRequest> take_fetch();
  void fetch_failed() noexcept;

 private:
  bool covers_end() const noexcept { return offset_ + rows_.size() >= total_; }
  void sort_queue();

  ListKind kind_;
  std::vector<ipc::TransferDto> rows_;
  std::uint64_t total_ = 0;
  std::uint64_t offset_ = 0;
  std::uint64_t limit_ = DefaultLimit;
  std::uint64_t revision_ = 0;
  bool loaded_ = false;
  bool stale_ = true;
  bool in_flight_ = false;
};

}  // namespace wpn::tray
