// Search codecs: the first two input bytes pick the message (a real type
// number, or any other value modulo the family size), the rest is the payload.
// Whatever decodes must re-encode to bytes that decode equal.
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/search.h"
#include "protocol/message_types.h"

using namespace wpn::protocol;

namespace {

template <class Decode, class... Options>
void check_round_trip(ByteView payload, Decode decode, const Options&... options) {
  const auto first = decode(payload);
  if (!first) return;
  Bytes out;
  encode(*first, out, options...);
  const auto second = decode(ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

// Through the family dispatcher: the decoded message keeps its type and
// re-encodes to a payload that decodes equal.
template <class DecodeMessage, class... Options>
void check_dispatch(std::uint16_t type, ByteView payload, DecodeMessage decode_message, const Options&... options) {
  const auto first = decode_message(type, payload);
  if (!first) return;
  if (type_of(*first) != type) __builtin_trap();
  Bytes out;
  encode(*first, out, options...);
  const auto second = decode_message(type, ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

constexpr std::uint16_t Types[] = {msg::Search, msg::HashSearch, msg::SearchStop, msg::SearchResult};

std::uint16_t pick(std::uint16_t selector) {
  for (const auto type : Types)
    if (type == selector) return type;
  return Types[selector % std::size(Types)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto selector = static_cast<std::uint16_t>(data[0] | data[1] << 8);
  const ByteView payload(data + 2, size - 2);

  const std::uint16_t type = pick(selector);
  check_dispatch(type, payload, decode_search_message);
  switch (type) {
    case msg::Search: {
      WireOptions without;
      without.search_trailing_nul = false;
      check_round_trip(payload, decode_search, default_wire_options());
      check_round_trip(payload, decode_search, without);
      break;
    }
    case msg::HashSearch:
      check_round_trip(payload, decode_hash_search);
      break;
    case msg::SearchStop:
      check_round_trip(payload, decode_search_stop);
      break;
    case msg::SearchResult: {
      WireOptions ten;
      ten.metadata_length = 10;
      check_round_trip(payload, decode_search_result, default_wire_options());
      check_round_trip(payload, decode_search_result, ten);
      if (const auto result = decode_search_result(payload)) {
        const NodeHandle handle = holder_handle(*result);
        if (NodeHandle::parse(handle.to_string()) != handle) __builtin_trap();
      }
      break;
    }
    default:
      break;
  }
  return 0;
}
