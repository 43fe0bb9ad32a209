#pragma once
// Log lines for the frames the overlay machines skip (overlay/skipped_frame.h): one
// hex trace per frame, at most lines_per_type per message type within each window; when
// a window in which frames were held back ends, one line says how many. A peer that
// floods one broken type thus costs a few lines a minute, never the disk. Pure: the
// adapter passes the time and writes the returned lines.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "overlay/skipped_frame.h"

namespace wpn::net {

struct SkippedFrameTraceLimits {
  std::size_t lines_per_type = 5;
  std::uint64_t window_ms = 60000;
  std::size_t max_types = 256;  // types tracked at once; more share one counter
};

// "skipped 0x1fcc (8140) from 127.0.0.2:6699: truncated at byte 45; 47 bytes: 57 69 ..."
std::string skipped_frame_line(const overlay::SkippedFrame& frame, std::string_view from);

class SkippedFrameTrace {
 public:
  explicit SkippedFrameTrace(SkippedFrameTraceLimits limits = {}) : limits_(limits) {}

  // Lines to log for one skipped frame seen at `now` (ms): its trace, or nothing when
  // its type has used up the window; a "suppressed" line of an ended window may come first.
  std::vector<std::string> on_skipped(const overlay::SkippedFrame& frame, std::string_view from, std::uint64_t now);
  // The "suppressed" lines of windows that ended by `now`; forgets those windows.
  std::vector<std::string> on_tick(std::uint64_t now);

  std::size_t tracked_types() const noexcept { return windows_.size(); }

 private:
  struct Window {
    std::uint64_t start = 0;
    std::size_t written = 0;
    std::uint64_t suppressed = 0;
  };
  void close_window(std::uint16_t type, const Window& window, std::vector<std::string>& out) const;

  SkippedFrameTraceLimits limits_;
  std::map<std::uint16_t, Window> windows_;
  std::uint64_t untracked_suppressed_ = 0;  // frames of types beyond max_types
};

}  // namespace wpn::net
