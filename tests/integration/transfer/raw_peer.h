#pragma once
// A hand-driven TCP peer for hostile-input tests: blocking socket from a chosen
// 127.0.0.x address, with timeouts.

#include <chrono>
#include <cstdint>
#include <string>

namespace wpn::test {

class RawPeer {
 public:
  // Connects from `from_ip` to ip:port; fd() < 0 when that failed.
  RawPeer(const std::string& from_ip, const std::string& ip, std::uint16_t port);
  ~RawPeer();
  RawPeer(RawPeer&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RawPeer(const RawPeer&) = delete;
  RawPeer& operator=(const RawPeer&) = delete;

  int fd() const noexcept { return fd_; }
  bool send_bytes(const std::string& bytes);
  // Everything until the peer closes or `timeout` passes; `closed` tells which.
  std::string read_all(std::chrono::milliseconds timeout, bool& closed);
  // At most `count` bytes within `timeout`.
  std::string read_some(std::size_t count, std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

// "\xNN" escapes to bytes, "\\" to one backslash when `backslash_escape`.
std::string unescape(const std::string& text, bool backslash_escape);

}  // namespace wpn::test
