#pragma once
// What the service and the tray show of transfers: one row per upload, download or
// queued request, paged, with a revision that changes whenever any row does.

#include <cstdint>
#include <string>
#include <vector>

#include "transfer/transfer_state.h"
#include "transfer/transfer_types.h"

namespace wpn::net {

struct TransferRow {
  transfer::TransferId id = 0;
  transfer::Direction direction = transfer::Direction::Upload;
  transfer::TransferPhase phase = transfer::TransferPhase::Queued;
  transfer::MachineState state;  // the machine's own state, for logs and finer display
  std::string peer;              // uploads: the requester; downloads: the sources' names
  std::string file;              // virtual name
  std::string key;               // 40 hex digits (downloads; empty for uploads)
  std::uint64_t size = 0;
  std::uint64_t done = 0;
  std::uint64_t rate = 0;                                  // bytes per second over the last second or so
  std::uint32_t position = 0;                              // queue position where it applies
  transfer::WaitReason wait = transfer::WaitReason::None;  // queued: why it waits
  // Why it failed, or the last source's failure while the download goes on.
  transfer::FailReason fail = transfer::FailReason::None;
  std::string error;       // the failure in the words of whoever failed (disk full, "File Not Shared"), or ""
  std::string local_path;  // downloads: where the finished file was moved
};

enum class SnapshotView { Uploads, Downloads, UploadQueue };

// The numbers of a status line, counted without copying rows.
struct TransferCounts {
  std::size_t uploads = 0;  // the Uploads view: not waiting in the queue
  std::size_t queued = 0;   // the UploadQueue view
  std::size_t downloads_active = 0;
  std::uint64_t upload_rate = 0;  // bytes per second, summed
  std::uint64_t download_rate = 0;
};

struct TransferSnapshot {
  std::uint64_t revision = 0;
  std::size_t total = 0;  // rows in the view before offset/limit
  std::vector<TransferRow> rows;
};

}  // namespace wpn::net
