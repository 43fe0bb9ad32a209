#include "ipc_client/client_connection.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

namespace wpn::ipc {

namespace {

tl::unexpected<ClientError> failure(ClientErrc code, std::string message) {
  return tl::unexpected(ClientError{code, std::move(message)});
}

// A connected non-blocking socket, or the errno of the failed step.
tl::expected<int, int> connect_unix(const sockaddr_un& address) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return tl::unexpected(errno);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) return fd;
  const int error = errno;
  ::close(fd);
  return tl::unexpected(error);
}

}  // namespace

tl::expected<ClientConnection, ClientError> ClientConnection::open(const std::filesystem::path& socket,
                                                                   ClientSessionOptions options, ResumePoint resume,
                                                                   std::chrono::milliseconds busy_wait) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = socket.string();
  if (path.size() >= sizeof address.sun_path) return failure(ClientErrc::NoService, "socket path too long: " + path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const auto deadline = std::chrono::steady_clock::now() + busy_wait;
  for (;;) {
    auto fd = connect_unix(address);
    if (fd) return ClientConnection(*fd, std::move(options), std::move(resume));
    const int error = fd.error();
    // A full backlog: the service is there but slow to accept. Retry briefly, never block.
    if (error == EAGAIN && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    if (error == EACCES || error == EPERM)
      return failure(ClientErrc::Refused, "permission denied on " + path + " (wpnd runs as another user?)");
    return failure(ClientErrc::NoService,
                   "wpnd is not running (no service on " + path + ": " + std::strerror(error) + ")");
  }
}

ClientConnection::ClientConnection(int fd, ClientSessionOptions options, ResumePoint resume)
    : fd_(fd), session_(std::move(options), std::move(resume)) {}

ClientConnection::ClientConnection(ClientConnection&& other) noexcept
    : fd_(other.fd_), session_(std::move(other.session_)), unsent_(std::move(other.unsent_)) {
  other.fd_ = -1;
}

ClientConnection::~ClientConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void ClientConnection::pump(std::chrono::milliseconds timeout, int wake_fd) {
  write_pending();
  // Whatever arrived already is the caller's to handle before anything is waited for.
  if (read_available() || session_.closed() || session_.has_outgoing()) return;
  pollfd fds[2] = {{fd_, static_cast<short>(POLLIN | (unsent_.empty() ? 0 : POLLOUT)), 0}, {wake_fd, POLLIN, 0}};
  constexpr std::int64_t LongestPollMs = 3600 * 1000;  // callers loop on their own deadline
  const auto wait_ms = std::clamp<std::int64_t>(timeout.count(), 0, LongestPollMs);
  const int waited = ::poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(wait_ms));
  if (waited <= 0) return;  // timed out, or a signal: the caller looks at the clock
  if (wake_fd >= 0 && fds[1].revents != 0) {
    char drain[64];
    while (::read(wake_fd, drain, sizeof drain) > 0) {
    }
  }
  if (fds[0].revents != 0) {
    write_pending();
    read_available();
  }
}

void ClientConnection::write_pending() {
  if (session_.closed()) return;
  unsent_ += session_.take_outgoing();
  while (!unsent_.empty()) {
    const ssize_t n = ::send(fd_, unsent_.data(), unsent_.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      const std::string why = std::string("connection to wpnd lost: ") + std::strerror(errno);
      // The service may have said why before it closed (a refused user, for one).
      read_available();
      session_.connection_lost({ClientErrc::Io, why});
      return;
    }
    unsent_.erase(0, static_cast<std::size_t>(n));
  }
}

bool ClientConnection::read_available() {
  char buffer[65536];
  bool got_any = false;
  while (!session_.closed()) {
    const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (got < 0) {
      session_.connection_lost({ClientErrc::Io, std::string("connection to wpnd lost: ") + std::strerror(errno)});
    } else if (got == 0) {
      session_.connection_lost({ClientErrc::Io, "wpnd closed the connection"});
    } else {
      session_.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
    }
    got_any = true;
  }
  return got_any;
}

}  // namespace wpn::ipc
