#include "net/data_port_listener.h"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/SocketAddress.h>

#include "net/socket_io.h"
#include "protocol/data_reply.h"

namespace wpn::net {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }

// Enough to classify, and a whole ordinary GET line in one read.
constexpr std::size_t HeadReadSize = 1024;

}  // namespace

DataPortListener::DataPortListener(EventLoop& loop, ConnectionGuard& guard)
    : loop_(loop), guard_(guard), listener_(loop, "data port") {
  key_block_handler_ = [](Poco::Net::StreamSocket socket, std::vector<std::uint8_t>) {
    logger().information("data port: key block from " + peer_ip_of(socket) + " but no session handler; closed");
    socket.close();
  };
}

DataPortListener::~DataPortListener() { stop(); }

std::optional<std::string> DataPortListener::start(const ListenerSettings& settings) {
  stop();
  first_bytes_timeout_ = settings.first_bytes_timeout;
  if (!settings.enabled()) return std::nullopt;
  const std::uint16_t port = settings.ephemeral ? 0 : settings.port;
  std::optional<Poco::Net::SocketAddress> address;
  try {
    address.emplace(settings.bind_address, port);
  } catch (const Poco::Exception& e) {
    return "cannot listen on " + settings.bind_address + ":" + std::to_string(port) + ": " + e.displayText();
  }
  const auto accepted = [this](Poco::Net::StreamSocket socket) { on_accepted(std::move(socket)); };
  auto error = listener_.open(*address, 256, accepted);
  if (error) return error;
  logger().information("data port listening on " + settings.bind_address + ":" + std::to_string(listener_.port()));
  return std::nullopt;
}

void DataPortListener::stop() {
  listener_.close();
  while (!pending_.empty()) drop(pending_.begin()->first, "listener stopped");
}

void DataPortListener::on_accepted(Poco::Net::StreamSocket socket) {
  const int fd = static_cast<int>(socket.impl()->sockfd());
  const std::string ip = peer_ip_of(socket);
  auto ticket = guard_.admit(ip);
  if (!ticket.held()) {
    logger().warning("data port: connection from " + ip + " refused: connection cap reached");
    socket.close();
    return;
  }
  const std::uint8_t greeting = '1';
  if (::send(fd, &greeting, 1, MSG_NOSIGNAL) != 1) {
    socket.close();
    return;
  }
  Pending& p = pending_[fd];
  p.socket = std::move(socket);
  p.ticket = std::move(ticket);
  p.peer_ip = ip;
  p.deadline = loop_.add_timer(first_bytes_timeout_, [this, fd] {
    auto it = pending_.find(fd);
    if (it == pending_.end()) return;
    it->second.deadline = TimerId::None;
    if (!it->second.head.empty()) {
      // Something that began like a request but never became one.
      const auto text = protocol::refusal_text(protocol::Refusal::InvalidRequest);
      (void)::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    }
    drop(fd, "timed out waiting for a request; refused");
  });
  loop_.watch(fd, true, false, [this, fd](IoReady) { on_readable(fd); });
}

void DataPortListener::on_readable(int fd) {
  auto it = pending_.find(fd);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  std::array<std::uint8_t, HeadReadSize> buffer{};
  const std::size_t room = HeadReadSize - std::min(HeadReadSize, p.head.size());
  if (room == 0) {
    classify(fd, true);
    return;
  }
  const auto got = ::recv(fd, buffer.data(), room, 0);
  if (got == 0) {
    drop(fd, "closed before a request");
    return;
  }
  if (got < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
    drop(fd, "read failed: " + errno_text(errno));
    return;
  }
  p.head.insert(p.head.end(), buffer.begin(), buffer.begin() + got);
  classify(fd, false);
}

void DataPortListener::classify(int fd, bool peer_idle) {
  auto it = pending_.find(fd);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  const auto kind = protocol::classify_data_request(protocol::ByteView(p.head.data(), p.head.size()), peer_idle);
  using Kind = protocol::DataRequestKind;
  switch (kind) {
    case Kind::NeedMore:
      loop_.cancel_timer(p.silence);
      p.silence = TimerId::None;
      if (!peer_idle)
        p.silence = loop_.add_timer(silence_, [this, fd] {
          if (auto found = pending_.find(fd); found != pending_.end()) found->second.silence = TimerId::None;
          classify(fd, true);
        });
      return;
    case Kind::GetList:
    case Kind::SendList: {
      const auto text = protocol::refusal_text(protocol::Refusal::InvalidRequest);
      (void)::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
      drop(fd, "GETLIST/SENDLIST browse is not offered");
      return;
    }
    case Kind::SessionKey: {
      auto taken = take(fd);
      taken->ticket.release();  // the session layer applies its own limits
      key_block_handler_(std::move(taken->socket), std::move(taken->head));
      return;
    }
    case Kind::Get:
    case Kind::Send: {
      auto taken = take(fd);
      if (!request_handler_) {
        logger().warning("data port: request from " + taken->peer_ip + " but transfers are not running; closed");
        return;
      }
      request_handler_(AcceptedRequest{kind, std::move(taken->socket), std::move(taken->head), std::move(taken->ticket),
                                       std::move(taken->peer_ip)});
      return;
    }
  }
}

std::optional<DataPortListener::Pending> DataPortListener::take(int fd) {
  auto it = pending_.find(fd);
  if (it == pending_.end()) return std::nullopt;
  loop_.unwatch(fd);
  loop_.cancel_timer(it->second.deadline);
  loop_.cancel_timer(it->second.silence);
  Pending p = std::move(it->second);
  pending_.erase(it);
  return p;
}

void DataPortListener::drop(int fd, const std::string& why) {
  auto p = take(fd);
  if (!p) return;
  logger().information("data port: " + p->peer_ip + ": " + why + "; closed");
  p->socket.close();
}

}  // namespace wpn::net
