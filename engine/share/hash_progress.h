#pragma once
// Progress and ETA of the hash queue. Pure bookkeeping on times the caller passes in.
//
// Progress is shown in bytes of the files (what the owner recognises) and in files. The ETA
// is not derived from those bytes: the hash samples at most ~12 blocks per file
// (filesharing.md §7), so a 1 GB film costs about as much as a 2 MB song. The ETA uses the
// work really done: sampled bytes plus a fixed per-file cost for open, stat and tags.

#include <chrono>
#include <cstdint>

#include "share/share_events.h"

namespace wpn::share {

// Cost of one file in "work bytes": what the hash reads plus PerFileOverhead.
std::uint64_t hash_work_of(std::uint64_t file_size) noexcept;
inline constexpr std::uint64_t PerFileOverhead = 64 * 1024;
// Work queued within this time of the queue running dry continues the same round, so a scan
// that trickles files in does not restart the figures with every file.
inline constexpr std::chrono::seconds RoundGap{10};

class HashProgressTracker {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  void on_queued(std::uint64_t file_size, TimePoint now) noexcept;
  // A queued file is finished (hashed, failed or dropped).
  void on_finished(std::uint64_t file_size, TimePoint now) noexcept;
  void on_bytes_read(std::uint64_t bytes) noexcept { bytes_read_ += bytes; }
  void on_paused(TimePoint now) noexcept;
  void on_resumed(TimePoint now) noexcept;

  bool idle() const noexcept { return files_done_ == files_total_; }
  HashProgress snapshot(TimePoint now) const noexcept;

 private:
  std::chrono::nanoseconds active_time(TimePoint now) const noexcept;
  void reset_if_idle(TimePoint now) noexcept;

  std::uint64_t files_total_ = 0;
  std::uint64_t files_done_ = 0;
  std::uint64_t bytes_total_ = 0;
  std::uint64_t bytes_done_ = 0;
  std::uint64_t bytes_read_ = 0;
  std::uint64_t work_total_ = 0;
  std::uint64_t work_done_ = 0;
  TimePoint started_{};
  TimePoint last_finished_{};
  std::chrono::nanoseconds paused_for_{0};
  TimePoint paused_at_{};
  bool paused_ = false;
};

}  // namespace wpn::share
