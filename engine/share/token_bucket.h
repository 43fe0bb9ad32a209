#pragma once
// Throughput cap for hashing reads. Pure arithmetic on a time the caller passes in, so tests
// drive it with a fake clock. Debt model: a read larger than the bucket is let through and
// the reader then waits until the debt is paid, which keeps the long-run rate exact.

#include <chrono>
#include <cstdint>

namespace wpn::share {

class TokenBucket {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // bytes_per_s 0 = unlimited. burst = bytes that may pass at once after idling.
  TokenBucket(std::uint64_t bytes_per_s, std::uint64_t burst, TimePoint now) noexcept;

  // Takes `bytes` and returns how long the caller must wait before using them (zero when
  // the bucket had enough).
  std::chrono::nanoseconds take(std::uint64_t bytes, TimePoint now) noexcept;

  void set_rate(std::uint64_t bytes_per_s, TimePoint now) noexcept;
  std::uint64_t rate() const noexcept { return rate_; }

 private:
  void refill(TimePoint now) noexcept;

  std::uint64_t rate_;
  double burst_;
  double tokens_;  // negative = debt
  TimePoint last_;
};

}  // namespace wpn::share
