#include "protocol/frame_decoder.h"

#include <algorithm>
#include <utility>

namespace wpn::protocol {
namespace {

// Discarded payloads are decrypted through this much stack, never stored.
constexpr std::size_t DiscardScratchSize = 512;

FrameDecoderOptions clamp(FrameDecoderOptions options) noexcept {
  options.max_payload = std::min(options.max_payload, ReceivePayloadCap);
  return options;
}

}  // namespace

FrameDecoder::FrameDecoder(std::optional<TcpCipher> cipher, FrameDecoderOptions options) noexcept
    : initial_cipher_(cipher), cipher_(cipher), options_(clamp(options)) {}

void FrameDecoder::reset() noexcept {
  cipher_ = initial_cipher_;
  state_ = State::AwaitingHeader;
  header_filled_ = 0;
  type_ = 0;
  body_length_ = 0;
  body_remaining_ = 0;
  skipped_length_ = 0;
  payload_.clear();
  consumed_ = 0;
  frame_start_ = 0;
  error_ = {};
}

void FrameDecoder::reset(std::optional<TcpCipher> cipher) noexcept {
  initial_cipher_ = cipher;
  reset();
}

std::optional<std::uint32_t> FrameDecoder::cipher_state() const noexcept {
  if (!cipher_) return std::nullopt;
  return cipher_->key();
}

DecodeResult<FrameStatus> FrameDecoder::fail(DecodeErrc code, std::size_t offset) {
  state_ = State::Failed;
  error_ = DecodeError{code, offset};
  return tl::unexpected<DecodeError>(error_);
}

// Header bytes are decrypted as they arrive; the cipher is a byte stream, so
// decrypting 1+3 bytes equals decrypting 4.
void FrameDecoder::take_header_bytes(ByteView& input) {
  const std::size_t count = std::min(input.size(), FrameHeaderSize - header_filled_);
  const std::span<Byte> target(header_.data() + header_filled_, count);
  std::copy_n(input.begin(), count, target.begin());
  if (cipher_) cipher_->decrypt(target);
  header_filled_ += count;
  consumed_ += count;
  input = input.subspan(count);
}

void FrameDecoder::start_body() {
  type_ = static_cast<std::uint16_t>(header_[0] | header_[1] << 8);
  body_length_ = static_cast<std::size_t>(header_[2] | header_[3] << 8);
  body_remaining_ = body_length_;
  header_filled_ = 0;
  payload_.clear();
  // Bounded by max_payload (at most 64 KiB), checked before this point.
  payload_.reserve(body_length_);
  state_ = State::AwaitingBody;
}

void FrameDecoder::take_body_bytes(ByteView& input) {
  const std::size_t count = std::min(input.size(), body_remaining_);
  const std::size_t old_size = payload_.size();
  payload_.insert(payload_.end(), input.begin(), input.begin() + static_cast<std::ptrdiff_t>(count));
  if (cipher_) cipher_->decrypt(std::span<Byte>(payload_).subspan(old_size));
  body_remaining_ -= count;
  consumed_ += count;
  input = input.subspan(count);
}

void FrameDecoder::discard_body_bytes(ByteView& input) {
  std::size_t count = std::min(input.size(), body_remaining_);
  body_remaining_ -= count;
  consumed_ += count;
  if (cipher_) {
    std::array<Byte, DiscardScratchSize> scratch{};
    std::size_t done = 0;
    while (done < count) {
      const std::size_t piece = std::min(count - done, scratch.size());
      std::copy_n(input.begin() + static_cast<std::ptrdiff_t>(done), piece, scratch.begin());
      cipher_->decrypt(std::span<Byte>(scratch.data(), piece));
      done += piece;
    }
  }
  input = input.subspan(count);
}

DecodeResult<FrameStatus> FrameDecoder::next(ByteView& input, Frame& out) {
  while (true) {
    switch (state_) {
      case State::Failed:
        return tl::unexpected<DecodeError>(error_);

      case State::AwaitingHeader: {
        if (header_filled_ == 0) frame_start_ = consumed_;
        take_header_bytes(input);
        if (header_filled_ < FrameHeaderSize) return FrameStatus::NeedMore;
        start_body();
        if (body_length_ > options_.max_payload) {
          if (options_.oversize == OversizePolicy::Fail) return fail(DecodeErrc::LengthOverLimit, frame_start_ + 2);
          skipped_length_ = static_cast<std::uint16_t>(body_length_);
          state_ = State::DiscardingBody;
        }
        break;
      }

      case State::AwaitingBody:
        take_body_bytes(input);
        if (body_remaining_ > 0) return FrameStatus::NeedMore;
        out.type = type_;
        out.payload.swap(payload_);
        state_ = State::AwaitingHeader;
        return FrameStatus::Ready;

      case State::DiscardingBody:
        discard_body_bytes(input);
        if (body_remaining_ > 0) return FrameStatus::NeedMore;
        out.type = type_;
        out.payload.clear();
        state_ = State::AwaitingHeader;
        return FrameStatus::Skipped;
    }
  }
}

DecodeResult<FeedSummary> FrameDecoder::feed(ByteView chunk, std::vector<Frame>& out) {
  FeedSummary summary;
  Frame frame;
  while (true) {
    auto status = next(chunk, frame);
    if (!status) return tl::unexpected<DecodeError>(status.error());
    switch (*status) {
      case FrameStatus::NeedMore:
        return summary;
      case FrameStatus::Ready:
        out.push_back(std::move(frame));
        frame = Frame{};
        ++summary.frames;
        break;
      case FrameStatus::Skipped:
        ++summary.skipped;
        break;
    }
    // A zero-length frame completes without input; stop only when nothing is left
    // and the decoder waits for a header.
    if (chunk.empty() && state_ == State::AwaitingHeader) return summary;
  }
}

}  // namespace wpn::protocol
