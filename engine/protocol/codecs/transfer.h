#pragma once
// Pieces shared by the 0x1Fxx transfer-management family (filesharing.md §4):
// the ADDR prefix, the tolerant handle scan for primary->secondary packets, and
// the refusal classification behind 0x1F54 and 0x1FA4.
//
// The family itself is in transfer_requests.h (S->P) and transfer_notices.h
// (P->S). Scheme for both: one struct per message; `void encode(const X&,
// Bytes& out)` appends exactly what the struct holds (payload only, no frame
// header); `DecodeResult<X> decode_<x>(ByteView payload)` reads one. Every
// [U]/[P] wire choice is applied by the make_* builders from WireOptions, so a
// decoded value always re-encodes to an equal value.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/errors.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

// Bytes tolerated before the handle of a P->S packet (filesharing.md §4.2 note).
inline constexpr std::size_t MaxTransferLeadingLength = 256;
// Status texts of 0x1FA4 and 0x1FAE; real ones are about 20 bytes.
inline constexpr std::size_t MaxTransferStatusLength = 256;

// The 0x1F41 option byte (filesharing.md §4.2, §5.2). Other values are kept.
enum class DownloadOption : std::uint8_t { Normal = 0, JoinQueue = 1 };

// ADDR: the other party of the transfer and the file (filesharing.md §4.2).
struct TransferAddress {
  NodeHandle handle;
  std::string name;  // full user name
  std::string file;  // virtual path, byte-exact as announced

  friend bool operator==(const TransferAddress&, const TransferAddress&) = default;
};

// Strict ADDR at the reader's position (S->P packets, whose layout is ours or
// documented): handle, name and file, each NUL-terminated.
DecodeResult<TransferAddress> read_transfer_address(ByteReader& reader);
void write_transfer_address(ByteWriter& writer, const TransferAddress& address);

// Bytes found before the handle of a P->S packet; 0x1FC2 documents one there,
// the "requesting node's user name", with or without a NUL [U].
struct LeadingField {
  std::string name;        // raw bytes, may hold NULs of an unknown field
  bool terminated = true;  // one 0x00 followed the name on the wire

  friend bool operator==(const LeadingField&, const LeadingField&) = default;
};

struct ScannedAddress {
  std::optional<LeadingField> leading;
  TransferAddress address;

  friend bool operator==(const ScannedAddress&, const ScannedAddress&) = default;
};

// Tolerant ADDR for P->S packets (filesharing.md §4.2): finds the first
// "WinMX " (any case) + 12 hex digits + 0x00 within MaxTransferLeadingLength
// bytes; whatever precedes it is the leading field. BadHandle if none.
DecodeResult<ScannedAddress> read_scanned_address(ByteReader& reader);
void write_scanned_address(ByteWriter& writer, const std::optional<LeadingField>& leading,
                           const TransferAddress& address);

// The bytes after ADDR of a 0x1Fxx packet whose layout no reference publishes
// (wire audit D2, D3) are kept verbatim in the message's `tail` when they are not
// exactly our layout; the decoder interprets what it can, and the encoder then
// writes the tail instead of the fields, so a decoded message re-encodes to the
// bytes received. A tail of 1, 2 or 4 bytes reads as one little-endian number
// ("x" on winmxworld's transfer page); any other length has no single value.
std::optional<std::uint32_t> tail_value(ByteView tail) noexcept;

// The queue place after ADDR of 0x1F5E and 0x1FCC: u32 position, optionally u32 queue
// length; any other tail is kept raw and its value read as the position.
template <class Message>
void read_queue_place(ByteReader& reader, Message& message) {
  constexpr std::size_t PositionOnly = 4;
  constexpr std::size_t PositionWithQueue = 4 + 4;
  const std::size_t rest = reader.remaining();
  if (rest == PositionOnly || rest == PositionWithQueue) {
    message.position = *reader.u32le();
    if (rest == PositionWithQueue) message.queue_length = *reader.u32le();
  } else if (rest != 0) {
    const ByteView tail = reader.rest();
    message.tail.assign(tail.begin(), tail.end());
    message.position = tail_value(tail);
  }
}

template <class Message>
void write_queue_place(ByteWriter& writer, const Message& message) {
  if (!message.tail.empty()) return writer.bytes(message.tail);
  if (!message.position) return;
  writer.u32le(*message.position);
  if (message.queue_length) writer.u32le(*message.queue_length);
}

// Why a download did not start: the 0x1F54 reason and the 0x1FA4 status text.
enum class TransferRefusal { Busy, TimedOut, NotShared, Other };

// Case-insensitive prefixes "busy", "request timed out", "file not shared".
TransferRefusal classify_download_failure(std::string_view status) noexcept;
// The queue length in "Busy (N in queue)", tolerating spaces and other wording;
// nullopt when the text is not a busy text or holds no number that fits a u32.
std::optional<std::uint32_t> busy_queue_length(std::string_view status) noexcept;
// The texts our hub sends: "Busy (N in queue)", "Request timed out",
// "File Not Shared", and "Download failed" [P] for Other.
std::string download_failure_text(TransferRefusal refusal, std::uint32_t queue_length,
                                  const WireOptions& options = default_wire_options());

}  // namespace wpn::protocol
