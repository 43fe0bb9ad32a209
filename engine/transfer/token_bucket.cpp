#include "transfer/token_bucket.h"

#include <algorithm>
#include <chrono>

namespace wpn::transfer {
namespace {

constexpr std::uint64_t NanosPerSecond = 1'000'000'000;

std::uint64_t burst_for(std::uint64_t rate, std::uint64_t burst) noexcept {
  const std::uint64_t chosen = burst == 0 ? rate : burst;
  return std::clamp<std::uint64_t>(chosen, 1, TokenBucket::MaxBurst);
}

}  // namespace

TokenBucket::TokenBucket(std::uint64_t bytes_per_s, std::uint64_t burst, TimePoint now) noexcept
    : rate_(bytes_per_s), burst_(burst_for(bytes_per_s, burst)), tokens_(burst_), last_(now) {}

// Products stay below burst * 1e9 <= 2^32 * 1e9 < 2^63: no overflow.
void TokenBucket::refill(TimePoint now) noexcept {
  if (now <= last_) return;
  const auto elapsed =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_).count());
  last_ = now;
  if (rate_ == 0) return;
  const std::uint64_t missing = burst_ - tokens_;
  if (missing == 0) {
    carry_ = 0;
    return;
  }
  const std::uint64_t fill_ns = (missing * NanosPerSecond - carry_ + rate_ - 1) / rate_;
  if (elapsed >= fill_ns) {
    tokens_ = burst_;
    carry_ = 0;
    return;
  }
  const std::uint64_t total = elapsed * rate_ + carry_;
  tokens_ += total / NanosPerSecond;
  carry_ = total % NanosPerSecond;
}

std::uint64_t TokenBucket::available(TimePoint now) noexcept {
  refill(now);
  return rate_ == 0 ? UINT64_MAX : tokens_;
}

std::uint64_t TokenBucket::take(std::uint64_t wanted, TimePoint now) noexcept {
  if (rate_ == 0) return wanted;
  refill(now);
  const std::uint64_t granted = std::min(wanted, tokens_);
  tokens_ -= granted;
  return granted;
}

TimePoint TokenBucket::ready_at(std::uint64_t bytes, TimePoint now) noexcept {
  refill(now);
  if (rate_ == 0) return now;
  const std::uint64_t wanted = std::min(bytes, burst_);
  if (tokens_ >= wanted) return now;
  const std::uint64_t need = wanted - tokens_;
  const std::uint64_t ns = (need * NanosPerSecond - carry_ + rate_ - 1) / rate_;
  return now + std::chrono::duration_cast<Duration>(std::chrono::nanoseconds(static_cast<std::int64_t>(ns)));
}

void TokenBucket::set_rate(std::uint64_t bytes_per_s, std::uint64_t burst, TimePoint now) noexcept {
  refill(now);
  const bool was_unlimited = rate_ == 0;
  rate_ = bytes_per_s;
  burst_ = burst_for(bytes_per_s, burst);
  tokens_ = was_unlimited ? burst_ : std::min(tokens_, burst_);
  carry_ = 0;
}

}  // namespace wpn::transfer
