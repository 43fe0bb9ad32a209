// Search codecs: the first two input bytes pick the message (a real type
// number, or any other value modulo the family size), the rest is the payload.
// Whatever decodes must re-encode to bytes that decode equal.
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/search.h"
#include "protocol/message_types.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;
using wpn::fuzz::check_dispatch;
using wpn::fuzz::check_round_trip;
using wpn::fuzz::pick;

namespace {

constexpr std::uint16_t Types[] = {msg::Search, msg::HashSearch, msg::SearchStop, msg::SearchResult};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  const ByteView payload = input->payload;

  const std::uint16_t type = pick(Types, input->selector);
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
