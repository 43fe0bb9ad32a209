#pragma once
// The WPN TCP stream cipher (protocol.md §2.4). One instance per direction; the
// state carries on for the whole connection, so any chunking gives the same bytes.

#include <cstdint>
#include <span>

#include "protocol/bytes.h"

namespace wpn::protocol {

class TcpCipher {
 public:
  // key: the 32-bit stream key, s0 = low byte (protocol.md §2.3).
  explicit TcpCipher(std::uint32_t key) noexcept;

  void encrypt(std::span<Byte> data) noexcept;
  void decrypt(std::span<Byte> data) noexcept;

  // The current state as the reference API returns it after a call.
  std::uint32_t key() const noexcept;

 private:
  std::uint8_t s0_, s1_, s2_, s3_;
  void advance(std::uint8_t cipher_byte) noexcept;
};

}  // namespace wpn::protocol
