#pragma once
// Sans-IO reassembly of WPN frames from a TCP byte stream (protocol.md §5,
// §12 rules 1-2). The connection hands over whatever bytes arrived, in chunks of
// any size; the decoder decrypts exactly the bytes it consumes, so the cipher
// state always sits on the frame boundary the decoder has reached.
//
// Two ways to drive it:
//  - next(input, frame): pull one frame at a time. The view is advanced past the
//    bytes used. The payload buffer is swapped with `frame.payload`, so a caller
//    that reuses one Frame decodes without allocating in steady state.
//  - feed(chunk, frames): consume a whole chunk, appending every complete frame
//    (one allocation per frame, none per byte).
// Any chunking of the same stream gives the same frames, skips and errors.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/bytes.h"
#include "protocol/errors.h"
#include "protocol/frame.h"
#include "protocol/tcp_cipher.h"

namespace wpn::protocol {

// What to do with a frame whose length exceeds FrameDecoderOptions::max_payload.
enum class OversizePolicy {
  Fail,     // LengthOverLimit; the stream is unusable after it
  Discard,  // consume and decrypt the payload, report it as skipped (later RoboMX)
};

struct FrameDecoderOptions {
  std::size_t max_payload = ReceivePayloadCap;  // largest payload accepted, inclusive
  OversizePolicy oversize = OversizePolicy::Fail;
};

// The receive policy of the later RoboMX: N >= 3072 is decrypted and dropped.
inline constexpr FrameDecoderOptions RoboMxReceiveOptions{RoboMxMaxPayload, OversizePolicy::Discard};

// Outcome of one FrameDecoder::next call.
enum class FrameStatus {
  NeedMore,  // the input is used up before the current frame completed
  Ready,     // the out-frame holds a complete frame
  Skipped,   // an oversize frame was consumed and dropped: the out-frame holds its
             // type and an empty payload; skipped_length() its declared length
};

// Totals of one FrameDecoder::feed call.
struct FeedSummary {
  std::size_t frames = 0;   // frames appended to the output
  std::size_t skipped = 0;  // oversize frames dropped under OversizePolicy::Discard
};

class FrameDecoder {
 public:
  enum class State { AwaitingHeader, AwaitingBody, DiscardingBody, Failed };

  // No cipher: plaintext mode (tests, local tools).
  explicit FrameDecoder(std::optional<TcpCipher> cipher = std::nullopt, FrameDecoderOptions options = {}) noexcept;

  // Consumes from the front of `input` up to the end of the next frame. On an
  // error nothing more is consumed, and every later call returns the same error
  // until reset(). Error offsets count bytes of the stream since (re)start; an
  // oversize length is reported at the offset of its length field.
  DecodeResult<FrameStatus> next(ByteView& input, Frame& out);

  // Consumes all of `chunk`. On an error the frames completed before it are
  // still appended, and the error is returned.
  DecodeResult<FeedSummary> feed(ByteView chunk, std::vector<Frame>& out);

  // Back to the state right after construction, initial cipher key included.
  void reset() noexcept;
  // Start over on a new stream with another cipher (or none).
  void reset(std::optional<TcpCipher> cipher) noexcept;

  State state() const noexcept { return state_; }
  std::size_t consumed() const noexcept { return consumed_; }
  std::uint16_t skipped_length() const noexcept { return skipped_length_; }
  // The cipher's current key, for traces and tests; nullopt in plaintext mode.
  std::optional<std::uint32_t> cipher_state() const noexcept;
  const FrameDecoderOptions& options() const noexcept { return options_; }

 private:
  void take_header_bytes(ByteView& input);
  void start_body();
  void take_body_bytes(ByteView& input);
  void discard_body_bytes(ByteView& input);
  DecodeResult<FrameStatus> fail(DecodeErrc code, std::size_t offset);

  std::optional<TcpCipher> initial_cipher_;
  std::optional<TcpCipher> cipher_;
  FrameDecoderOptions options_;
  State state_ = State::AwaitingHeader;
  std::array<Byte, FrameHeaderSize> header_{};
  std::size_t header_filled_ = 0;
  std::uint16_t type_ = 0;
  std::size_t body_length_ = 0;
  std::size_t body_remaining_ = 0;
  std::uint16_t skipped_length_ = 0;
  Bytes payload_;
  std::size_t consumed_ = 0;
  std::size_t frame_start_ = 0;
  DecodeError error_{};
};

}  // namespace wpn::protocol
