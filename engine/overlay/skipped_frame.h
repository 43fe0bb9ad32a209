#pragma once
// Receive tolerance (wire-audit D1): every public WPN implementation ignores a frame it
// cannot parse and stays connected, so the session machines do the same. A frame of a
// type they decode whose payload does not decode, or of an unassigned type inside a
// known family's number range (0x1FB0, 0x1BC0), is skipped: the machine reports it as a
// SkippedFrame (the adapter traces it) and counts it. Only a stream that is clearly
// garbled (SyncWatch) ends the connection.

#include <cstddef>
#include <cstdint>
#include <string>

#include "protocol/bytes.h"
#include "protocol/errors.h"
#include "protocol/frame.h"

namespace wpn::overlay {

// At most this many payload bytes are kept for the trace of a skipped frame.
inline constexpr std::size_t MaxSkippedPayloadCopy = 256;

struct SkippedFrame {
  std::uint16_t type = 0;
  protocol::DecodeError error{};
  std::size_t length = 0;   // the whole payload's length
  protocol::Bytes payload;  // its first MaxSkippedPayloadCopy bytes at most
};

SkippedFrame make_skipped_frame(const protocol::Frame& frame, protocol::DecodeError error);

// A type some WPN message has (protocol.md §8, message_types.h).
bool is_assigned_type(std::uint16_t type) noexcept;
// Inside the number range of a message family we know (0x0384-0x0460, 0x0FA1-0x0FA4,
// 0x1389-0x144F, 0x1771-0x177A, 0x1B59-0x1BD0, 0x1F41-0x1FD6, 0x238D-0x238E).
bool in_known_family(std::uint16_t type) noexcept;
// In a family's range but assigned to nothing: skipped as UnknownType.
inline bool is_unassigned_in_family(std::uint16_t type) noexcept {
  return in_known_family(type) && !is_assigned_type(type);
}

// Notices a stream cipher that has lost sync. Once the keys drift, every frame header
// decrypts to noise: a type outside every family (99 % of the u16 range) and a length
// that is 3072 or more (95 %), which no WPN client sends (RoboMX cannot even receive it).
// Four such frames in a row mean the stream is unusable; any plausible frame resets it.
class SyncWatch {
 public:
  static constexpr std::size_t GarbledInARow = 4;
  static constexpr std::size_t GarbledMinPayload = protocol::SendPayloadLimit;  // 3072

  static bool garbled(const protocol::Frame& frame) noexcept {
    return !in_known_family(frame.type) && frame.payload.size() >= GarbledMinPayload;
  }
  // True when this frame and the GarbledInARow - 1 before it were all garbled.
  bool observe(const protocol::Frame& frame) noexcept {
    run_ = garbled(frame) ? run_ + 1 : 0;
    return run_ >= GarbledInARow;
  }
  static std::string reason();

 private:
  std::size_t run_ = 0;
};

}  // namespace wpn::overlay
