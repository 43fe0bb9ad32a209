// Browse codecs: the first two bytes (u16le) select the message type (mapped
// into the family when they name none of it), the rest is the payload. Any
// payload that decodes must re-encode to bytes that decode to an equal value.
#include <array>
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/browse.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;

namespace {

constexpr std::array<std::uint16_t, 5> Types{msg::BrowseRequest, msg::BrowseEnd, msg::BrowseEntry, msg::BrowseComplete,
                                             msg::BrowseFailed};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  wpn::fuzz::check_dispatch(wpn::fuzz::pick(Types, input->selector), input->payload, decode_browse_message);
  return 0;
}
