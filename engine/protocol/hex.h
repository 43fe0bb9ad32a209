#pragma once
// Lower-case hex text of byte strings, for keys, traces and test data.

#include <optional>
#include <string>
#include <string_view>

#include "protocol/bytes.h"

namespace wpn::protocol {

std::string to_hex(ByteView bytes);
// Accepts either case; nullopt on an odd length or a non-hex character.
std::optional<Bytes> from_hex(std::string_view text);
// Classic 16-bytes-per-line dump with offsets and ASCII, for hex traces.
std::string hex_dump(ByteView bytes);

}  // namespace wpn::protocol
