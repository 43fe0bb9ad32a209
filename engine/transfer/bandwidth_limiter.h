#pragma once
// Global upload and download limits plus a per-transfer cap, as token buckets
// (product-research.md §3.1: global speed limits, slot caps). A transfer may
// move what both its own bucket and the global one allow.

#include <chrono>
#include <cstdint>
#include <map>
#include <utility>

#include "transfer/token_bucket.h"
#include "transfer/transfer_types.h"

namespace wpn::transfer {

// Bytes per second; 0 = unlimited.
struct RateLimits {
  std::uint64_t upload = 0;
  std::uint64_t download = 0;
  std::uint64_t per_transfer_upload = 0;
  std::uint64_t per_transfer_download = 0;

  friend bool operator==(const RateLimits&, const RateLimits&) = default;
};

// What a sender may do now: move up to `bytes` (> 0), or nothing before `retry_at`.
struct Grant {
  std::uint64_t bytes = 0;
  TimePoint retry_at{};
};

class BandwidthLimiter {
 public:
  // A limited transfer waits for a quantum of 1/QuantaPerSecond of its tightest rate, within
  // [MinQuantum, MaxQuantum]: sending what a few microseconds earned costs a syscall and a
  // wake each time and kept the engine thread busy at any rate.
  static constexpr std::uint64_t QuantaPerSecond = 16;
  static constexpr std::uint64_t MinQuantum = 1024;
  static constexpr std::uint64_t MaxQuantum = 64 * 1024;
  // The sender that took last asks again this much later than the others: senders waiting
  // on one global bucket wake at the same moment, and the first to wake would always win.
  static constexpr Duration YieldAfterSend = std::chrono::milliseconds(1);

  explicit BandwidthLimiter(RateLimits limits = {}, TimePoint now = {});

  // Keeps the tokens each bucket holds (capped to the new bursts).
  void set_limits(const RateLimits& limits, TimePoint now);
  const RateLimits& limits() const noexcept { return limits_; }

  // Bytes `transfer` may move now, at most `wanted`; they are taken from both buckets.
  std::uint64_t take(Direction direction, TransferId transfer, std::uint64_t wanted, TimePoint now);
  // Whether `transfer` may send now (and how much, at most `wanted`) or when to ask again;
  // takes nothing: the sender takes what it really moved.
  Grant grant(Direction direction, TransferId transfer, std::uint64_t wanted, TimePoint now);
  // Bytes a limited transfer waits for (0 when unlimited).
  std::uint64_t quantum(Direction direction) const noexcept;
  // When `transfer` may move at least `quantum` bytes.
  TimePoint ready_at(Direction direction, TransferId transfer, std::uint64_t quantum, TimePoint now);
  // False while the global bucket of that direction is empty.
  bool has_capacity(Direction direction, TimePoint now);
  void forget(TransferId transfer);

 private:
  TokenBucket& global(Direction direction) noexcept;
  TokenBucket& own(Direction direction, TransferId transfer, TimePoint now);
  std::uint64_t per_transfer_rate(Direction direction) const noexcept;

  RateLimits limits_;
  TokenBucket upload_;
  TokenBucket download_;
  std::map<std::pair<Direction, TransferId>, TokenBucket> transfers_;
  std::map<Direction, TransferId> last_taker_;
};

}  // namespace wpn::transfer
