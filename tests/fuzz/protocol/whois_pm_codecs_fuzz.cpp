// Whois and private-message codecs: the first two bytes (u16le) select the
// message type (mapped into the two families when they name none of them), the
// rest is the payload. Any payload that decodes must re-encode to bytes that
// decode to an equal value.
#include <array>
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/private_message.h"
#include "protocol/codecs/whois.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;

namespace {

constexpr std::array<std::uint16_t, 7> Types{msg::WhoisRequest, msg::WhoisAnswer, msg::WhoisFailed, msg::PmSend,
                                             msg::PmDelivered,  msg::PmIncoming,  msg::PmReceived};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  const auto type = wpn::fuzz::pick(Types, input->selector);
  if (type <= msg::WhoisFailed)
    wpn::fuzz::check_dispatch(type, input->payload, decode_whois_message);
  else
    wpn::fuzz::check_dispatch(type, input->payload, decode_pm_message);
  return 0;
}
