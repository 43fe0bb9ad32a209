#pragma once
// The peer-cache reply (protocol.md §3.1, §3.5): 0x38, a 16-byte key block
// with ID 0x54, then 132 frontcode-enciphered bytes holding 10 node records.
// The cache sends all 149 bytes unprompted and closes.
//
// decode_cache_reply reads the complete 149 bytes; CacheReplyReader takes them
// in whatever pieces the socket delivers and fails as early as the bytes
// allow. encode builds a reply, with the key block and the frontcode header
// drawn from the caller's RandomSource.

#include <array>
#include <cstddef>
#include <optional>
#include <span>

#include "protocol/bytes.h"
#include "protocol/codecs/session.h"
#include "protocol/errors.h"
#include "protocol/random_source.h"

namespace wpn::protocol {

inline constexpr Byte CacheGreeting = 0x38;  // ASCII '8'
inline constexpr std::size_t CacheKeyBlockOffset = 1;
inline constexpr std::size_t CacheNodeListOffset = 17;
inline constexpr std::size_t CacheReplyLength = 149;
inline constexpr std::size_t CacheReplyRecords = 10;

struct CacheReply {
  std::array<NodeRecord, CacheReplyRecords> records{};
  friend bool operator==(const CacheReply&, const CacheReply&) = default;
};

// The first 10 of `records`, padded with all-zero records.
CacheReply make_cache_reply(std::span<const NodeRecord> records);

// Appends the 149 bytes. The frontcode header is re-drawn until the output
// decodes the same under both published tables (§2.6).
void encode(const CacheReply& reply, RandomSource& random, Bytes& out);

// Exactly 149 bytes: fewer fail as Truncated, more as TrailingBytes. A wrong
// first byte is BadValue at 0; a key block that fails its checks or carries
// another ID is BadKeyBlock at 1.
DecodeResult<CacheReply> decode_cache_reply(ByteView reply);

class CacheReplyReader {
 public:
  enum class Status { NeedMore, Complete, Failed };

  // Consumes bytes of `data` up to the end of the reply and returns how many it
  // used; bytes after the 149th are left to the caller. Feeding after
  // Complete or Failed consumes nothing.
  std::size_t feed(ByteView data);

  Status status() const noexcept { return status_; }
  std::size_t missing() const noexcept { return CacheReplyLength - filled_; }
  // Set once status() is Complete / Failed.
  const std::optional<CacheReply>& reply() const noexcept { return reply_; }
  const std::optional<DecodeError>& error() const noexcept { return error_; }

  void reset() noexcept;

 private:
  std::array<Byte, CacheReplyLength> buffer_{};
  std::size_t filled_ = 0;
  Status status_ = Status::NeedMore;
  std::optional<CacheReply> reply_;
  std::optional<DecodeError> error_;
};

}  // namespace wpn::protocol
