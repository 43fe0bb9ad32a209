#pragma once
// Tells a suspend of the machine from the two clocks Linux keeps: CLOCK_BOOTTIME goes on
// while the machine sleeps, CLOCK_MONOTONIC (steady_clock, every engine timer) does not.
// When the gap between them grows by more than a threshold between two polls, the machine
// slept for that long: connections may be dead although no timer says so.

#include <chrono>
#include <optional>

#include "session/engine_types.h"

namespace wpn::session {

// The system's clocks, for SuspendClock's empty members.
std::chrono::nanoseconds boottime_now();
std::chrono::nanoseconds monotonic_now();

class SuspendWatch {
 public:
  static constexpr std::chrono::seconds DefaultThreshold{5};

  explicit SuspendWatch(SuspendClock clock, std::chrono::nanoseconds threshold = DefaultThreshold);

  // How long the machine slept since the last poll, when it did.
  std::optional<std::chrono::nanoseconds> poll();
  // A sleep told by other means (logind) is not reported again by the next poll.
  void resync() { last_gap_ = gap(); }
  std::chrono::nanoseconds boottime() const { return clock_.boottime(); }

 private:
  std::chrono::nanoseconds gap() const;

  SuspendClock clock_;
  std::chrono::nanoseconds threshold_;
  std::chrono::nanoseconds last_gap_;
};

}  // namespace wpn::session
