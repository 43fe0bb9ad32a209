#include "transfer/partial_meta.h"

#include <algorithm>
#include <array>

#include <zlib.h>

namespace wpn::transfer {

using protocol::ByteReader;
using protocol::ByteWriter;
using protocol::decode_error;
using protocol::DecodeErrc;
using protocol::DecodeResult;

namespace {

constexpr std::array<protocol::Byte, 4> Magic{'W', 'P', 'N', 'P'};
// Smallest encoded source: handle 6 + two empty lengths 1 + 2.
constexpr std::size_t MinSourceSize = 9;

std::uint32_t crc_of(protocol::ByteView bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, bytes.data(), static_cast<uInt>(bytes.size()));
  return static_cast<std::uint32_t>(crc);
}

void write_u64(ByteWriter& w, std::uint64_t value) {
  w.u32le(static_cast<std::uint32_t>(value & 0xFFFFFFFFu));
  w.u32le(static_cast<std::uint32_t>(value >> 32));
}

DecodeResult<std::uint64_t> read_u64(ByteReader& r) {
  const auto low = r.u32le();
  if (!low) return tl::unexpected(low.error());
  const auto high = r.u32le();
  if (!high) return tl::unexpected(high.error());
  return (static_cast<std::uint64_t>(*high) << 32) | *low;
}

std::string_view capped(std::string_view text, std::size_t max) { return text.substr(0, std::min(text.size(), max)); }

// A length-prefixed string; the prefix is u8 or u16.
DecodeResult<std::string> read_sized(ByteReader& r, bool wide, std::size_t max) {
  const std::size_t at = r.offset();
  std::size_t length = 0;
  if (wide) {
    const auto n = r.u16le();
    if (!n) return tl::unexpected(n.error());
    length = *n;
  } else {
    const auto n = r.u8();
    if (!n) return tl::unexpected(n.error());
    length = *n;
  }
  if (length > max) return decode_error(DecodeErrc::LengthOverLimit, at);
  const auto bytes = r.take(length);
  if (!bytes) return tl::unexpected(bytes.error());
  return std::string(protocol::as_chars(*bytes));
}

DecodeResult<protocol::TransferAddress> read_source(ByteReader& r) {
  protocol::TransferAddress source;
  const auto ip = protocol::read_ip4(r);
  if (!ip) return tl::unexpected(ip.error());
  const auto port = r.u16le();
  if (!port) return tl::unexpected(port.error());
  source.handle = {*ip, *port};
  auto name = read_sized(r, false, MaxPartialSourceNameLength);
  if (!name) return tl::unexpected(name.error());
  auto file = read_sized(r, true, MaxPartialNameLength);
  if (!file) return tl::unexpected(file.error());
  source.name = std::move(*name);
  source.file = std::move(*file);
  return source;
}

DecodeResult<void> read_ranges(ByteReader& r, std::uint64_t size, RangeSet& out) {
  const std::size_t at = r.offset();
  const auto count = r.u32le();
  if (!count) return tl::unexpected(count.error());
  if (*count > r.remaining() / PartialRangeSize) return decode_error(DecodeErrc::LengthOverLimit, at);
  std::uint64_t previous_end = 0;
  for (std::uint32_t i = 0; i < *count; ++i) {
    const std::size_t range_at = r.offset();
    const auto start = read_u64(r);
    if (!start) return tl::unexpected(start.error());
    const auto end = read_u64(r);
    if (!end) return tl::unexpected(end.error());
    const bool canonical = *start < *end && *end <= size && (i == 0 || *start > previous_end);
    if (!canonical) return decode_error(DecodeErrc::BadValue, range_at);
    out.insert({*start, *end});
    previous_end = *end;
  }
  return {};
}

DecodeResult<void> read_header(ByteReader& r, PartialMeta& meta) {
  const auto magic = r.take(Magic.size());
  if (!magic) return tl::unexpected(magic.error());
  if (!std::equal(magic->begin(), magic->end(), Magic.begin())) return decode_error(DecodeErrc::BadValue, 0);
  const auto version = r.u16le();
  if (!version) return tl::unexpected(version.error());
  if (*version != PartialMetaVersion) return decode_error(DecodeErrc::BadValue, 4);
  const auto key = protocol::read_file_key(r);
  if (!key) return tl::unexpected(key.error());
  const std::size_t size_at = r.offset();
  const auto size = read_u64(r);
  if (!size) return tl::unexpected(size.error());
  if (*size != key->size) return decode_error(DecodeErrc::BadValue, size_at);
  const auto media = protocol::read_media_fields(r);
  if (!media) return tl::unexpected(media.error());
  meta.key = *key;
  meta.size = *size;
  meta.media = *media;
  return {};
}

DecodeResult<void> read_sources(ByteReader& r, PartialMeta& meta) {
  const std::size_t at = r.offset();
  const auto count = r.u16le();
  if (!count) return tl::unexpected(count.error());
  if (*count > MaxPartialSources || *count > r.remaining() / MinSourceSize)
    return decode_error(DecodeErrc::LengthOverLimit, at);
  meta.sources.reserve(*count);
  for (std::uint16_t i = 0; i < *count; ++i) {
    auto source = read_source(r);
    if (!source) return tl::unexpected(source.error());
    meta.sources.push_back(std::move(*source));
  }
  return {};
}

}  // namespace

