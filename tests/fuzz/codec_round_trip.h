#pragma once
// Checks shared by the codec fuzz targets. Their input layout: the first two
// bytes (u16le) select the message type, the rest is the payload. Any payload
// that decodes must re-encode to bytes that decode to an equal value; every
// mismatch traps. `encode` and `type_of` are found by argument-dependent lookup
// in the message's namespace.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "protocol/bytes.h"

namespace wpn::fuzz {

struct CodecInput {
  std::uint16_t selector = 0;
  protocol::ByteView payload;
};

// Empty when the input is too short to hold the selector.
inline std::optional<CodecInput> split_input(const std::uint8_t* data, std::size_t size) noexcept {
  if (size < 2) return std::nullopt;
  return CodecInput{static_cast<std::uint16_t>(data[0] | data[1] << 8), protocol::ByteView(data + 2, size - 2)};
}

// A selector naming one of `types` picks it; any other value picks by its
// remainder, so every input reaches some decoder.
inline std::uint16_t pick(std::span<const std::uint16_t> types, std::uint16_t selector) noexcept {
  for (const auto type : types)
    if (type == selector) return type;
  return types[selector % types.size()];
}

// One message codec: decode(payload), then encode(message, out, options...).
template <class Decode, class... Options>
void check_round_trip(protocol::ByteView payload, Decode decode, const Options&... options) {
  const auto first = decode(payload);
  if (!first) return;
  static protocol::Bytes out;
  out.clear();
  encode(*first, out, options...);
  const auto second = decode(protocol::ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

// A family dispatcher: the decoded message also keeps the type it was read as.
template <class DecodeMessage, class... Options>
void check_dispatch(std::uint16_t type, protocol::ByteView payload, DecodeMessage decode_message,
                    const Options&... options) {
  const auto first = decode_message(type, payload);
  if (!first) return;
  if (type_of(*first) != type) __builtin_trap();
  static protocol::Bytes out;
  out.clear();
  encode(*first, out, options...);
  const auto second = decode_message(type, protocol::ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

}  // namespace wpn::fuzz
