#include "chat/flood_gate.h"

#include <algorithm>

namespace wpn::chat {
namespace {

constexpr std::uint64_t Milli = 1000;

}  // namespace

FloodGate::FloodGate(FloodLimits limits, Millis now) noexcept
    : limits_(limits),
      line_credit_(std::uint64_t{limits.burst_lines} * Milli),
      byte_credit_(std::uint64_t{limits.burst_bytes} * Milli),
      last_(now) {}

void FloodGate::refill(Millis now) noexcept {
  if (now <= last_) return;
  const std::uint64_t elapsed = std::min<std::uint64_t>(now - last_, 3'600'000);
  last_ = now;
  line_credit_ =
      std::min(line_credit_ + elapsed * limits_.lines_per_second, std::uint64_t{limits_.burst_lines} * Milli);
  byte_credit_ =
      std::min(byte_credit_ + elapsed * limits_.bytes_per_second, std::uint64_t{limits_.burst_bytes} * Milli);
}

bool FloodGate::admit(std::size_t bytes, Millis now) noexcept {
  refill(now);
  const std::uint64_t byte_cost = std::uint64_t{bytes} * Milli;
  if (line_credit_ < Milli || byte_credit_ < byte_cost) return false;
  line_credit_ -= Milli;
  byte_credit_ -= byte_cost;
  return true;
}

}  // namespace wpn::chat
