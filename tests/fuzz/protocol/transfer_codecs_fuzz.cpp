// 0x1Fxx transfer codecs: the first two bytes (u16le) select the message type
// (mapped into the family when they name none of it), the rest is the payload.
// Any payload that decodes must re-encode to bytes that decode to an equal
// value; this also covers the leading-field scan of the P->S notices.
#include <array>
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;

namespace {

constexpr std::array<std::uint16_t, 11> Types{msg::DownloadRequest, msg::PushRequest,     msg::UploadRefused,
                                              msg::UploadQueued,    msg::UploadReady,     msg::DownloadFailed,
                                              msg::UploadWithdrawn, msg::UploadRequested, msg::DownloadStart,
                                              msg::DownloadQueued,  msg::UploadStart};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  const auto type = wpn::fuzz::pick(Types, input->selector);
  if (type < msg::DownloadFailed)
    wpn::fuzz::check_dispatch(type, input->payload, decode_transfer_request);
  else
    wpn::fuzz::check_dispatch(type, input->payload, decode_transfer_notice);
  return 0;
}
