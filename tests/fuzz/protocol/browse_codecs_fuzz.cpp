// Browse codecs: the first two bytes (u16le) select the message type (mapped
// into the family when they name none of it), the rest is the payload. Any
// payload that decodes must re-encode to bytes that decode to an equal value.
#include <array>
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/browse.h"

using namespace wpn::protocol;

namespace {

constexpr std::array<std::uint16_t, 5> Types{msg::BrowseRequest, msg::BrowseEnd, msg::BrowseEntry, msg::BrowseComplete,
                                             msg::BrowseFailed};

std::uint16_t select_type(std::uint16_t raw) {
  for (const auto type : Types)
    if (type == raw) return type;
  return Types[raw % Types.size()];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto type = select_type(static_cast<std::uint16_t>(data[0] | (data[1] << 8)));
  const ByteView payload(data + 2, size - 2);

  const auto decoded = decode_browse_message(type, payload);
  if (!decoded) return 0;
  if (type_of(*decoded) != type) __builtin_trap();

  static Bytes encoded;
  encoded.clear();
  encode(*decoded, encoded);
  const auto again = decode_browse_message(type, encoded);
  if (!again || !(*again == *decoded)) __builtin_trap();
  return 0;
}
