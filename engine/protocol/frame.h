#pragma once
// The WPN TCP frame (protocol.md §5, filesharing.md §2.2): [type u16le]
// [payload length N u16le][N payload bytes], the whole frame encrypted with
// the continuing stream cipher of its direction.

#include <cstddef>
#include <cstdint>

#include "protocol/bytes.h"

namespace wpn::protocol {

// One decoded or to-be-encoded message: its type and plaintext payload.
struct Frame {
  std::uint16_t type = 0;
  Bytes payload;

  friend bool operator==(const Frame&, const Frame&) = default;
};

inline constexpr std::size_t FrameHeaderSize = 4;

// Widely used clients read frames into a 3072-byte buffer and cannot take a
// payload of this size or more (protocol.md §5: "keep every payload you send
// below 3072 bytes").
inline constexpr std::size_t SendPayloadLimit = 3072;

// filesharing.md §2.2 is stricter: the whole frame, header included, stays at
// or below 3072 bytes (RoboMX copies the payload behind the header into one
// 3072-byte send buffer). Honouring both documents, this is the largest payload
// we send; codecs that batch (share lists) fill frames up to it.
inline constexpr std::size_t SendFrameLimit = 3072;
inline constexpr std::size_t MaxSendPayload = SendFrameLimit - FrameHeaderSize;  // 3068
static_assert(MaxSendPayload < SendPayloadLimit);

// As a receiver accept anything the u16 length can express (protocol.md §5).
inline constexpr std::size_t ReceivePayloadCap = 65535;

// The largest payload RoboMX keeps; it decrypts and drops N >= 3072.
inline constexpr std::size_t RoboMxMaxPayload = SendPayloadLimit - 1;  // 3071

}  // namespace wpn::protocol
