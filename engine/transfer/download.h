#pragma once
// One download (a 20-byte key) and its sources, as the Downloader keeps them
// (filesharing.md §4.4). Plain data; the transitions live in downloader*.cpp.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/codecs/common.h"
#include "protocol/codecs/transfer.h"
#include "protocol/file_key.h"
#include "transfer/range_set.h"
#include "transfer/transfer_events.h"
#include "transfer/transfer_state.h"
#include "transfer/transfer_types.h"

namespace wpn::transfer {

struct DownloadSettings {
  std::uint32_t max_active = 5;  // "max total downloads" (§5.1); more wait locally
  bool auto_enter_queue = true;
  std::uint32_t aeq_threshold = 100;  // re-request with option 1 up to this queue length (§5.5)
  std::vector<Duration> retry_backoff{std::chrono::seconds(60), std::chrono::seconds(120),
                                      std::chrono::seconds(300)};  // §5.4
  Duration afs_interval = std::chrono::minutes(10);                // then every retry; also the source search period
  Duration request_timeout = std::chrono::seconds(120);            // REQUESTING without an answer (§4.4)
  Duration connect_timeout = std::chrono::seconds(60);             // TCP connect + greeting (§3.8)
  Duration reply_timeout = std::chrono::seconds(60);               // size reply
  Duration stall_timeout = std::chrono::seconds(120);              // no byte received
  Duration push_timeout = std::chrono::seconds(120);               // WAIT_PUSH
  // REMOTELY_QUEUED with no word from the uploader: ask again (option 1). The uploader may
  // have restarted, or know us under a name we no longer have; a duplicate is answered
  // with the position.
  Duration queue_refresh = std::chrono::minutes(3);
  // The soonest next source search after a source stopped answering or lost the file: its
  // holder may be back under a new name suffix, or share the file under a new name.
  Duration search_soon = std::chrono::seconds(30);
  // Answers "not known" (0x1FA4 other than busy, timed out or not shared) in a row before a
  // source is dropped as gone.
  std::uint32_t unknown_source_drop = 3;
  // While bytes arrive, the sidecar records them at least this often: a crash loses no more
  // (a whole file is often one segment, saved otherwise only at its end).
  Duration checkpoint_interval = std::chrono::seconds(5);
  std::uint64_t min_split = 512 * 1024;   // smallest half when a running segment is split
  std::uint32_t max_verify_restarts = 1;  // start over this often after a hash mismatch
};

// What a download shows as a whole: derived from its state and its sources.
struct DownloadSummary {
  TransferPhase phase = TransferPhase::Queued;
  WaitReason wait = WaitReason::None;
  std::uint32_t position = 0;  // the best remote queue position (RemoteQueue)

  friend bool operator==(const DownloadSummary&, const DownloadSummary&) = default;
};

struct DownloadSource {
  SourceId id = 0;
  protocol::TransferAddress address;  // the holder U: handle, full name, file
  SourceState state = SourceState::LocalQueued;
  std::uint32_t position = 0;  // RemotelyQueued
  std::uint32_t queue_length = 0;
  protocol::DownloadOption last_option = protocol::DownloadOption::Normal;
  std::uint32_t failures = 0;  // retries since bytes last arrived
  std::optional<TimePoint> deadline;
  std::optional<ConnectionId> connection;
  ByteRange segment;           // Transferring: the range assigned to it
  std::uint64_t received = 0;  // bytes of the segment received so far
  std::string detail;          // the last status text, for the owner
};

struct Download {
  TransferId id = 0;
  protocol::FileKey key;
  std::string name;  // virtual name it was found under
  protocol::MediaInfo media;
  RangeSet have;
  std::vector<DownloadSource> sources;
  DownloadState state = DownloadState::LocalQueued;
  TimePoint next_search{};
  std::optional<TimePoint> last_search;
  TimePoint progress_at{};
  TimePoint saved_at{};  // the last SavePartial
  std::uint32_t verify_restarts = 0;
  SourceId next_source = 1;
  DownloadSummary published;  // the summary last sent in a TransferStateChanged

  std::uint64_t size() const noexcept { return key.size; }
};

DownloadSummary summarise(const Download& d) noexcept;

}  // namespace wpn::transfer
