#include "session/suspend_watch.h"

#include <time.h>

#include <utility>

namespace wpn::session {
namespace {

std::chrono::nanoseconds read_clock(clockid_t id) {
  timespec ts{};
  ::clock_gettime(id, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

std::chrono::nanoseconds boottime_now() { return read_clock(CLOCK_BOOTTIME); }
std::chrono::nanoseconds monotonic_now() { return read_clock(CLOCK_MONOTONIC); }

SuspendWatch::SuspendWatch(SuspendClock clock, std::chrono::nanoseconds threshold)
    : clock_(std::move(clock)), threshold_(threshold) {
  if (!clock_.boottime) clock_.boottime = boottime_now;
  if (!clock_.monotonic) clock_.monotonic = monotonic_now;
  last_gap_ = gap();
}

std::chrono::nanoseconds SuspendWatch::gap() const { return clock_.boottime() - clock_.monotonic(); }

std::optional<std::chrono::nanoseconds> SuspendWatch::poll() {
  const auto now = gap();
  const auto slept = now - last_gap_;
  last_gap_ = now;
  if (slept < threshold_) return std::nullopt;
  return slept;
}

}  // namespace wpn::session
