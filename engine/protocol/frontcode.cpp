#include "protocol/frontcode.h"

#include <cstdint>

#include "protocol/cipher_tables.h"

namespace wpn::protocol {
namespace {

constexpr std::size_t Blocks = NodeListPlainSize / FrontcodeBlockSize;
// Blocks whose first ciphertext byte feeds the chain of a later block.
constexpr std::size_t ChainingBlocks = Blocks - 1;
constexpr Byte MxSockEntry = 0xC7;  // MXSock's FC[0][0x00]
constexpr Byte DisputedIndex = 0x00;
constexpr Byte DisputedTwin = 0x5C;  // the other index that maps to 0xC7 in MXSock

// Positions 0, 1, 3, 7, 9, 10 combine by addition, the others by XOR.
constexpr bool is_additive(std::size_t j) noexcept { return j == 0 || j == 1 || j == 3 || j == 7 || j == 9 || j == 10; }

constexpr Byte combine(std::size_t j, Byte plain, Byte chain) noexcept {
  return is_additive(j) ? static_cast<Byte>(plain + chain) : static_cast<Byte>(plain ^ chain);
}

constexpr Byte uncombine(std::size_t j, Byte cipher, Byte chain) noexcept {
  return is_additive(j) ? static_cast<Byte>(cipher - chain) : static_cast<Byte>(cipher ^ chain);
}

using FrontcodeColumns = std::array<std::array<std::uint8_t, 256>, FrontcodeBlockSize>;

constexpr FrontcodeColumns invert(const FrontcodeColumns& forward) noexcept {
  FrontcodeColumns reverse{};
  for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) {
    for (std::size_t v = 0; v < 256; ++v) reverse[j][forward[j][v]] = static_cast<std::uint8_t>(v);
  }
  return reverse;
}

constexpr FrontcodeColumns FrontcodeReverse = invert(tables::FrontcodeForward);
static_assert(FrontcodeReverse[0][0xCA] == 0x00, "column 0 must be the permutation variant");

constexpr Byte forward(std::size_t j, Byte cipher, FrontcodeTable table) noexcept {
  if (table == FrontcodeTable::MxSock && j == 0 && cipher == DisputedIndex) return MxSockEntry;
  return tables::FrontcodeForward[j][cipher];
}

}  // namespace

NodeListPlain decrypt_node_list(std::span<const Byte, NodeListCipherSize> input, FrontcodeTable table) noexcept {
  FrontcodeState chain{};
  for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) chain[j] = input[j];
  NodeListPlain plain{};
  for (std::size_t b = 0; b < Blocks; ++b) {
    for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) {
      const Byte cipher = input[FrontcodeBlockSize * (b + 1) + j];
      plain[FrontcodeBlockSize * b + j] = uncombine(j, cipher, chain[j]);
      chain[j] = forward(j, cipher, table);
    }
  }
  return plain;
}

bool node_list_avoids_disputed_entry(std::span<const Byte, NodeListCipherSize> cipher) noexcept {
  for (std::size_t b = 0; b < ChainingBlocks; ++b) {
    const Byte first = cipher[FrontcodeBlockSize * (b + 1)];
    if (first == DisputedIndex || first == DisputedTwin) return false;
  }
  return true;
}

NodeListCipher encrypt_node_list_with_header(std::span<const Byte, NodeListPlainSize> plaintext,
                                             std::span<const Byte, FrontcodeBlockSize> header) noexcept {
  NodeListCipher out{};
  FrontcodeState chain{};
  for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) out[j] = chain[j] = header[j];
  for (std::size_t b = 0; b < Blocks; ++b) {
    for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) {
      const Byte cipher = combine(j, plaintext[FrontcodeBlockSize * b + j], chain[j]);
      out[FrontcodeBlockSize * (b + 1) + j] = cipher;
      chain[j] = tables::FrontcodeForward[j][cipher];
    }
  }
  return out;
}

NodeListCipher encrypt_node_list(std::span<const Byte, NodeListPlainSize> plaintext, RandomSource& random) {
  // Each draw fails with probability about 1 - (254/256)^9 (7 %), so a sane
  // source needs one or two draws; the bound only stops a broken one.
  constexpr unsigned MaxAttempts = 4096;
  constexpr unsigned PlainDraws = 16;
  NodeListCipher out{};
  for (unsigned attempt = 0; attempt < MaxAttempts; ++attempt) {
    FrontcodeState header{};
    random.fill(header);
    if (attempt >= PlainDraws) {
      // A source stuck on one value still gets 256 x 16 different headers.
      header[0] = static_cast<Byte>(header[0] + attempt);
      header[1] = static_cast<Byte>(header[1] ^ (attempt >> 8));
    }
    out = encrypt_node_list_with_header(plaintext, header);
    if (node_list_avoids_disputed_entry(out)) break;
  }
  return out;
}

NodeListCipher encrypt_node_list_from_final_state(std::span<const Byte, NodeListPlainSize> plaintext,
                                                  std::span<const Byte, FrontcodeBlockSize> final_state) noexcept {
  NodeListCipher out{};
  FrontcodeState chain{};
  for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) chain[j] = final_state[j];
  for (std::size_t b = Blocks; b-- > 0;) {
    for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) {
      const Byte cipher = FrontcodeReverse[j][chain[j]];
      out[FrontcodeBlockSize * (b + 1) + j] = cipher;
      chain[j] = uncombine(j, cipher, plaintext[FrontcodeBlockSize * b + j]);
    }
  }
  // What is left is the chaining state before block 0: the header.
  for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) out[j] = chain[j];
  return out;
}

}  // namespace wpn::protocol
