// UDP cipher: decrypt inverts encrypt for every datagram of 0 or >= 6 bytes;
// shorter buffers are left untouched by decrypt.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "protocol/udp_cipher.h"

using namespace wpn::protocol;

namespace {
constexpr std::size_t MaxDatagram = 2048;  // the cipher is O(17 n); keep inputs fast
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::size_t n = std::min(size, MaxDatagram);
  std::array<Byte, MaxDatagram> original{};
  std::array<Byte, MaxDatagram> work{};
  std::copy_n(data, n, original.begin());
  std::copy_n(data, n, work.begin());
  const std::span<Byte> buf(work.data(), n);
  const std::span<const Byte> orig(original.data(), n);

  decrypt_datagram(buf);
  if (n > 0 && n < UdpMinDecryptLength && !std::equal(buf.begin(), buf.end(), orig.begin())) __builtin_trap();

  std::copy_n(data, n, work.begin());
  encrypt_datagram(buf);
  if (n == 0 || n >= UdpMinDecryptLength) {
    decrypt_datagram(buf);
    if (!std::equal(buf.begin(), buf.end(), orig.begin())) __builtin_trap();
  }
  return 0;
}
