// Frontcode: decrypting any 132 bytes and encrypting the result again, by
// either encoder, reproduces the input; outputs that avoid the disputed
// table entry decode the same with MXSock's table.
#include <cstddef>
#include <cstdint>

#include "protocol/cipher_tables.h"
#include "protocol/frontcode.h"

using namespace wpn::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  NodeListCipher input{};
  for (std::size_t i = 0; i < input.size() && i < size; ++i) input[i] = data[i];

  const NodeListPlain plain = decrypt_node_list(input);

  const std::span<const Byte, FrontcodeBlockSize> header(input.data(), FrontcodeBlockSize);
  if (encrypt_node_list_with_header(plain, header) != input) __builtin_trap();

  FrontcodeState final_state{};
  for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) {
    final_state[j] = tables::FrontcodeForward[j][input[NodeListCipherSize - FrontcodeBlockSize + j]];
  }
  if (encrypt_node_list_from_final_state(plain, final_state) != input) __builtin_trap();

  if (node_list_avoids_disputed_entry(input) && decrypt_node_list(input, FrontcodeTable::MxSock) != plain) {
    __builtin_trap();
  }
  return 0;
}
