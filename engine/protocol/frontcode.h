#pragma once
// The "frontcode" cipher of the peer-cache node list (protocol.md §2.6):
// 120 plaintext bytes (10 node records of 12 bytes) <-> 132 ciphertext bytes
// (a 12-byte chaining header followed by 10 enciphered blocks).

#include <array>
#include <cstddef>
#include <span>

#include "protocol/bytes.h"
#include "protocol/random_source.h"

namespace wpn::protocol {

inline constexpr std::size_t NodeListPlainSize = 120;
inline constexpr std::size_t NodeListCipherSize = 132;
inline constexpr std::size_t FrontcodeBlockSize = 12;

using NodeListPlain = std::array<Byte, NodeListPlainSize>;
using NodeListCipher = std::array<Byte, NodeListCipherSize>;
using FrontcodeState = std::array<Byte, FrontcodeBlockSize>;

// The references disagree on one forward-table entry, column 0 byte 0x00:
// 0xCA (nuggit, wpnp-crypto; every column a permutation) or 0xC7 (MXSock).
enum class FrontcodeTable {
  Permutation,  // 0xCA: what we decrypt with
  MxSock,       // 0xC7: only to check that our output survives that decoder
};

NodeListPlain decrypt_node_list(std::span<const Byte, NodeListCipherSize> input,
                                FrontcodeTable table = FrontcodeTable::Permutation) noexcept;

// True when no ciphertext block 0..8 starts with 0x00 or 0x5C, the two bytes
// around the disputed entry; such an output decodes identically with every
// table variant.
bool node_list_avoids_disputed_entry(std::span<const Byte, NodeListCipherSize> cipher) noexcept;

// The forward encoder with a given chaining header (the first 12 output bytes).
NodeListCipher encrypt_node_list_with_header(std::span<const Byte, NodeListPlainSize> plaintext,
                                             std::span<const Byte, FrontcodeBlockSize> header) noexcept;

// What a peer cache sends: draws headers from `random` until the output
// avoids the disputed entry. A source that keeps failing is perturbed
// deterministically, and after a bounded number of attempts the last output
// is returned anyway (it is still valid under the permutation table).
NodeListCipher encrypt_node_list(std::span<const Byte, NodeListPlainSize> plaintext, RandomSource& random);

// The backwards encoder of the published implementations: `final_state` is
// the chaining state a decoder reaches after the last block (the vectors'
// random_state). Reproduces their outputs byte for byte; it does not apply
// the disputed-entry rule.
NodeListCipher encrypt_node_list_from_final_state(std::span<const Byte, NodeListPlainSize> plaintext,
                                                  std::span<const Byte, FrontcodeBlockSize> final_state) noexcept;

}  // namespace wpn::protocol
