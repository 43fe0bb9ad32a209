#pragma once
// Helpers shared by the browse, whois, private-message and transfer codec
// tests: split capture frames and a truncation sweep. Include after Boost.Test.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "protocol/bytes.h"
#include "support/test_data.h"

namespace wpn::test {

// A whole frame split at its 4-byte header (type u16le, length u16le).
struct CapturedFrame {
  std::uint16_t type = 0;
  std::uint16_t length = 0;
  protocol::Bytes payload;
};

inline CapturedFrame split_frame(const protocol::Bytes& wire) {
  CapturedFrame frame;
  if (wire.size() < 4) throw std::invalid_argument("capture shorter than a frame header");
  frame.type = static_cast<std::uint16_t>(wire[0] | (wire[1] << 8));
  frame.length = static_cast<std::uint16_t>(wire[2] | (wire[3] << 8));
  frame.payload.assign(wire.begin() + 4, wire.end());
  return frame;
}

// Every prefix of `payload` shorter than `strict_until` bytes must fail to decode.
template <class Decode>
void require_truncations_fail(const protocol::Bytes& payload, std::size_t strict_until, Decode decode) {
  for (std::size_t cut = 0; cut < strict_until && cut < payload.size(); ++cut) {
    const protocol::ByteView prefix(payload.data(), cut);
    BOOST_TEST_CONTEXT("cut at byte " << cut) { BOOST_TEST(!decode(prefix).has_value()); }
  }
}

}  // namespace wpn::test
