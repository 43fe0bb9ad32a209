#include "share/token_bucket.h"

#include <algorithm>

namespace wpn::share {

TokenBucket::TokenBucket(std::uint64_t bytes_per_s, std::uint64_t burst, TimePoint now) noexcept
    : rate_(bytes_per_s), burst_(static_cast<double>(burst)), tokens_(static_cast<double>(burst)), last_(now) {}

void TokenBucket::refill(TimePoint now) noexcept {
  if (now <= last_) return;
  const double seconds = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + seconds * static_cast<double>(rate_));
  last_ = now;
}

std::chrono::nanoseconds TokenBucket::take(std::uint64_t bytes, TimePoint now) noexcept {
  if (rate_ == 0) return std::chrono::nanoseconds(0);
  refill(now);
  tokens_ -= static_cast<double>(bytes);
  if (tokens_ >= 0) return std::chrono::nanoseconds(0);
  const double wait_s = -tokens_ / static_cast<double>(rate_);
  return std::chrono::nanoseconds(static_cast<std::int64_t>(wait_s * 1e9));
}

void TokenBucket::set_rate(std::uint64_t bytes_per_s, TimePoint now) noexcept {
  refill(now);
  rate_ = bytes_per_s;
  if (rate_ == 0) tokens_ = burst_;
}

}  // namespace wpn::share
