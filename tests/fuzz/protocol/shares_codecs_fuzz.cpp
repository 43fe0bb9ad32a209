// Share-list codecs: the first two input bytes pick the message (a real type
// number, or any other value modulo the family size), the rest is the payload.
// Whatever decodes must re-encode to bytes that decode equal; a decoded folder
// re-batched must come back entry for entry.
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/shares.h"
#include "protocol/message_types.h"

using namespace wpn::protocol;

namespace {

template <class Decode>
void check_round_trip(ByteView payload, Decode decode) {
  const auto first = decode(payload);
  if (!first) return;
  Bytes out;
  encode(*first, out);
  const auto second = decode(ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

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

constexpr std::uint16_t Types[] = {msg::ShareFile, msg::UnshareFile, msg::ShareFolder, msg::UnshareFolder};

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
