#pragma once
// Global upload and download limits plus a per-transfer cap, as token buckets
// (product-research.md §3.1: global speed limits, slot caps). A transfer may
// move what both its own bucket and the global one allow.

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

class BandwidthLimiter {
 public:
  explicit BandwidthLimiter(RateLimits limits = {}, TimePoint now = {});

  // Keeps the tokens each bucket holds (capped to the new bursts).
  void set_limits(const RateLimits& limits, TimePoint now);
  const RateLimits& limits() const noexcept { return limits_; }

  // Bytes `transfer` may move now, at most `wanted`; they are taken from both buckets.
  std::uint64_t take(Direction direction, TransferId transfer, std::uint64_t wanted, TimePoint now);
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
};

}  // namespace wpn::transfer
