#pragma once
// IPC framing: each message is a u32 little-endian payload length followed by that many
// bytes of UTF-8 JSON (one object). The decoder never throws and never allocates beyond
// the cap: a length above it is an error before any payload is buffered.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace wpn::ipc {

inline constexpr std::size_t FrameHeaderBytes = 4;
// Large enough for a page of shared files; requests are far smaller.
inline constexpr std::size_t MaxFrameBytes = 4 * 1024 * 1024;

enum class FrameErrc {
  EmptyFrame,  // a zero length: there is no empty JSON object
  TooLarge     // the announced length exceeds the decoder's cap
};

struct FrameError {
  FrameErrc code = FrameErrc::TooLarge;
  std::uint32_t announced = 0;  // the length prefix that was refused
};

// Appends header + payload. The payload must not exceed MaxFrameBytes (checked by callers
// that build large replies; the function itself frames whatever it is given).
void append_frame(std::string& out, std::string_view payload);
std::string encode_frame(std::string_view payload);

class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_payload = MaxFrameBytes) : max_payload_(max_payload) {}

  // Buffers bytes as they arrive, in chunks of any size.
  void feed(std::string_view bytes);
  // The next complete payload, nullopt when more bytes are needed, or an error; once an
  // error is returned the decoder stays failed and returns it again.
  tl::expected<std::optional<std::string>, FrameError> next();

  bool failed() const noexcept { return error_.has_value(); }
  std::size_t buffered() const noexcept { return buffer_.size() - start_; }

 private:
  std::size_t max_payload_;
  std::string buffer_;
  std::size_t start_ = 0;
  std::optional<FrameError> error_;
};

}  // namespace wpn::ipc
