#pragma once
// A clock that moves only when the test moves it. It keeps a steady reading (what the
// transfer machines take as `now`) and a wall reading (unix seconds, for records that
// outlive a process: saved queues, ban expiries) and advances both together.

#include <chrono>

namespace wpn::test {

class FakeClock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::sys_seconds;

  // Some fixed Tuesday in 2027, far from the epoch so that "an hour ago" stays positive.
  static constexpr WallTime DefaultWall{std::chrono::seconds{1'800'000'000}};

  explicit FakeClock(WallTime wall = DefaultWall) : wall_(wall) {}

  TimePoint now() const noexcept { return steady_; }
  WallTime wall_now() const noexcept { return std::chrono::time_point_cast<std::chrono::seconds>(wall_); }
  void advance(std::chrono::steady_clock::duration by) noexcept {
    steady_ += by;
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
  }

 private:
  TimePoint steady_{std::chrono::hours(1)};
  std::chrono::sys_time<std::chrono::system_clock::duration> wall_;
};

}  // namespace wpn::test
