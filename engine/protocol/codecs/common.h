#pragma once
// Fields shared by several packet families: node handles, user names with the
// _NNNNN suffix, the media metadata block and the file-record tail.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/bytes.h"
#include "protocol/errors.h"
#include "protocol/file_key.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

// Named maxima for peer-supplied strings (bytes, NUL excluded). WinMX keeps names in
// 255-byte buffers and Windows paths reach 4096 bytes in the wild (wire audit §2).
inline constexpr std::size_t MaxNameLength = 255;
inline constexpr std::size_t MaxPathLength = 4096;
inline constexpr std::size_t MaxTextLength = 2048;

// Raw IPv4 as it travels: 4 bytes, first octet first (protocol.md §0).
using Ip4 = std::array<Byte, 4>;

inline constexpr std::size_t HandleLength = 18;       // "WinMX " + 12 hex digits, NUL excluded
inline constexpr std::size_t FileKeyLength = 20;      // hash 16 + u32le length
inline constexpr std::size_t MediaFieldsLength = 10;  // bitrate u16, frequency u32, duration u32
inline constexpr Byte MetadataTypeMedia = 0x4D;       // 'M'

// "WinMX " + 8 hex digits of the IPv4 (octets reversed) + 4 hex digits of the
// primary's UDP port (protocol.md §7.2). ip holds the 4 wire bytes, network order.
struct NodeHandle {
  Ip4 ip{};
  std::uint16_t udp_port = 0;

  std::string to_string() const;                                  // "WinMX 0100007f1871", lower-case hex
  static std::optional<NodeHandle> parse(std::string_view text);  // any case, "Winmx " too

  friend bool operator==(const NodeHandle&, const NodeHandle&) = default;
};

// The 8 hex digits of an address as handles and room names carry it: the
// little-endian u32 of the wire bytes, so 127.0.0.1 -> "0100007f".
std::string ip_hex(const Ip4& ip, bool upper_case = false);
std::optional<Ip4> parse_ip_hex(std::string_view digits);  // exactly 8 hex digits, any case
// Dotted-quad text of the wire bytes, first octet first: "127.0.0.1".
std::string ip4_text(const Ip4& ip);

DecodeResult<NodeHandle> read_handle(ByteReader& reader);  // NUL-terminated handle string
void write_handle(ByteWriter& writer, const NodeHandle& handle);

// "tester123" + client id 21270 -> "tester123_21270" (protocol.md §7.1).
std::string full_name(std::string_view base_name, std::uint16_t client_id);
// Strips a trailing "_NNNNN" (underscore six characters from the end, five digits).
std::string_view base_name_of(std::string_view name);

// Media metadata: bitrate kbit/s, sample rate Hz, duration s.
struct MediaInfo {
  std::uint16_t bitrate = 0;
  std::uint32_t frequency = 0;
  std::uint32_t duration = 0;

  bool empty() const noexcept { return bitrate == 0 && frequency == 0 && duration == 0; }
  friend bool operator==(const MediaInfo&, const MediaInfo&) = default;
};

// The [meta_len u8][type 'M'][bitrate][freq][duration] block of 0x177A and 0x1BBC.
// Receiver rule (filesharing.md §2.7): meta_len 0 = none; otherwise one type
// byte; 'M' is followed by exactly 10 data bytes (and any further declared bytes
// are skipped); any other type skips meta_len - 1 bytes and yields empty media.
// Empty metadata is written as meta_len 0; the non-zero meta_len comes from WireOptions.
DecodeResult<MediaInfo> read_metadata_block(ByteReader& reader);
void write_metadata_block(ByteWriter& writer, const MediaInfo& media);
void write_metadata_block(ByteWriter& writer, const MediaInfo& media, const WireOptions& options);

// The bare 10 bytes bitrate/frequency/duration of 0x0FA1 and 0x0FA3 entries.
DecodeResult<MediaInfo> read_media_fields(ByteReader& reader);
void write_media_fields(ByteWriter& writer, const MediaInfo& media);

DecodeResult<FileKey> read_file_key(ByteReader& reader);

// The file fields of a browse entry (0x1BBC) and a search result (0x177A), in wire order:
// [path:S][key:20][size:u32][metadata block].
struct AnnouncedFile {
  std::string path;
  FileKey key;
  std::uint32_t size = 0;
  MediaInfo media;
};
DecodeResult<AnnouncedFile> read_announced_file(ByteReader& reader);
void write_file_key(ByteWriter& writer, const FileKey& key);

DecodeResult<Ip4> read_ip4(ByteReader& reader);
void write_ip4(ByteWriter& writer, const Ip4& ip);

}  // namespace wpn::protocol
