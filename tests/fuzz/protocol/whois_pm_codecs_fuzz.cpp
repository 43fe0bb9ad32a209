// Whois and private-message codecs: the first two bytes (u16le) select the
// message type (mapped into the two families when they name none of them), the
// rest is the payload. Any payload that decodes must re-encode to bytes that
// decode to an equal value.
#include <array>
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/private_message.h"
#include "protocol/codecs/whois.h"

using namespace wpn::protocol;

namespace {

constexpr std::array<std::uint16_t, 7> Types{msg::WhoisRequest, msg::WhoisAnswer, msg::WhoisFailed, msg::PmSend,
                                             msg::PmDelivered,  msg::PmIncoming,  msg::PmReceived};

std::uint16_t select_type(std::uint16_t raw) {
  for (const auto type : Types)
    if (type == raw) return type;
  return Types[raw % Types.size()];
}

template <class Decode>
void check_round_trip(std::uint16_t type, ByteView payload, Decode decode) {
  const auto decoded = decode(type, payload);
  if (!decoded) return;
  if (type_of(*decoded) != type) __builtin_trap();
  static Bytes encoded;
  encoded.clear();
  encode(*decoded, encoded);
  const auto again = decode(type, encoded);
  if (!again || !(*again == *decoded)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto type = select_type(static_cast<std::uint16_t>(data[0] | (data[1] << 8)));
  const ByteView payload(data + 2, size - 2);
  if (type <= msg::WhoisFailed)
    check_round_trip(type, payload, [](std::uint16_t t, ByteView p) { return decode_whois_message(t, p); });
  else
    check_round_trip(type, payload, [](std::uint16_t t, ByteView p) { return decode_pm_message(t, p); });
  return 0;
}
