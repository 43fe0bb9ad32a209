// 0x1Fxx transfer codecs: the first two bytes (u16le) select the message type
// (mapped into the family when they name none of it), the rest is the payload.
// Any payload that decodes must re-encode to bytes that decode to an equal
// value; this also covers the leading-field scan of the P->S notices.
#include <array>
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"

using namespace wpn::protocol;

namespace {

constexpr std::array<std::uint16_t, 11> Types{msg::DownloadRequest, msg::PushRequest,     msg::UploadRefused,
                                              msg::UploadQueued,    msg::UploadReady,     msg::DownloadFailed,
                                              msg::UploadWithdrawn, msg::UploadRequested, msg::DownloadStart,
                                              msg::DownloadQueued,  msg::UploadStart};

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
  if (type < msg::DownloadFailed)
    check_round_trip(type, payload, [](std::uint16_t t, ByteView p) { return decode_transfer_request(t, p); });
  else
    check_round_trip(type, payload, [](std::uint16_t t, ByteView p) { return decode_transfer_notice(t, p); });
  return 0;
}
