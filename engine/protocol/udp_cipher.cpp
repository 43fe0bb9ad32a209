#include "protocol/udp_cipher.h"

#include "protocol/cipher_tables.h"

namespace wpn::protocol {
namespace {

// N = 17 * L steps; step n touches byte n mod L and reads byte (n - 1) mod L.
constexpr std::size_t StepsPerByte = 17;

}  // namespace

void encrypt_datagram(std::span<Byte> buf) noexcept {
  const std::size_t len = buf.size();
  if (len == 0) return;
  const std::size_t steps = StepsPerByte * len;
  for (std::size_t n = 1; n < steps; ++n) {
    const std::size_t i = n % len;
    const std::size_t j = (n - 1) % len;
    const Byte whitening = tables::Udp0[(n - 1) & 0xFF];
    buf[i] = static_cast<Byte>(tables::Udp3[buf[i]] ^ tables::Udp1[static_cast<Byte>(whitening ^ buf[j])]);
  }
}

void decrypt_datagram(std::span<Byte> buf) noexcept {
  const std::size_t len = buf.size();
  if (len < UdpMinDecryptLength) return;
  for (std::size_t n = StepsPerByte * len - 1; n >= 1; --n) {
    const std::size_t i = n % len;
    const std::size_t j = (n - 1) % len;
    const Byte whitening = tables::Udp0[(n - 1) & 0xFF];
    buf[i] = tables::Udp2[static_cast<Byte>(tables::Udp1[static_cast<Byte>(buf[j] ^ whitening)] ^ buf[i])];
  }
}

}  // namespace wpn::protocol