void encode(const PartialMeta& meta, protocol::Bytes& out) {
  const std::size_t begin = out.size();
  ByteWriter w(out);
  w.bytes(Magic);
  w.u16le(PartialMetaVersion);
  protocol::write_file_key(w, meta.key);
  write_u64(w, meta.key.size);  // the key is the authority on the size
  protocol::write_media_fields(w, meta.media);
  const auto name = capped(meta.name, MaxPartialNameLength);
  w.u16le(static_cast<std::uint16_t>(name.size()));
  w.text(name);
  const std::size_t sources = std::min(meta.sources.size(), MaxPartialSources);
  w.u16le(static_cast<std::uint16_t>(sources));
  for (std::size_t i = 0; i < sources; ++i) {
    const auto& s = meta.sources[i];
    protocol::write_ip4(w, s.handle.ip);
    w.u16le(s.handle.udp_port);
    const auto source_name = capped(s.name, MaxPartialSourceNameLength);
    w.u8(static_cast<std::uint8_t>(source_name.size()));
    w.text(source_name);
    const auto file = capped(s.file, MaxPartialNameLength);
    w.u16le(static_cast<std::uint16_t>(file.size()));
    w.text(file);
  }
  // Only ranges inside the file are written, so the output always decodes.
  RangeSet inside = meta.received;
  inside.erase({meta.key.size, UINT64_MAX});
  w.u32le(static_cast<std::uint32_t>(inside.count()));
  for (const auto& r : inside.ranges()) {
    write_u64(w, r.start);
    write_u64(w, r.end);
  }
  w.u32le(crc_of(protocol::ByteView(out).subspan(begin)));
}

DecodeResult<PartialMeta> decode_partial_meta(protocol::ByteView bytes) {
  ByteReader r(bytes);
  PartialMeta meta;
  if (auto header = read_header(r, meta); !header) return tl::unexpected(header.error());
  auto name = read_sized(r, true, MaxPartialNameLength);
  if (!name) return tl::unexpected(name.error());
  meta.name = std::move(*name);
  if (auto sources = read_sources(r, meta); !sources) return tl::unexpected(sources.error());
  if (auto ranges = read_ranges(r, meta.size, meta.received); !ranges) return tl::unexpected(ranges.error());
  const std::size_t crc_at = r.offset();
  const auto crc = r.u32le();
  if (!crc) return tl::unexpected(crc.error());
  if (*crc != crc_of(bytes.first(crc_at))) return decode_error(DecodeErrc::BadValue, crc_at);
  if (auto end = r.expect_end(); !end) return tl::unexpected(end.error());
  return meta;
}

}  // namespace wpn::transfer
