// Key blocks: any 16 bytes decode without crashing (plain and un-mangled), and a
// block created for an ID (input byte 16) from random bytes (input bytes 0..15)
// decodes to it.
#include <cstddef>
#include <cstdint>

#include "protocol/key_block.h"

using namespace wpn::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 16) return 0;
  KeyBlock block{};
  for (std::size_t i = 0; i < 16; ++i) block[i] = data[i];

  const auto id = decode_key_block_id(block);
  const CryptKeyResult reference = get_crypt_key(block);
  if (reference.id != (id ? *id : InvalidKeyId)) __builtin_trap();
  if (const auto keys = session_keys_from_server_block(block)) {
    // For server-type blocks the reference writes up = client->server.
    if (!reference.up || *reference.up != keys->client_to_server) __builtin_trap();
    if (!reference.down || *reference.down != keys->server_to_client) __builtin_trap();
  }

  // The KM-era form (wire audit D4) is its own inverse and keeps byte 15.
  const KeyBlock unmangled = km_unmangle(block);
  if (km_unmangle(unmangled) != block || unmangled[15] != block[15]) __builtin_trap();
  (void)decode_key_block_id(unmangled);

  if (size >= 17) {
    const std::uint8_t wanted = data[16];
    const KeyBlock created = create_key_block(wanted, std::span<const Byte, 16>(block));
    const auto decoded = decode_key_block_id(created);
    if (!decoded || *decoded != wanted) __builtin_trap();
  }
  return 0;
}
