#pragma once
// Randomness comes in from the caller so the core stays deterministic under test.

#include <span>

#include "protocol/bytes.h"

namespace wpn::protocol {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void fill(std::span<Byte> out) = 0;
};

}  // namespace wpn::protocol
