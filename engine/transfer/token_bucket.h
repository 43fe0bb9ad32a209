#pragma once
// A token bucket for transfer bandwidth. Pure arithmetic on a time the caller
// passes in; integer-exact, so a long run moves exactly rate * time bytes.
// Unlike a debt model it never grants more than it holds: a sender asks for
// what it wants and sends what it is given.

#include <cstdint>

#include "transfer/transfer_types.h"

namespace wpn::transfer {

class TokenBucket {
 public:
  static constexpr std::uint64_t MaxBurst = std::uint64_t{1} << 32;

  // bytes_per_s 0 = unlimited. burst = bytes that may go at once after idling;
  // 0 means one second's worth. The bucket starts full.
  explicit TokenBucket(std::uint64_t bytes_per_s = 0, std::uint64_t burst = 0, TimePoint now = {}) noexcept;

  // Takes up to `wanted` bytes; returns how many may go now.
  std::uint64_t take(std::uint64_t wanted, TimePoint now) noexcept;
  std::uint64_t available(TimePoint now) noexcept;
  // When min(bytes, burst) bytes will be available (now if they already are).
  TimePoint ready_at(std::uint64_t bytes, TimePoint now) noexcept;
  // A new rate keeps the tokens held, capped to the new burst.
  void set_rate(std::uint64_t bytes_per_s, std::uint64_t burst, TimePoint now) noexcept;

  bool unlimited() const noexcept { return rate_ == 0; }
  std::uint64_t rate() const noexcept { return rate_; }
  std::uint64_t burst() const noexcept { return burst_; }

 private:
  void refill(TimePoint now) noexcept;

  std::uint64_t rate_ = 0;
  std::uint64_t burst_ = 0;
  std::uint64_t tokens_ = 0;
  std::uint64_t carry_ = 0;  // byte-nanoseconds short of the next whole byte
  TimePoint last_{};
};

}  // namespace wpn::transfer
