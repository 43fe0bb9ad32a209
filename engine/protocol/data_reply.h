#pragma once
// Replies on the plain-text data connection (filesharing.md §3.3-§3.5, §3.7):
// the uploader's decimal size or refusal text after a GET, and the downloader's
// offset, binary segment or refusal after a SEND. None has a terminator, so the
// parsers lean on known sizes and on finish() (the peer went quiet or closed).
// Like the request parsers, feed(input) consumes from the front of the view and
// leaves the bytes after the reply (file data) in it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/bytes.h"
#include "protocol/data_request.h"
#include "protocol/errors.h"

namespace wpn::protocol {

// Texts an uploader sends instead of a size, then closes (§3.5).
enum class Refusal { FileNotShared, InvalidRequest };
inline constexpr std::string_view FileNotSharedText = "FILE NOT SHARED";
inline constexpr std::string_view InvalidRequestText = "INVALID REQUEST";
std::string_view refusal_text(Refusal refusal) noexcept;
void append_refusal(Bytes& out, Refusal refusal);

// ASCII decimal without terminator: the size reply (§3.3, §3.4) and the offset
// reply to SEND (§3.7).
void append_decimal(Bytes& out, std::uint64_t value);
inline void append_size_reply(Bytes& out, std::uint64_t size) { append_decimal(out, size); }
inline void append_offset_reply(Bytes& out, std::uint64_t offset) { append_decimal(out, offset); }

// Longest error text kept from a peer (§3.3), and the longest offset (§3.7).
inline constexpr std::size_t MaxReplyTextLength = 256;
inline constexpr std::size_t MaxReplyDigits = 20;

enum class SizeReplyKind {
  Total,      // the file size, as we expected it
  Remaining,  // OpenNap form only: size - offset, as giFT-OpenNap sends it
  Refused,    // a text such as FILE NOT SHARED
};

struct SizeReply {
  SizeReplyKind kind = SizeReplyKind::Total;
  std::uint64_t value = 0;  // the number the uploader sent (Total/Remaining)
  std::string text;         // Refused: the text, at most MaxReplyTextLength bytes
  // Remaining only: file bytes consumed while telling the two numbers apart
  // (the remaining length's digits were a prefix of the total's). Write them first.
  Bytes data_prefix;

  friend bool operator==(const SizeReply&, const SizeReply&) = default;
};

// Downloader side after GET. Reads exactly as many digits as the expected number
// has (§3.3, §3.4), so a file that begins with digits is not swallowed. Digits
// that can no longer match are BadValue ("file changed") at their offset.
// When both numbers are possible (remaining's digits prefix the total's), the
// total wins if the following bytes complete it. In the WPN form the uploader
// sends nothing after the digits, so input left over at Complete means the size
// was longer than expected: the caller treats that as a mismatch.
class SizeReplyParser {
 public:
  // opennap_offset: the offset of an OpenNap-form request (enables Remaining).
  explicit SizeReplyParser(std::uint64_t expected_size, std::optional<std::uint64_t> opennap_offset = std::nullopt);

  DecodeResult<bool> feed(ByteView& input);  // true when reply() is final
  DecodeResult<bool> finish();               // the connection closed
  const SizeReply& reply() const noexcept { return reply_; }

 private:
  enum class State { Start, Digits, Text, Done, Failed };
  DecodeResult<bool> step(Byte byte, bool& consumed);
  DecodeResult<bool> fail(DecodeErrc code, std::size_t offset);
  DecodeResult<bool> complete_remaining();
  bool remaining_pending() const noexcept;

  std::uint64_t expected_;
  std::uint64_t remaining_value_ = 0;
  std::string total_;      // decimal of the expected size
  std::string remaining_;  // decimal of size - offset, empty when not applicable
  State state_ = State::Start;
  std::string digits_;    // digits taken so far
  bool on_total_ = true;  // digits_ is still a prefix of total_
  bool on_remaining_ = false;
  std::size_t consumed_ = 0;
  SizeReply reply_;
  DecodeError error_{};
};

enum class SendReplyKind {
  Offset,   // 1-20 ASCII digits
  Segment,  // 8 bytes, at least one of them non-printable: [start][end]
  Refused,  // INVALID REQUEST or any other text
};

struct SendReply {
  SendReplyKind kind = SendReplyKind::Offset;
  std::uint64_t offset = 0;
  Segment segment;
  std::string text;

  friend bool operator==(const SendReply&, const SendReply&) = default;
};

// Uploader side after a pushed SEND (§3.7 interop rules). A reply shorter than
// 8 printable bytes may still turn out binary, so digits and text end only at
// finish() (or at 20 digits / MaxReplyTextLength bytes). A binary segment made
// only of printable bytes cannot be told from text; the rule of §3.7 reads it as
// digits or text.
class SendReplyParser {
 public:
  explicit SendReplyParser(SegmentByteOrder order = WireOptions{}.segment_byte_order) noexcept : order_(order) {}

  DecodeResult<bool> feed(ByteView& input);
  DecodeResult<bool> finish();
  const SendReply& reply() const noexcept { return reply_; }

 private:
  enum class State { Reading, Binary, Done, Failed };
  DecodeResult<bool> fail(DecodeErrc code, std::size_t offset);
  DecodeResult<bool> complete_digits();

  SegmentByteOrder order_;
  State state_ = State::Reading;
  std::string bytes_;
  bool all_digits_ = true;
  SendReply reply_;
  DecodeError error_{};
};

}  // namespace wpn::protocol
