#pragma once
// The 16-byte key blocks of the WPN handshake (protocol.md §2.1-§2.3): creating
// a block that announces a key ID, reading the ID back, and deriving the two
// TCP stream keys from the accepting side's block.

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "protocol/bytes.h"
#include "protocol/random_source.h"

namespace wpn::protocol {

using KeyBlock = std::array<Byte, 16>;

namespace key_id {
inline constexpr std::uint8_t PrimaryClient = 0x50;
inline constexpr std::uint8_t PrimaryServer = 0x51;
inline constexpr std::uint8_t SecondaryClient = 0x52;
inline constexpr std::uint8_t SecondaryServer = 0x53;
inline constexpr std::uint8_t CacheNodeList = 0x54;  // peer cache marker; yields no keys
inline constexpr std::uint8_t ChatClient = 0x57;
inline constexpr std::uint8_t ChatServer = 0x58;
// Ours, not WinMX: the OpenWPN hub link (docs/hub-link.md), keyed like 0x52/0x53.
inline constexpr std::uint8_t HubLinkClient = 0x5C;
inline constexpr std::uint8_t HubLinkServer = 0x5D;
}  // namespace key_id

// What the reference GetCryptKeyID / GetCryptKey return for a rejected block.
inline constexpr std::uint16_t InvalidKeyId = 0xFFFF;

// Builds the block for `id` from 16 random bytes in draw order. Bytes 4, 9 and
// 11 of `random` are overwritten by the check and ID bytes (§2.1), so the
// result is exactly what the references produce from the same draws.
KeyBlock create_key_block(std::uint8_t id, std::span<const Byte, 16> random) noexcept;
KeyBlock create_key_block(std::uint8_t id, RandomSource& random);

// The announced ID, or nullopt when either check byte of §2.2 fails.
std::optional<std::uint8_t> decode_key_block_id(const KeyBlock& block) noexcept;

// Reference-compatible GetCryptKey: `id` is the decoded ID or InvalidKeyId;
// `up`/`down` are absent for IDs without key parameters. For client-type IDs
// (0x50, 0x52, 0x57) up = state A and down = state B; for server-type IDs the
// two are swapped. Kept for the golden vectors; protocol code uses
// session_keys_from_server_block.
struct CryptKeyResult {
  std::uint16_t id = InvalidKeyId;
  std::optional<std::uint32_t> up;
  std::optional<std::uint32_t> down;
};
CryptKeyResult get_crypt_key(const KeyBlock& block) noexcept;

// The two TCP stream keys of one connection. Both ends derive them from the
// block the accepting side sent (0x51, 0x53 or 0x58), never from the
// connecting side's block.
struct SessionKeys {
  std::uint32_t client_to_server = 0;  // state B of the server block
  std::uint32_t server_to_client = 0;  // state A of the server block

  friend bool operator==(const SessionKeys&, const SessionKeys&) = default;
};

// nullopt unless the block is valid and carries a server-type ID.
std::optional<SessionKeys> session_keys_from_server_block(const KeyBlock& block) noexcept;

// The "KM era" key-block mangling (wire audit D4; wpcc-mobile, wpnp-crypto and
// nuggit carry the same routine): bytes 0-14 in three groups of five are
// NOT, ^0xF0, ^0x0F, ^0x77, ^0x77; byte 15 is kept. The transform is its own
// inverse, so this both mangles and un-mangles.
KeyBlock km_unmangle(const KeyBlock& block) noexcept;

// The ID the accepting side answers with: 0x50->0x51, 0x52->0x53, 0x57->0x58, 0x5C->0x5D.
std::optional<std::uint8_t> server_id_for(std::uint8_t client_id) noexcept;

}  // namespace wpn::protocol
