#pragma once
// A byte-level client of wpnd's control socket, for frames no well-behaved client sends.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "ipc/frame_codec.h"

namespace wpn::test {

class RawClient {
 public:
  explicit RawClient(const std::filesystem::path& socket);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const noexcept { return fd_ >= 0; }
  // False when the peer has gone (EPIPE).
  bool send_bytes(std::string_view bytes);
  bool send_frame(std::string_view payload) { return send_bytes(ipc::encode_frame(payload)); }
  // The next frame's payload, or nullopt at end of stream or after the timeout.
  std::optional<std::string> read_frame(std::chrono::milliseconds timeout);
  // True once the server has closed the connection (reads return end of stream).
  bool wait_closed(std::chrono::milliseconds timeout);
  // Sets a small receive buffer so that a client that never reads fills up quickly.
  void shrink_receive_buffer();

 private:
  int fd_ = -1;
  ipc::FrameDecoder decoder_;
  bool eof_ = false;
};

}  // namespace wpn::test
