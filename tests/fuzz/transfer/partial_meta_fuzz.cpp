// The partial-file sidecar decoder takes whatever a damaged or planted file
// holds: it must never crash, and anything it accepts must re-encode to bytes
// that decode to an equal value.
#include <cstddef>
#include <cstdint>

#include "transfer/partial_meta.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const wpn::protocol::ByteView input(data, size);
  const auto meta = wpn::transfer::decode_partial_meta(input);
  if (!meta) return 0;
  wpn::protocol::Bytes again;
  encode(*meta, again);
  const auto back = wpn::transfer::decode_partial_meta(again);
  if (!back || !(*back == *meta)) __builtin_trap();
  return 0;
}
