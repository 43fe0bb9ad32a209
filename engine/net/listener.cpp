#include "net/listener.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <exception>

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/StreamSocketImpl.h>

#include "net/socket_io.h"

namespace wpn::net {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }

// Enough to drain a burst without starving the other handlers of the round.
constexpr int MaxAcceptsPerRound = 64;

// Errors of one connection that died in the backlog (accept(2) asks to retry them).
bool affects_one_connection(int error) {
  switch (error) {
    case EINTR:
    case ECONNABORTED:
    case EPROTO:
    case EPERM:  // a firewall rule refused this peer
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
      return true;
    default:
      return false;
  }
}

}  // namespace

Listener::Listener(EventLoop& loop, std::string what, AcceptBackoff backoff)
    : loop_(loop), what_(std::move(what)), backoff_(backoff) {}

Listener::~Listener() { close(); }

std::optional<std::string> Listener::open(const Poco::Net::SocketAddress& address, int backlog,
                                          AcceptHandler on_accept) {
  close();
  try {
    Poco::Net::ServerSocket server;
    server.bind(address, true);
    server.listen(backlog);
    server.setBlocking(false);
    port_ = server.address().port();
    fd_ = static_cast<int>(server.impl()->sockfd());
    server_ = std::move(server);
  } catch (const Poco::Exception& e) {
    return what_ + " cannot listen on " + address.toString() + ": " + e.displayText();
  }
  on_accept_ = std::move(on_accept);
  loop_.watch(fd_, true, false, [this](IoReady) { on_ready(); });
  return std::nullopt;
}

void Listener::close() {
  if (!server_) return;
  loop_.unwatch(fd_);
  loop_.cancel_timer(resume_timer_);
  resume_timer_ = TimerId::None;
  delay_ = std::chrono::milliseconds{0};
  try {
    server_->close();
  } catch (const Poco::Exception&) {
  }
  server_.reset();
  fd_ = -1;
  port_ = 0;
}

Poco::Net::SocketAddress Listener::address() const { return server_ ? server_->address() : Poco::Net::SocketAddress(); }

void Listener::on_ready() {
  for (int i = 0; i < MaxAcceptsPerRound && server_; ++i) {
    const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      const int error = errno;
      if (error == EAGAIN || error == EWOULDBLOCK) return shortage_over();
      if (affects_one_connection(error)) continue;
      return back_off(error);
    }
    shortage_over();
    Poco::Net::StreamSocket socket(new Poco::Net::StreamSocketImpl(fd));
    socket.setBlocking(false);  // already so; this keeps Poco's own flag in step
    try {
      on_accept_(std::move(socket));
    } catch (const std::exception& e) {
      // A failure of one connection is not a failure of the listener.
      logger().error("%s: a new connection failed: %s", what_, std::string(e.what()));
    }
  }
}

void Listener::back_off(int error) {
  if (delay_.count() == 0) {
    // One line per shortage, however long it lasts.
    shortage_since_ = loop_.now();
    delay_ = backoff_.first;
    logger().warning("%s: accept failed: %s; pausing accepts (first for %s ms)", what_, errno_text(error),
                     std::to_string(delay_.count()));
  } else {
    delay_ = std::min(delay_ * 2, backoff_.max);
  }
  loop_.unwatch(fd_);
  resume_timer_ = loop_.add_timer(delay_, [this] { resume(); });
}

void Listener::shortage_over() {
  if (delay_.count() == 0) return;
  const auto paused = std::chrono::duration_cast<std::chrono::milliseconds>(loop_.now() - shortage_since_);
  logger().information("%s: accepting again after %s ms", what_, std::to_string(paused.count()));
  delay_ = std::chrono::milliseconds{0};
}

void Listener::resume() {
  resume_timer_ = TimerId::None;
  if (!server_) return;
  loop_.watch(fd_, true, false, [this](IoReady) { on_ready(); });
}

}  // namespace wpn::net
