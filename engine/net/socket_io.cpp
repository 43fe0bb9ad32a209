#include "net/socket_io.h"

#include <cerrno>
#include <cstring>

#include <sys/socket.h>

#include <Poco/Exception.h>

namespace wpn::net {

std::string errno_text(int error) { return std::strerror(error); }

std::string peer_ip_of(const Poco::Net::StreamSocket& socket) {
  try {
    return socket.peerAddress().host().toString();
  } catch (const Poco::Exception&) {
    return "?";
  }
}

std::optional<std::string> read_available(int fd, const std::function<void(protocol::ByteView)>& consume,
                                          const std::function<bool()>& open, const char* closed_text) {
  protocol::Byte buffer[16384];
  for (int round = 0; round < 16 && open(); ++round) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      consume(protocol::ByteView(buffer, static_cast<std::size_t>(n)));
      // A short read drained the socket: the loop is level-triggered and says when there is
      // more, so the recv that would only answer EAGAIN is saved (one per small frame).
      if (static_cast<std::size_t>(n) < sizeof buffer) return std::nullopt;
      continue;
    }
    if (n == 0) return std::string(closed_text);
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return std::nullopt;
    return std::string("read failed: ") + std::strerror(errno);
  }
  return std::nullopt;
}

}  // namespace wpn::net
