#include "protocol/tcp_cipher.h"

#include "protocol/cipher_tables.h"

namespace wpn::protocol {

TcpCipher::TcpCipher(std::uint32_t key) noexcept
    : s0_(static_cast<std::uint8_t>(key & 0xFF)),
      s1_(static_cast<std::uint8_t>((key >> 8) & 0xFF)),
      s2_(static_cast<std::uint8_t>((key >> 16) & 0xFF)),
      s3_(static_cast<std::uint8_t>(key >> 24)) {}

std::uint32_t TcpCipher::key() const noexcept {
  return static_cast<std::uint32_t>(s0_) | static_cast<std::uint32_t>(s1_) << 8 |
         static_cast<std::uint32_t>(s2_) << 16 | static_cast<std::uint32_t>(s3_) << 24;
}

// The schedule is driven by the ciphertext byte in both directions.
void TcpCipher::advance(std::uint8_t cipher_byte) noexcept {
  s0_ = static_cast<std::uint8_t>(s0_ + s1_);
  s1_ ^= s3_;
  s2_ = static_cast<std::uint8_t>(s2_ + tables::Tcp4[cipher_byte]);
  s3_ ^= s2_;
  ++s1_;
  ++s2_;
  ++s3_;
}

void TcpCipher::encrypt(std::span<Byte> data) noexcept {
  for (Byte& byte : data) {
    const Byte plain = byte;
    Byte cipher = 0;
    switch (s2_ & 3) {
      case 0:
        cipher = static_cast<Byte>(s1_ ^ tables::Tcp3[plain]);
        break;
      case 1:
        cipher = static_cast<Byte>(s1_ ^ tables::Tcp7[plain]);
        break;
      case 2:
        cipher = tables::Tcp1[static_cast<Byte>(s0_ ^ plain)];
        break;
      default:
        cipher = tables::Tcp7[static_cast<Byte>(s3_ ^ plain)];
        break;
    }
    byte = cipher;
    advance(cipher);
  }
}

void TcpCipher::decrypt(std::span<Byte> data) noexcept {
  for (Byte& byte : data) {
    const Byte cipher = byte;
    Byte plain = 0;
    switch (s2_ & 3) {
      case 0:
        plain = tables::Tcp2[static_cast<Byte>(s1_ ^ cipher)];
        break;
      case 1:
        plain = tables::Tcp6[static_cast<Byte>(s1_ ^ cipher)];
        break;
      case 2:
        plain = static_cast<Byte>(s0_ ^ tables::Tcp0[cipher]);
        break;
      default:
        plain = static_cast<Byte>(s3_ ^ tables::Tcp6[cipher]);
        break;
    }
    byte = plain;
    advance(cipher);
  }
}

}  // namespace wpn::protocol
