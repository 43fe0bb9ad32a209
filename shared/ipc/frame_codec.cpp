#include "ipc/frame_codec.h"

namespace wpn::ipc {

namespace {

std::uint32_t read_u32le(std::string_view bytes) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
  return byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24);
}

}  // namespace

void append_frame(std::string& out, std::string_view payload) {
  const auto size = static_cast<std::uint32_t>(payload.size());
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((size >> shift) & 0xFFu));
  out.append(payload);
}

std::string encode_frame(std::string_view payload) {
  std::string out;
  out.reserve(FrameHeaderBytes + payload.size());
  append_frame(out, payload);
  return out;
}

void FrameDecoder::feed(std::string_view bytes) {
  if (failed()) return;
  // Compact once the consumed prefix dominates, so a long-lived connection does not grow.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

tl::expected<std::optional<std::string>, FrameError> FrameDecoder::next() {
  if (error_) return tl::unexpected(*error_);
  const std::string_view pending = std::string_view(buffer_).substr(start_);
  if (pending.size() < FrameHeaderBytes) return std::nullopt;
  const std::uint32_t length = read_u32le(pending);
  if (length == 0) error_ = FrameError{FrameErrc::EmptyFrame, length};
  if (length > max_payload_) error_ = FrameError{FrameErrc::TooLarge, length};
  if (error_) {
    buffer_.clear();
    start_ = 0;
    return tl::unexpected(*error_);
  }
  if (pending.size() - FrameHeaderBytes < length) return std::nullopt;
  std::string payload(pending.substr(FrameHeaderBytes, length));
  start_ += FrameHeaderBytes + length;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
  return payload;
}

}  // namespace wpn::ipc
