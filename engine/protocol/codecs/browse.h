#pragma once
// Browse (protocol.md §9.4, filesharing.md §6.4): 0x1B59 request and 0x1B5A
// end notification (S->P), then 0x1BBC per file, 0x1BC6 complete or 0x1BD0
// failed (P->S).
//
// Scheme: one struct per message; `void encode(const X&, Bytes& out)` appends
// exactly what the struct holds (payload only, no frame header);
// `DecodeResult<X> decode_<x>(ByteView payload)` reads one, and
// decode_browse_message(type, payload) dispatches on the frame type. Bytes
// after the last known field are ignored, except in 0x1BC6, which keeps them
// (a queue status may follow). Wire choices are applied by the make_* builders.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/errors.h"
#include "protocol/file_key.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

// A browse returns at most this many files (filesharing.md §6.4 [D]); the
// answering primary caps its 0x1BBC replies by the browsed user's role.
inline constexpr std::size_t MaxBrowseEntriesFromSecondary = 3000;
inline constexpr std::size_t MaxBrowseEntriesFromPrimary = 5000;
// Bytes kept after the name of 0x1BC6.
inline constexpr std::size_t MaxBrowseTrailingLength = 512;

// 0x1B59: browse the user `name` behind `handle`.
struct BrowseRequest {
  static constexpr std::uint16_t Type = msg::BrowseRequest;
  NodeHandle handle;
  std::string name;

  friend bool operator==(const BrowseRequest&, const BrowseRequest&) = default;
};

// 0x1B5A: same payload as 0x1B59; meaning unknown [U], RoboMX sends it first.
struct BrowseEnd {
  static constexpr std::uint16_t Type = msg::BrowseEnd;
  NodeHandle handle;
  std::string name;

  friend bool operator==(const BrowseEnd&, const BrowseEnd&) = default;
};

// 0x1BBC: one shared file of the browsed user.
struct BrowseEntry {
  static constexpr std::uint16_t Type = msg::BrowseEntry;
  NodeHandle handle;
  std::string name;
  std::string path;  // "Folder\file.ext", byte-exact
  FileKey key;
  std::uint32_t size = 0;  // repeats key.size on the wire; kept as received
  MediaInfo media;

  friend bool operator==(const BrowseEntry&, const BrowseEntry&) = default;
};

// 0x1BC6: browse finished. `trailing` holds whatever follows the name; one note
// says the queue status does (filesharing.md §6.4 [U]).
struct BrowseComplete {
  static constexpr std::uint16_t Type = msg::BrowseComplete;
  NodeHandle handle;
  std::string name;
  Bytes trailing;

  friend bool operator==(const BrowseComplete&, const BrowseComplete&) = default;
};

// 0x1BD0: browse failed (offline, timeout, user switched primary).
struct BrowseFailed {
  static constexpr std::uint16_t Type = msg::BrowseFailed;
  NodeHandle handle;
  std::string name;

  friend bool operator==(const BrowseFailed&, const BrowseFailed&) = default;
};

using BrowseMessage = std::variant<BrowseRequest, BrowseEnd, BrowseEntry, BrowseComplete, BrowseFailed>;

void encode(const BrowseRequest& message, Bytes& out);
void encode(const BrowseEnd& message, Bytes& out);
// The metadata block's non-zero meta_len comes from `options` (§2.7 [U]).
void encode(const BrowseEntry& message, Bytes& out, const WireOptions& options = default_wire_options());
void encode(const BrowseComplete& message, Bytes& out);
void encode(const BrowseFailed& message, Bytes& out);
void encode(const BrowseMessage& message, Bytes& out, const WireOptions& options = default_wire_options());

DecodeResult<BrowseRequest> decode_browse_request(ByteView payload);
DecodeResult<BrowseEnd> decode_browse_end(ByteView payload);
DecodeResult<BrowseEntry> decode_browse_entry(ByteView payload);
DecodeResult<BrowseComplete> decode_browse_complete(ByteView payload);
DecodeResult<BrowseFailed> decode_browse_failed(ByteView payload);
// Dispatch on the frame type; WrongType for types outside the family.
DecodeResult<BrowseMessage> decode_browse_message(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const BrowseMessage& message) noexcept;

// 0x1BC6 as our hub sends it: with the queue status when options say so.
BrowseComplete make_browse_complete(NodeHandle handle, std::string name, std::string_view queue_status,
                                    const WireOptions& options = default_wire_options());
// The text at the start of 0x1BC6's trailing bytes, up to a NUL; nullopt when
// nothing follows the name.
std::optional<std::string> trailing_queue_status(const BrowseComplete& message);

}  // namespace wpn::protocol
