// Share-list codecs: the first two input bytes pick the message (a real type
// number, or any other value modulo the family size), the rest is the payload.
// Whatever decodes must re-encode to bytes that decode equal; a decoded folder
// re-batched must come back entry for entry.
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/shares.h"
#include "protocol/message_types.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;
using wpn::fuzz::check_dispatch;
using wpn::fuzz::check_round_trip;
using wpn::fuzz::pick;

namespace {

void check_batches(const ShareFolder& folder) {
  WireOptions small;
  small.max_send_payload = 512;  // forces splits on short inputs
  const auto built = build_share_folder_payloads(folder.folder, folder.entries, small);
  std::size_t next = 0;
  std::size_t rejected = 0;
  for (const auto& payload : built.payloads) {
    if (payload.size() > small.max_send_payload) __builtin_trap();
    const auto decoded = decode_share_folder(payload);
    if (!decoded || decoded->folder != folder.folder) __builtin_trap();
    for (const auto& entry : decoded->entries) {
      while (rejected < built.rejected.size() && built.rejected[rejected].index == next) {
        ++rejected;
        ++next;
      }
      if (next >= folder.entries.size() || !(folder.entries[next] == entry)) __builtin_trap();
      ++next;
    }
  }
  if (next + (built.rejected.size() - rejected) != folder.entries.size()) __builtin_trap();
}

constexpr std::uint16_t Types[] = {msg::ShareFile, msg::UnshareFile, msg::ShareFolder, msg::UnshareFolder};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  const ByteView payload = input->payload;

  const std::uint16_t type = pick(Types, input->selector);
  check_dispatch(type, payload, decode_share_message);
  switch (type) {
    case msg::ShareFile:
      check_round_trip(payload, decode_share_file);
      break;
    case msg::UnshareFile:
      check_round_trip(payload, decode_unshare_file);
      break;
    case msg::ShareFolder:
      check_round_trip(payload, decode_share_folder);
      if (const auto folder = decode_share_folder(payload)) check_batches(*folder);
      break;
    case msg::UnshareFolder:
      check_round_trip(payload, decode_unshare_folder);
      break;
    default:
      break;
  }
  return 0;
}
