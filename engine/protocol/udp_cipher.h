#pragma once
// The keyless WPN UDP datagram cipher (protocol.md §2.5). It transforms a
// whole datagram in place; the first four bytes of every WPN datagram are a
// random seed that only serves to randomise the ciphertext.

#include <cstddef>
#include <span>

#include "protocol/bytes.h"

namespace wpn::protocol {

// Datagrams shorter than this are left untouched by decrypt_datagram.
inline constexpr std::size_t UdpMinDecryptLength = 6;

void encrypt_datagram(std::span<Byte> datagram) noexcept;

// Buffers of 1..5 bytes are returned unchanged, as MXSock and nuggit do: a
// peer running those decoders never sees such a datagram transformed, so
// decoding it here would make us disagree with them on the same bytes (and
// for 1 byte the transform is not even invertible). No real datagram is that
// short (4 seed bytes + type + payload), so senders never produce one.
void decrypt_datagram(std::span<Byte> datagram) noexcept;

}  // namespace wpn::protocol
