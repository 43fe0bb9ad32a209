#pragma once
// Small bounded helpers of the hub mesh: a token bucket per link and message class,
// and a first-in-first-out set of recently seen keys.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_set>

#include "overlay/overlay_types.h"

namespace wpn::overlay {

// `rate` tokens per second, at most `burst` saved up; time comes from the caller.
class TokenBucket {
 public:
  TokenBucket(double rate = 1, double burst = 1) : rate_(rate), burst_(burst), tokens_(burst) {}

  bool take(Millis now) {
    if (now > last_) tokens_ = std::min(burst_, tokens_ + rate_ * static_cast<double>(now - last_) / 1000.0);
    last_ = std::max(last_, now);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  double rate_;
  double burst_;
  double tokens_;
  Millis last_ = 0;
};

// Remembers the last `capacity` keys; the oldest is forgotten first.
class SeenSet {
 public:
  explicit SeenSet(std::size_t capacity) : capacity_(capacity) {}

  // True when the key is new (and now remembered).
  bool insert(std::uint64_t key) {
    if (!keys_.insert(key).second) return false;
    order_.push_back(key);
    if (order_.size() > capacity_) {
      keys_.erase(order_.front());
      order_.pop_front();
    }
    return true;
  }
  bool contains(std::uint64_t key) const { return keys_.contains(key); }
  std::size_t size() const noexcept { return keys_.size(); }

 private:
  std::size_t capacity_;
  std::unordered_set<std::uint64_t> keys_;
  std::deque<std::uint64_t> order_;
};

// One number per hub id: ip and udp port.
inline std::uint64_t hub_key(const protocol::NodeHandle& hub) {
  return (std::uint64_t{hub.ip[0]} << 40) | (std::uint64_t{hub.ip[1]} << 32) | (std::uint64_t{hub.ip[2]} << 24) |
         (std::uint64_t{hub.ip[3]} << 16) | hub.udp_port;
}

// A query of one origin: the hub id mixed with the query id (collisions only merge two
// unrelated queries' duplicate suppression, which costs one lost result set at worst).
inline std::uint64_t query_key(const protocol::NodeHandle& origin, std::uint32_t query_id) {
  return (hub_key(origin) * 0x9E3779B97F4A7C15ull) ^ query_id;
}

}  // namespace wpn::overlay
