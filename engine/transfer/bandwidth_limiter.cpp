#include "transfer/bandwidth_limiter.h"

#include <algorithm>

namespace wpn::transfer {

BandwidthLimiter::BandwidthLimiter(RateLimits limits, TimePoint now)
    : limits_(limits), upload_(limits.upload, 0, now), download_(limits.download, 0, now) {}

void BandwidthLimiter::set_limits(const RateLimits& limits, TimePoint now) {
  limits_ = limits;
  upload_.set_rate(limits.upload, 0, now);
  download_.set_rate(limits.download, 0, now);
  for (auto& [key, bucket] : transfers_) bucket.set_rate(per_transfer_rate(key.first), 0, now);
}

TokenBucket& BandwidthLimiter::global(Direction direction) noexcept {
  return direction == Direction::Upload ? upload_ : download_;
}

std::uint64_t BandwidthLimiter::per_transfer_rate(Direction direction) const noexcept {
  return direction == Direction::Upload ? limits_.per_transfer_upload : limits_.per_transfer_download;
}

TokenBucket& BandwidthLimiter::own(Direction direction, TransferId transfer, TimePoint now) {
  const auto key = std::make_pair(direction, transfer);
  auto it = transfers_.find(key);
  if (it == transfers_.end()) it = transfers_.emplace(key, TokenBucket(per_transfer_rate(direction), 0, now)).first;
  return it->second;
}

std::uint64_t BandwidthLimiter::take(Direction direction, TransferId transfer, std::uint64_t wanted, TimePoint now) {
  TokenBucket& mine = own(direction, transfer, now);
  TokenBucket& all = global(direction);
  const std::uint64_t allowed = std::min({wanted, mine.available(now), all.available(now)});
  mine.take(allowed, now);
  all.take(allowed, now);
  if (allowed > 0) last_taker_[direction] = transfer;
  return allowed;
}

TimePoint BandwidthLimiter::ready_at(Direction direction, TransferId transfer, std::uint64_t quantum, TimePoint now) {
  return std::max(own(direction, transfer, now).ready_at(quantum, now), global(direction).ready_at(quantum, now));
}

std::uint64_t BandwidthLimiter::quantum(Direction direction) const noexcept {
  const std::uint64_t global_rate = direction == Direction::Upload ? limits_.upload : limits_.download;
  const std::uint64_t own_rate = per_transfer_rate(direction);
  const std::uint64_t tightest = global_rate == 0 ? own_rate
                                 : own_rate == 0  ? global_rate
                                                  : std::min(global_rate, own_rate);
  if (tightest == 0) return 0;
  // Never above the rate itself: both buckets hold at most one second's worth.
  return std::min(tightest, std::clamp(tightest / QuantaPerSecond, MinQuantum, MaxQuantum));
}

Grant BandwidthLimiter::grant(Direction direction, TransferId transfer, std::uint64_t wanted, TimePoint now) {
  const std::uint64_t step = quantum(direction);
  if (step == 0 || wanted == 0) return {wanted, now};
  const std::uint64_t enough = std::min(step, wanted);
  const std::uint64_t held = std::min(own(direction, transfer, now).available(now), global(direction).available(now));
  if (held >= enough) return {std::min(held, wanted), now};
  const auto it = last_taker_.find(direction);
  const bool took_last = it != last_taker_.end() && it->second == transfer;
  return {0, ready_at(direction, transfer, enough, now) + (took_last ? YieldAfterSend : Duration::zero())};
}

bool BandwidthLimiter::has_capacity(Direction direction, TimePoint now) { return global(direction).available(now) > 0; }

void BandwidthLimiter::forget(TransferId transfer) {
  transfers_.erase({Direction::Upload, transfer});
  transfers_.erase({Direction::Download, transfer});
  std::erase_if(last_taker_, [&](const auto& entry) { return entry.second == transfer; });
}

}  // namespace wpn::transfer
