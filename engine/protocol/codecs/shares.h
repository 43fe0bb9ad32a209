#pragma once
// Publishing shared files to the primary (protocol.md §9.2, filesharing.md §6.3).
//
// Scheme: one struct per message; `void encode(const X&, Bytes& out)` appends
// the payload (no frame header); `DecodeResult<X> decode_<x>(ByteView payload)`
// reads one, and decode_share_message(type, payload) dispatches on the frame
// type. Strings handed to an encoder must not contain NUL bytes.
// build_share_folder_payloads is the sender's entry point for 0x0FA3: it splits
// a folder into payloads that each stay under the send limit.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/errors.h"
#include "protocol/file_key.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

inline constexpr std::size_t MaxShareNameLength = MaxPathLength;
// A 0x0FA3 entry is strlen(name) + 1 + 34: key 20, size 4, media 10.
inline constexpr std::size_t ShareEntryFixedLength = FileKeyLength + 4 + MediaFieldsLength;
inline constexpr std::size_t MinShareEntryLength = 1 + ShareEntryFixedLength;

// One file of a 0x0FA3 folder; media is always on the wire (zeros when none).
struct ShareEntry {
  std::string name;  // relative to the folder string
  FileKey key;
  std::uint32_t size = 0;
  MediaInfo media;
  friend bool operator==(const ShareEntry&, const ShareEntry&) = default;
};

// 0x0FA3 share folder (S->P) [E].
struct ShareFolder {
  static constexpr std::uint16_t Type = msg::ShareFolder;
  std::string folder;  // Windows style, e.g. "Music\"
  std::vector<ShareEntry> entries;
  // Set by the decoder when the entries could not be read to the end: where it
  // stopped. `entries` then holds those read before it. Never encoded, and not part
  // of what the message announces, so equality leaves it out.
  std::optional<DecodeError> incomplete{};
  friend bool operator==(const ShareFolder& a, const ShareFolder& b) {
    return a.folder == b.folder && a.entries == b.entries;
  }
};

// 0x0FA1 share one file (S->P) [P]: media present iff 10 more bytes follow the size.
struct ShareFile {
  static constexpr std::uint16_t Type = msg::ShareFile;
  std::string path;
  FileKey key;
  std::uint32_t size = 0;
  std::optional<MediaInfo> media;
  friend bool operator==(const ShareFile&, const ShareFile&) = default;
};

// 0x0FA2 / 0x0FA4 unshare (S->P): layouts guessed as [path:S] [U]; parsed
// leniently (the NUL may be missing), sent only when send_unshare_packets is on.
struct UnshareFile {
  static constexpr std::uint16_t Type = msg::UnshareFile;
  std::string path;
  friend bool operator==(const UnshareFile&, const UnshareFile&) = default;
};
struct UnshareFolder {
  static constexpr std::uint16_t Type = msg::UnshareFolder;
  std::string folder;
  friend bool operator==(const UnshareFolder&, const UnshareFolder&) = default;
};

using ShareMessage = std::variant<ShareFile, UnshareFile, ShareFolder, UnshareFolder>;

void encode(const ShareFolder& message, Bytes& out);
void encode(const ShareFile& message, Bytes& out);
void encode(const UnshareFile& message, Bytes& out);
void encode(const UnshareFolder& message, Bytes& out);
void encode(const ShareMessage& message, Bytes& out);

// Entries repeat to the end of the payload. WinMX omits the 10 media bytes of
// non-media files in 0x0FA1 and may do so here (wire audit D6), so an entry may
// come without them: the decoder takes the longest run of whole entries from the
// start (the whole payload when it reads), preferring entries with media. When
// that run stops short of the end, `incomplete` says where and why. Only a folder
// string that cannot be read fails the frame.
DecodeResult<ShareFolder> decode_share_folder(ByteView payload);
// Bytes after the optional media block are ignored; 1..9 stray bytes fail as Truncated.
DecodeResult<ShareFile> decode_share_file(ByteView payload);
DecodeResult<UnshareFile> decode_unshare_file(ByteView payload);
DecodeResult<UnshareFolder> decode_unshare_folder(ByteView payload);
// Dispatch on the frame type; WrongType for types outside the family.
DecodeResult<ShareMessage> decode_share_message(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const ShareMessage& message) noexcept;

enum class ShareRejectReason {
  TooLarge,   // the folder string plus this one entry exceed the send limit
  BadName,    // empty, contains a NUL, or longer than MaxShareNameLength
  BadFolder,  // the folder string contains a NUL or is longer than MaxPathLength
};

struct RejectedShareEntry {
  std::size_t index = 0;  // into the entries given to the builder
  ShareRejectReason reason{};
  friend bool operator==(const RejectedShareEntry&, const RejectedShareEntry&) = default;
};

struct ShareFolderPayloads {
  std::vector<Bytes> payloads;  // each a complete 0x0FA3 payload, in entry order
  std::vector<RejectedShareEntry> rejected;
};

// Splits one folder into as many 0x0FA3 payloads as needed, each starting with
// the folder string and at most options.max_send_payload bytes long. Entries
// keep their order; none is dropped silently. No entries give no payloads.
ShareFolderPayloads build_share_folder_payloads(std::string_view folder, std::span<const ShareEntry> entries,
                                                const WireOptions& options = default_wire_options());

}  // namespace wpn::protocol
