// Primary-link records (chat.md §9.2): whatever decodes re-encodes to the same bytes
// (zeros where the layout is unknown aside), and the stream reader yields the same
// records however the input is cut (the first byte picks the cut).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocol/codecs/primary_records.h"

using namespace wpn::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteView input(data + 1, size - 1);
  if (const auto record = decode_primary_record(input)) {
    Bytes again;
    if (!encode(*record, again)) __builtin_trap();
    const auto decoded = decode_primary_record(again);
    if (!decoded || !(*decoded == *record)) __builtin_trap();
  }
  const std::size_t cut = input.empty() ? 0 : data[0] % (input.size() + 1);
  PrimaryRecordReader whole;
  PrimaryRecordReader split;
  whole.feed(input);
  split.feed(input.subspan(0, cut));
  std::vector<PrimaryRecord> from_whole;
  std::vector<PrimaryRecord> from_split;
  while (auto record = whole.next()) from_whole.push_back(std::move(*record));
  while (auto record = split.next()) from_split.push_back(std::move(*record));
  split.feed(input.subspan(cut));
  while (auto record = split.next()) from_split.push_back(std::move(*record));
  if (from_whole != from_split || whole.buffered() != split.buffered()) __builtin_trap();
  return 0;
}
