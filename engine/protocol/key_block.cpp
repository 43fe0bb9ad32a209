#include "protocol/key_block.h"

namespace wpn::protocol {
namespace {

constexpr int MixRounds = 105;
constexpr Byte FirstFeedback = 0x57;

constexpr Byte feedback(const KeyBlock& b, int round) noexcept {
  return round == 0 ? FirstFeedback : b[static_cast<std::size_t>((round + 15) % 16)];
}

void mix(KeyBlock& b) noexcept {
  for (int i = 0; i < MixRounds; ++i) {
    Byte& target = b[static_cast<std::size_t>(i % 16)];
    const Byte k = feedback(b, i);
    target = (i % 5 == 0) ? static_cast<Byte>(target ^ k) : static_cast<Byte>(target + k);
  }
}

// Round i never writes byte (i-1) mod 16, so the feedback byte is the same
// when the rounds run backwards.
void unmix(KeyBlock& b) noexcept {
  for (int i = MixRounds - 1; i >= 0; --i) {
    Byte& target = b[static_cast<std::size_t>(i % 16)];
    const Byte k = feedback(b, i);
    target = (i % 5 == 0) ? static_cast<Byte>(target ^ k) : static_cast<Byte>(target - k);
  }
}

constexpr Byte check4(const KeyBlock& d) noexcept { return static_cast<Byte>(d[15] ^ d[13] ^ d[5] ^ d[2]); }
constexpr Byte id_base(const KeyBlock& d) noexcept { return static_cast<Byte>(d[14] ^ d[8] ^ d[1]); }
constexpr Byte check11(const KeyBlock& d) noexcept {
  return static_cast<Byte>(d[12] ^ d[10] ^ d[7] ^ d[6] ^ d[3] ^ d[0]);
}

// One derived state: s0 = R[p0] + delta, s1 = R[p1], s2 = R[p2], s3 = R[p3].
struct KeySpec {
  std::uint8_t p0, p1, p2, p3;
  std::uint8_t delta;  // added modulo 256
};

std::uint32_t derive(const KeyBlock& raw, const KeySpec& spec) noexcept {
  const auto s0 = static_cast<Byte>(raw[spec.p0] + spec.delta);
  return static_cast<std::uint32_t>(s0) | static_cast<std::uint32_t>(raw[spec.p1]) << 8 |
         static_cast<std::uint32_t>(raw[spec.p2]) << 16 | static_cast<std::uint32_t>(raw[spec.p3]) << 24;
}

struct KeyPair {
  KeySpec a;  // state A
  KeySpec b;  // state B
};

// protocol.md §2.3; deltas written modulo 256 (-0x68 = 0x98, -0x67 = 0x99, -0x22 = 0xDE).
std::optional<KeyPair> key_specs(std::uint8_t id) noexcept {
  switch (id) {
    case key_id::PrimaryClient:
    case key_id::PrimaryServer:
      return KeyPair{{2, 5, 9, 11, 0x98}, {4, 12, 10, 7, 0x99}};
    case key_id::SecondaryClient:
    case key_id::SecondaryServer:
    case key_id::HubLinkClient:
    case key_id::HubLinkServer:
      return KeyPair{{7, 3, 9, 5, 0x54}, {2, 8, 13, 6, 0x55}};
    case key_id::ChatClient:
    case key_id::ChatServer:
      return KeyPair{{7, 3, 9, 5, 0xDE}, {2, 8, 13, 6, 0x7A}};
    default:
      return std::nullopt;
  }
}

constexpr bool is_server_id(std::uint8_t id) noexcept {
  return id == key_id::PrimaryServer || id == key_id::SecondaryServer || id == key_id::ChatServer ||
         id == key_id::HubLinkServer;
}

}  // namespace

KeyBlock create_key_block(std::uint8_t id, std::span<const Byte, 16> random) noexcept {
  KeyBlock b{};
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = random[i];
  b[4] = check4(b);
  b[9] = static_cast<Byte>(id_base(b) + id);
  b[11] = static_cast<Byte>(check11(b) + (id >> 7));
  mix(b);
  return b;
}

KeyBlock create_key_block(std::uint8_t id, RandomSource& random) {
  KeyBlock draws{};
  random.fill(draws);
  return create_key_block(id, std::span<const Byte, 16>(draws));
}

std::optional<std::uint8_t> decode_key_block_id(const KeyBlock& block) noexcept {
  KeyBlock d = block;
  unmix(d);
  const auto id = static_cast<std::uint8_t>(d[9] - id_base(d));
  if (d[4] != check4(d)) return std::nullopt;
  if (check11(d) != static_cast<Byte>(d[11] - (id >> 7))) return std::nullopt;
  return id;
}

CryptKeyResult get_crypt_key(const KeyBlock& block) noexcept {
  CryptKeyResult result;
  const auto id = decode_key_block_id(block);
  if (!id) return result;
  result.id = *id;
  const auto specs = key_specs(*id);
  if (!specs) return result;
  const std::uint32_t a = derive(block, specs->a);
  const std::uint32_t b = derive(block, specs->b);
  result.up = is_server_id(*id) ? b : a;
  result.down = is_server_id(*id) ? a : b;
  return result;
}

std::optional<SessionKeys> session_keys_from_server_block(const KeyBlock& block) noexcept {
  const auto id = decode_key_block_id(block);
  if (!id || !is_server_id(*id)) return std::nullopt;
  const auto specs = key_specs(*id);
  if (!specs) return std::nullopt;
  return SessionKeys{derive(block, specs->b), derive(block, specs->a)};
}

std::optional<std::uint8_t> server_id_for(std::uint8_t client_id) noexcept {
  switch (client_id) {
    case key_id::PrimaryClient:
      return key_id::PrimaryServer;
    case key_id::SecondaryClient:
      return key_id::SecondaryServer;
    case key_id::ChatClient:
      return key_id::ChatServer;
    case key_id::HubLinkClient:
      return key_id::HubLinkServer;
    default:
      return std::nullopt;
  }
}

KeyBlock km_unmangle(const KeyBlock& block) noexcept {
  constexpr std::array<Byte, 5> GroupXor{0xFF, 0xF0, 0x0F, 0x77, 0x77};  // 0xFF: NOT
  constexpr std::size_t MangledBytes = 15;
  KeyBlock out = block;
  for (std::size_t i = 0; i < MangledBytes; ++i) out[i] = static_cast<Byte>(out[i] ^ GroupXor[i % GroupXor.size()]);
  return out;
}

}  // namespace wpn::protocol
