#include "protocol/codecs/common.h"

#include <algorithm>

namespace wpn::protocol {
namespace {

constexpr std::string_view HandlePrefix = "WinMX ";
constexpr std::size_t IpHexDigits = 8;
constexpr std::size_t PortHexDigits = 4;
constexpr std::size_t ClientIdDigits = 5;
constexpr std::size_t MaxHandleStringLength = 64;  // a handle is 18 bytes; more is never one

constexpr char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Exactly digits.size() hex digits; nullopt on anything else (no signs, no spaces).
std::optional<std::uint32_t> parse_hex_u32(std::string_view digits) {
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::uint32_t value = 0;
  for (const char c : digits) {
    const int v = hex_value(c);
    if (v < 0) return std::nullopt;
    value = (value << 4) | static_cast<std::uint32_t>(v);
  }
  return value;
}

void append_hex(std::string& out, std::uint32_t value, std::size_t digits, bool upper_case) {
  const char* const alphabet = upper_case ? "0123456789ABCDEF" : "0123456789abcdef";
  for (std::size_t i = digits; i-- > 0;) out.push_back(alphabet[(value >> (4 * i)) & 0xF]);
}

std::uint32_t ip_as_u32le(const Ip4& ip) noexcept {
  return static_cast<std::uint32_t>(ip[0]) | static_cast<std::uint32_t>(ip[1]) << 8 |
         static_cast<std::uint32_t>(ip[2]) << 16 | static_cast<std::uint32_t>(ip[3]) << 24;
}

}  // namespace

std::string ip_hex(const Ip4& ip, bool upper_case) {
  std::string out;
  append_hex(out, ip_as_u32le(ip), IpHexDigits, upper_case);
  return out;
}

std::optional<Ip4> parse_ip_hex(std::string_view digits) {
  if (digits.size() != IpHexDigits) return std::nullopt;
  const auto value = parse_hex_u32(digits);
  if (!value) return std::nullopt;
  return Ip4{static_cast<Byte>(*value & 0xFF), static_cast<Byte>((*value >> 8) & 0xFF),
             static_cast<Byte>((*value >> 16) & 0xFF), static_cast<Byte>(*value >> 24)};
}

std::string ip4_text(const Ip4& ip) {
  return std::to_string(ip[0]) + '.' + std::to_string(ip[1]) + '.' + std::to_string(ip[2]) + '.' +
         std::to_string(ip[3]);
}

std::string NodeHandle::to_string() const {
  std::string out(HandlePrefix);
  out += ip_hex(ip);
  append_hex(out, udp_port, PortHexDigits, false);
  return out;
}

std::optional<NodeHandle> NodeHandle::parse(std::string_view text) {
  if (text.size() != HandleLength) return std::nullopt;
  for (std::size_t i = 0; i < HandlePrefix.size(); ++i)
    if (lower(text[i]) != lower(HandlePrefix[i])) return std::nullopt;
  const auto ip = parse_ip_hex(text.substr(HandlePrefix.size(), IpHexDigits));
  const auto port = parse_hex_u32(text.substr(HandlePrefix.size() + IpHexDigits, PortHexDigits));
  if (!ip || !port) return std::nullopt;
  return NodeHandle{*ip, static_cast<std::uint16_t>(*port)};
}

DecodeResult<NodeHandle> read_handle(ByteReader& reader) {
  const std::size_t start = reader.offset();
  auto text = reader.cstr(MaxHandleStringLength);
  if (!text) return tl::unexpected(text.error());
  auto handle = NodeHandle::parse(*text);
  if (!handle) return decode_error(DecodeErrc::BadHandle, start);
  return *handle;
}

void write_handle(ByteWriter& writer, const NodeHandle& handle) { writer.cstr(handle.to_string()); }

std::string full_name(std::string_view base_name, std::uint16_t client_id) {
  std::string out(base_name);
  out.push_back('_');
  std::string digits(ClientIdDigits, '0');
  std::uint32_t value = client_id;
  for (std::size_t i = ClientIdDigits; i-- > 0 && value != 0; value /= 10)
    digits[i] = static_cast<char>('0' + value % 10);
  out += digits;
  return out;
}

std::string_view base_name_of(std::string_view name) {
  constexpr std::size_t SuffixLength = ClientIdDigits + 1;
  if (name.size() < SuffixLength) return name;
  const auto suffix = name.substr(name.size() - SuffixLength);
  if (suffix[0] != '_') return name;
  const bool digits = std::all_of(suffix.begin() + 1, suffix.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? name.substr(0, name.size() - SuffixLength) : name;
}

DecodeResult<MediaInfo> read_media_fields(ByteReader& reader) {
  if (reader.remaining() < MediaFieldsLength) return decode_error(DecodeErrc::Truncated, reader.offset());
  MediaInfo media;
  media.bitrate = *reader.u16le();
  media.frequency = *reader.u32le();
  media.duration = *reader.u32le();
  return media;
}

void write_media_fields(ByteWriter& writer, const MediaInfo& media) {
  writer.u16le(media.bitrate);
  writer.u32le(media.frequency);
  writer.u32le(media.duration);
}

DecodeResult<MediaInfo> read_metadata_block(ByteReader& reader) {
  auto length = reader.u8();
  if (!length) return tl::unexpected(length.error());
  if (*length == 0) return MediaInfo{};
  auto type = reader.u8();
  if (!type) return tl::unexpected(type.error());
  const std::size_t declared_rest = *length - 1u;
  if (*type != MetadataTypeMedia) {
    auto skipped = reader.take(declared_rest);
    if (!skipped) return tl::unexpected(skipped.error());
    return MediaInfo{};
  }
  auto media = read_media_fields(reader);
  if (!media) return media;
  if (declared_rest > MediaFieldsLength) {
    auto extra = reader.take(declared_rest - MediaFieldsLength);
    if (!extra) return tl::unexpected(extra.error());
  }
  return media;
}

void write_metadata_block(ByteWriter& writer, const MediaInfo& media) {
  write_metadata_block(writer, media, default_wire_options());
}

void write_metadata_block(ByteWriter& writer, const MediaInfo& media, const WireOptions& options) {
  if (media.empty()) {
    writer.u8(0);
    return;
  }
  // Whatever meta_len says, the block carries the type byte and 10 data bytes;
  // a declared length above 11 is honoured with zero padding so receivers that
  // skip by meta_len stay aligned. 0 would mean "no metadata", so it falls back to 11.
  const std::uint8_t length = options.metadata_length == 0 ? std::uint8_t{11} : options.metadata_length;
  writer.u8(length);
  writer.u8(MetadataTypeMedia);
  write_media_fields(writer, media);
  for (std::size_t i = 1 + MediaFieldsLength; i < length; ++i) writer.u8(0);
}

DecodeResult<FileKey> read_file_key(ByteReader& reader) {
  auto wire = reader.take(FileKeyLength);
  if (!wire) return tl::unexpected(wire.error());
  return FileKey::from_wire(wire->first<FileKeyLength>());
}

void write_file_key(ByteWriter& writer, const FileKey& key) {
  const WireKey wire = key.to_wire();
  writer.bytes(wire);
}

DecodeResult<Ip4> read_ip4(ByteReader& reader) {
  auto wire = reader.take(4);
  if (!wire) return tl::unexpected(wire.error());
  return Ip4{(*wire)[0], (*wire)[1], (*wire)[2], (*wire)[3]};
}

void write_ip4(ByteWriter& writer, const Ip4& ip) { writer.bytes(ip); }

DecodeResult<AnnouncedFile> read_announced_file(ByteReader& reader) {
  AnnouncedFile file;
  auto path = reader.cstr(MaxPathLength);
  if (!path) return tl::unexpected(path.error());
  file.path = std::move(*path);
  auto key = read_file_key(reader);
  if (!key) return tl::unexpected(key.error());
  file.key = *key;
  auto size = reader.u32le();
  if (!size) return tl::unexpected(size.error());
  file.size = *size;
  auto media = read_metadata_block(reader);
  if (!media) return tl::unexpected(media.error());
  file.media = *media;
  return file;
}

}  // namespace wpn::protocol
