#pragma once
// Encoding of WPN frames (protocol.md §5): header and payload appended to a
// caller buffer and encrypted with the direction's continuing stream cipher.
// The mirror image of FrameDecoder.

#include <cstddef>
#include <cstdint>
#include <optional>

#include <tl/expected.hpp>

#include "protocol/bytes.h"
#include "protocol/frame.h"
#include "protocol/tcp_cipher.h"

namespace wpn::protocol {

// Why a frame was not encoded. The output and the cipher are left untouched.
enum class EncodeErrc {
  PayloadTooLarge = 1,  // payload above the encoder's limit (MaxSendPayload by default)
};

// Bytes appended to the output on success.
using EncodeResult = tl::expected<std::size_t, EncodeErrc>;

// Appends one frame to `out`; with a cipher, encrypts exactly the appended bytes.
// max_payload above ReceivePayloadCap is treated as ReceivePayloadCap (the u16 field).
// Callers holding a WireOptions pass its max_send_payload (whose default is
// MaxSendPayload, the default here).
EncodeResult encode_frame(std::uint16_t type, ByteView payload, Bytes& out, TcpCipher* cipher = nullptr,
                          std::size_t max_payload = MaxSendPayload);

// One sending direction: owns its cipher state across frames.
class FrameEncoder {
 public:
  // No cipher: plaintext mode. max_payload may be raised up to ReceivePayloadCap
  // for tests that need frames a peer would not send.
  explicit FrameEncoder(std::optional<TcpCipher> cipher = std::nullopt,
                        std::size_t max_payload = MaxSendPayload) noexcept;

  EncodeResult encode(std::uint16_t type, ByteView payload, Bytes& out);
  EncodeResult encode(const Frame& frame, Bytes& out) { return encode(frame.type, frame.payload, out); }

  std::optional<std::uint32_t> cipher_state() const noexcept;
  std::size_t max_payload() const noexcept { return max_payload_; }

 private:
  std::optional<TcpCipher> cipher_;
  std::size_t max_payload_;
};

}  // namespace wpn::protocol
