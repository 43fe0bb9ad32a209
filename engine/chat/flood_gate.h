#pragma once
// Per-user flood control of a room host: two token buckets, lines per second
// and bytes per second, each with a burst allowance. A line is admitted only
// when both buckets hold enough; a refused line consumes nothing.

#include <cstddef>
#include <cstdint>

#include "chat/chat_types.h"

namespace wpn::chat {

struct FloodLimits {
  std::uint32_t lines_per_second = 2;
  std::uint32_t burst_lines = 6;
  std::uint32_t bytes_per_second = 512;
  std::uint32_t burst_bytes = 2048;
};

class FloodGate {
 public:
  FloodGate(FloodLimits limits, Millis now) noexcept;

  // True (and the line counted) when a line of `bytes` bytes is within both limits.
  bool admit(std::size_t bytes, Millis now) noexcept;

 private:
  void refill(Millis now) noexcept;

  FloodLimits limits_;
  // Thousandths of a line / byte, so a refill of rate * elapsed ms stays exact.
  std::uint64_t line_credit_ = 0;
  std::uint64_t byte_credit_ = 0;
  Millis last_ = 0;
};

}  // namespace wpn::chat
