#include "net/chat_room_query_link.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include <Poco/Logger.h>

#include "protocol/key_block.h"

namespace wpn::net {

namespace p = protocol;

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net.chat"); }
constexpr std::size_t MaxPendingOutput = 64 * 1024;  // a host that never reads is let go
constexpr std::size_t ReadChunk = 4096;
}  // namespace

ChatRoomQueryLink::ChatRoomQueryLink(EventLoop& loop, Poco::Net::StreamSocket socket, ClosedHandler on_closed)
    : loop_(loop), socket_(std::move(socket)), on_closed_(std::move(on_closed)) {
  try {
    peer_ = socket_.peerAddress();
    socket_.setBlocking(false);
  } catch (const Poco::Exception& e) {
    closed_ = true;
    logger().information("room query link: %s", e.displayText());
    return;
  }
  fd_ = static_cast<int>(socket_.impl()->sockfd());
  SystemRandom random;
  const auto block = p::create_key_block(p::key_id::PrimaryServer, random);
  const auto keys = p::session_keys_from_server_block(block);
  if (!keys) {
    closed_ = true;
    return;
  }
  cipher_.emplace(keys->server_to_client);
  out_.assign(block.begin(), block.end());
  loop_.watch(fd_, true, false, [this](IoReady ready) { on_io(ready); });
  flush();
  logger().information("room query link from %s", peer_.toString());
}

ChatRoomQueryLink::~ChatRoomQueryLink() {
  on_closed_ = nullptr;
  close("hub stopping");
}

bool ChatRoomQueryLink::send(const p::PrimaryRecord& record) {
  if (closed_) return false;
  p::Bytes bytes;
  if (!p::encode(record, bytes)) return false;
  cipher_->encrypt(bytes);
  out_.insert(out_.end(), bytes.begin(), bytes.end());
  if (out_.size() > MaxPendingOutput) {
    close("host not reading");
    return false;
  }
  flush();
  return !closed_;
}

void ChatRoomQueryLink::on_io(IoReady ready) {
  if (closed_) return;
  if (ready.readable || ready.error) {
    p::Byte buffer[ReadChunk];
    for (int round = 0; round < 4; ++round) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n > 0) continue;  // nothing is expected from a host; dropped
      if (n == 0) return close("host closed the link");
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
      return close(std::string("read failed: ") + std::strerror(errno));
    }
  }
  if (ready.writable) flush();
}

void ChatRoomQueryLink::flush() {
  std::size_t sent = 0;
  while (sent < out_.size()) {
    const ssize_t n = ::send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) break;
    return close(std::string("write failed: ") + std::strerror(errno));
  }
  out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(sent));
  const bool want_write = !out_.empty();
  if (want_write != watching_write_) {
    loop_.modify(fd_, true, want_write);
    watching_write_ = want_write;
  }
}

void ChatRoomQueryLink::close(const std::string& reason) {
  if (closed_) return;
  closed_ = true;
  if (fd_ >= 0) loop_.unwatch(fd_);
  try {
    socket_.close();
  } catch (const Poco::Exception&) {
  }
  logger().information("room query link from %s closed: %s", peer_.toString(), reason);
  if (auto handler = std::move(on_closed_)) loop_.post([handler = std::move(handler), reason] { handler(reason); });
}

}  // namespace wpn::net
