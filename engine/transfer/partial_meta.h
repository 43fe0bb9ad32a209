#pragma once
// The sidecar of a partial download, "<hex key>.meta" beside "<hex key>.part"
// (filesharing.md §8.1 [P]). Local only, never on the wire. Pure encode and
// decode; the decoder takes hostile bytes (a damaged or planted file) without
// crashing and allocates only what the remaining bytes can hold.
//
// Format, version 1. Integers little-endian; u64 = low u32 then high u32.
//   off  size  field
//   0    4     magic "WPNP"
//   4    2     version u16 = 1
//   6    20    file key: 16-byte content hash + u32 size (§2.6)
//   26   8     size u64; must equal the key's size
//   34   10    media: bitrate u16, frequency u32, duration u32 (zeros = none)
//   44   2+n   original virtual name: length u16 (<= MaxPartialNameLength), bytes
//   ..   2     source count u16 (<= MaxPartialSources), then per source:
//                ip 4 bytes (wire order), udp port u16  (the node handle)
//                name: length u8 (<= MaxPartialSourceNameLength), bytes
//                file: length u16 (<= MaxPartialNameLength), bytes
//   ..   4     range count u32, then per range start u64, end u64: the received
//              bytes [start, end), ascending, start < end <= size, each start
//              beyond the previous end (the canonical RangeSet form)
//   ..   4     CRC-32 (zlib polynomial) of every byte before it
// Nothing may follow. A future layout gets a new version number; version 1
// readers refuse it rather than guess.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/transfer.h"
#include "protocol/errors.h"
#include "protocol/file_key.h"
#include "transfer/range_set.h"

namespace wpn::transfer {

inline constexpr std::uint16_t PartialMetaVersion = 1;
// The sidecar's own limits, fixed by its format version (the wire caps of
// protocol/codecs/common.h were raised to 255 / 4096 later).
inline constexpr std::size_t MaxPartialNameLength = 1024;
inline constexpr std::size_t MaxPartialSourceNameLength = 64;
inline constexpr std::size_t MaxPartialSources = 256;
inline constexpr std::size_t PartialRangeSize = 16;

struct PartialMeta {
  protocol::FileKey key;
  std::uint64_t size = 0;
  protocol::MediaInfo media;
  std::string name;                                // virtual name it was found under
  std::vector<protocol::TransferAddress> sources;  // handle, full name, file
  RangeSet received;

  friend bool operator==(const PartialMeta&, const PartialMeta&) = default;
};

// Appends the sidecar bytes. Fields over their maxima are cut to them (names)
// or dropped (sources past MaxPartialSources), so the output always decodes.
void encode(const PartialMeta& meta, protocol::Bytes& out);
protocol::DecodeResult<PartialMeta> decode_partial_meta(protocol::ByteView bytes);

}  // namespace wpn::transfer
