#include "net/overlay_connection.h"

#include <sys/random.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <Poco/Logger.h>

#include "net/socket_io.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/hub_link.h"
#include "protocol/hex.h"

namespace wpn::net {

namespace p = protocol;

namespace {
// Past this much unsent output the peer is not reading: drop it rather than buffer forever.
constexpr std::size_t MaxPendingOutput = 8 * 1024 * 1024;

Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }
}  // namespace

void SystemRandom::fill(std::span<p::Byte> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
    if (n > 0) done += static_cast<std::size_t>(n);
  }
}

std::uint64_t loop_millis(const EventLoop& loop) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(loop.now().time_since_epoch()).count());
}

std::optional<p::Ip4> ip4_of(const Poco::Net::SocketAddress& address) {
  if (address.family() != Poco::Net::SocketAddress::IPv4) return std::nullopt;
  p::Ip4 ip{};
  std::memcpy(ip.data(), address.host().addr(), 4);
  return ip;
}

HandshakeFlavor HandshakeFlavor::secondary() { return {{'1'}, p::key_id::SecondaryClient}; }

HandshakeFlavor HandshakeFlavor::hub_link() {
  return {{p::LinkGreeting.begin(), p::LinkGreeting.end()}, p::key_id::HubLinkClient};
}

// 10 s for both steps, as the room lister always allowed a primary.
HandshakeFlavor HandshakeFlavor::primary_client() {
  return {{'1'}, p::key_id::PrimaryClient, Stream::PrimaryRecords, std::chrono::seconds(10)};
}

std::shared_ptr<OverlayConnection> OverlayConnection::accept(EventLoop& loop, Poco::Net::StreamSocket socket,
                                                             p::RandomSource& random, Handlers handlers,
                                                             HandshakeFlavor flavor) {
  auto conn = std::make_shared<OverlayConnection>(loop, std::move(socket), Role::Acceptor, random, std::move(handlers),
                                                  std::move(flavor));
  conn->begin();
  return conn;
}

std::shared_ptr<OverlayConnection> OverlayConnection::adopt(EventLoop& loop, Poco::Net::StreamSocket socket,
                                                            std::vector<p::Byte> already_read, p::RandomSource& random,
                                                            Handlers handlers) {
  auto conn = std::make_shared<OverlayConnection>(loop, std::move(socket), Role::Acceptor, random, std::move(handlers));
  // Started from the loop, after the caller has registered the connection (on_ready may
  // fire at once); the early bytes go in before the socket is watched, keeping their order.
  std::weak_ptr<OverlayConnection> weak = conn;
  loop.post([weak, bytes = std::move(already_read)] {
    auto self = weak.lock();
    if (!self) return;
    self->begin(false);
    if (!self->closed() && !bytes.empty()) self->consume(bytes);
    if (!self->closed()) self->update_watch();
  });
  return conn;
}

std::shared_ptr<OverlayConnection> OverlayConnection::connect(EventLoop& loop, const Poco::Net::SocketAddress& target,
                                                              const std::string& bind_ip, p::RandomSource& random,
                                                              Handlers handlers, HandshakeFlavor flavor) {
  Poco::Net::StreamSocket socket;
  try {
    if (!bind_ip.empty()) socket.impl()->bind(Poco::Net::SocketAddress(bind_ip, 0), false);
    socket.connectNB(target);
  } catch (const Poco::Exception& e) {
    logger().warning("overlay connect to %s failed: %s", target.toString(), e.displayText());
    socket = Poco::Net::StreamSocket();
  }
  auto conn = std::make_shared<OverlayConnection>(loop, std::move(socket), Role::Connector, random, std::move(handlers),
                                                  std::move(flavor));
  conn->peer_ = target;
  conn->begin();
  return conn;
}

std::shared_ptr<OverlayConnection> OverlayConnection::answer_primary_client(EventLoop& loop,
                                                                            Poco::Net::StreamSocket socket,
                                                                            p::RandomSource& random,
                                                                            Handlers handlers) {
  auto conn = std::make_shared<OverlayConnection>(loop, std::move(socket), Role::Acceptor, random, std::move(handlers),
                                                  HandshakeFlavor::primary_client());
  conn->begin(false);  // the hub connection greeted and read the client's block
  if (!conn->closed()) conn->answer_client();
  if (!conn->closed()) conn->update_watch();
  return conn;
}

OverlayConnection::OverlayConnection(EventLoop& loop, Poco::Net::StreamSocket socket, Role role,
                                     p::RandomSource& random, Handlers handlers, HandshakeFlavor flavor)
    : loop_(loop),
      socket_(std::move(socket)),
      role_(role),
      random_(random),
      handlers_(std::move(handlers)),
      flavor_(std::move(flavor)),
      stage_(role == Role::Acceptor ? Stage::AwaitBlock : Stage::Connecting) {
  client_key_id_ = flavor_.client_id;
  fd_ = static_cast<int>(socket_.impl()->sockfd());
  if (role == Role::Acceptor) {
    try {
      peer_ = socket_.peerAddress();
    } catch (const Poco::Exception&) {
    }
  }
}

OverlayConnection::~OverlayConnection() {
  if (watched_) loop_.unwatch(fd_);
  if (handshake_timer_ != TimerId::None) loop_.cancel_timer(handshake_timer_);
}

void OverlayConnection::begin(bool greet) {
  if (fd_ < 0) {
    stage_ = Stage::AwaitBlock;  // so close() reports it
    close("no socket");
    return;
  }
  socket_.setBlocking(false);
  try {
    socket_.setNoDelay(true);  // small control frames: Nagle would hold back answers for ~40 ms
  } catch (const Poco::Exception&) {
  }
  std::weak_ptr<OverlayConnection> weak = weak_from_this();
  handshake_timer_ = loop_.add_timer(flavor_.timeout, [weak] {
    if (auto self = weak.lock()) {
      self->handshake_timer_ = TimerId::None;
      if (!self->ready()) self->close("handshake timed out");
    }
  });
  // The accepting side speaks first (§4).
  if (role_ == Role::Acceptor && greet) out_.insert(out_.end(), flavor_.greeting.begin(), flavor_.greeting.end());
  watching_write_ = role_ == Role::Connector || !out_.empty();
  loop_.watch(fd_, true, watching_write_, [weak](IoReady r) {
    if (auto self = weak.lock()) self->on_io(r);
  });
  watched_ = true;
}

void OverlayConnection::on_io(IoReady ready) {
  auto keep = shared_from_this();
  if (stage_ == Stage::Closed) return;
  if (stage_ == Stage::Connecting && (ready.writable || ready.readable || ready.error)) {
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return close(std::string("connect failed: ") + std::strerror(error));
    stage_ = Stage::AwaitGreeting;
  }
  if (ready.readable || ready.error) read_some();
  if (stage_ != Stage::Closed && ready.writable) flush();
  if (stage_ != Stage::Closed) update_watch();
}

void OverlayConnection::read_some() {
  const auto ended = read_available(
      fd_, [this](p::ByteView data) { consume(data); }, [this] { return stage_ != Stage::Closed; }, "peer closed");
  if (ended) close(*ended);
}

void OverlayConnection::consume(p::ByteView data) {
  while (!data.empty() && stage_ != Stage::Closed && stage_ != Stage::Ready) {
    if (stage_ == Stage::AwaitGreeting) {
      if (data[0] != flavor_.greeting[greeting_seen_]) return close("bad greeting");
      data = data.subspan(1);
      if (++greeting_seen_ < flavor_.greeting.size()) continue;
      pending_block_ = p::create_key_block(client_key_id_, random_);
      out_.insert(out_.end(), pending_block_.begin(), pending_block_.end());
      flush();
      pending_filled_ = 0;
      stage_ = Stage::AwaitBlock;
      continue;
    }
    const std::size_t take = std::min(data.size(), pending_block_.size() - pending_filled_);
    std::memcpy(pending_block_.data() + pending_filled_, data.data(), take);
    pending_filled_ += take;
    data = data.subspan(take);
    if (pending_filled_ == pending_block_.size()) handshake_block(pending_block_);
  }
  if (stage_ == Stage::Ready && !data.empty()) read_stream(data);
}

void OverlayConnection::read_stream(p::ByteView data) {
  auto keep = shared_from_this();
  if (records_) {
    p::Bytes plain(data.begin(), data.end());
    records_->in.decrypt(plain);
    records_->reader.feed(plain);
    while (stage_ != Stage::Closed) {
      auto record = records_->reader.next();
      if (!record) break;
      if (handlers_.on_record) handlers_.on_record(*record);
    }
    return;
  }
  std::vector<p::Frame> frames;
  auto result = decoder_->feed(data, frames);
  for (const auto& frame : frames) {
    if (stage_ == Stage::Closed) return;
    if (handlers_.on_frame) handlers_.on_frame(frame);
  }
  // Only framing ends the stream here (a length over the hard cap); what a frame holds
  // is the session machines' business, and they skip what they cannot decode.
  if (!result && stage_ != Stage::Closed) close("framing failed: " + p::to_string(result.error()));
}

void OverlayConnection::handshake_block(const p::KeyBlock& block) {
  const auto id = p::decode_key_block_id(block);
  if (role_ == Role::Acceptor) {
    if (id == p::key_id::PrimaryClient && handlers_.on_primary_client) return hand_over_primary_client();
    if (!id || *id != client_key_id_) return close("unsupported key block");
    return answer_client();
  }
  p::KeyBlock server_block = block;
  const auto expected = p::server_id_for(client_key_id_);
  if (!id || id != expected) {
    // KM-era primaries may send the block mangled (wire audit D4): try that form once.
    server_block = p::km_unmangle(block);
    const auto unmangled = p::decode_key_block_id(server_block);
    const p::Byte want = expected.value_or(0);
    if (!unmangled || unmangled != expected)
      return close("unexpected server key block (want 0x" + p::to_hex(p::ByteView(&want, 1)) + ")");
    logger().information("overlay %s: server key block accepted in its KM-mangled form", peer_.toString());
  } else {
    logger().debug("overlay %s: server key block accepted in its plain form", peer_.toString());
  }
  const auto keys = p::session_keys_from_server_block(server_block);
  if (!keys) return close("no stream keys");
  start_stream(*keys);
}

void OverlayConnection::answer_client() {
  const auto server_block =
      p::create_key_block(p::server_id_for(client_key_id_).value_or(p::key_id::SecondaryServer), random_);
  out_.insert(out_.end(), server_block.begin(), server_block.end());
  const auto keys = p::session_keys_from_server_block(server_block);
  if (!keys) return close("no stream keys");
  start_stream(*keys);
}

void OverlayConnection::start_stream(const p::SessionKeys& keys) {
  const bool acceptor = role_ == Role::Acceptor;
  const p::TcpCipher in(acceptor ? keys.client_to_server : keys.server_to_client);
  const p::TcpCipher out(acceptor ? keys.server_to_client : keys.client_to_server);
  if (flavor_.stream == HandshakeFlavor::Stream::PrimaryRecords) {
    records_.emplace(RecordStream{in, out, {}});
  } else {
    decoder_.emplace(in);
    encoder_.emplace(out);
  }
  stage_ = Stage::Ready;
  if (handshake_timer_ != TimerId::None) {
    loop_.cancel_timer(handshake_timer_);
    handshake_timer_ = TimerId::None;
  }
  flush();
  if (handlers_.on_ready && stage_ == Stage::Ready) handlers_.on_ready();
}

void OverlayConnection::hand_over_primary_client() {
  auto handler = std::move(handlers_.on_primary_client);
  Poco::Net::StreamSocket socket = socket_;  // shares the descriptor, which stays open
  if (watched_) {
    loop_.unwatch(fd_);
    watched_ = false;
  }
  socket_ = Poco::Net::StreamSocket();
  close("handed over as a primary-client link");
  loop_.post([handler = std::move(handler), socket]() mutable { handler(std::move(socket)); });
}

bool OverlayConnection::send(std::uint16_t type, p::ByteView payload) {
  if (stage_ != Stage::Ready || !encoder_) return false;
  if (!encoder_->encode(type, payload, out_)) return false;
  return queued();
}

bool OverlayConnection::send(const p::PrimaryRecord& record) {
  if (stage_ != Stage::Ready || !records_) return false;
  const std::size_t start = out_.size();
  if (!p::encode(record, out_)) return false;
  records_->out.encrypt(std::span(out_).subspan(start));
  return queued();
}

bool OverlayConnection::queued() {
  if (out_.size() - out_sent_ > MaxPendingOutput) {
    close("peer not reading");
    return false;
  }
  flush();
  if (stage_ != Stage::Closed) update_watch();
  return true;
}

void OverlayConnection::flush() {
  while (out_sent_ < out_.size()) {
    const ssize_t n = ::send(fd_, out_.data() + out_sent_, out_.size() - out_sent_, MSG_NOSIGNAL);
    if (n > 0) {
      out_sent_ += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) break;
    if (n < 0 && errno == ENOTCONN && stage_ == Stage::Connecting) break;
    return close(std::string("write failed: ") + std::strerror(errno));
  }
  if (out_sent_ == out_.size()) {
    out_.clear();
    out_sent_ = 0;
  }
}

void OverlayConnection::update_watch() {
  const bool want_write = stage_ == Stage::Connecting || out_sent_ < out_.size();
  if (want_write != watching_write_ && watched_) {
    loop_.modify(fd_, true, want_write);
    watching_write_ = want_write;
  }
}

void OverlayConnection::close(const std::string& reason) {
  if (stage_ == Stage::Closed) return;
  stage_ = Stage::Closed;
  if (watched_) {
    loop_.unwatch(fd_);
    watched_ = false;
  }
  if (handshake_timer_ != TimerId::None) {
    loop_.cancel_timer(handshake_timer_);
    handshake_timer_ = TimerId::None;
  }
  try {
    socket_.close();
  } catch (const Poco::Exception&) {
  }
  logger().debug("overlay connection %s closed: %s", peer_.toString(), reason);
  auto handler = std::move(handlers_.on_closed);
  handlers_ = {};
  if (handler) {
    loop_.post([handler = std::move(handler), reason] { handler(reason); });
  }
}

Poco::Net::SocketAddress OverlayConnection::local() const {
  try {
    return socket_.address();
  } catch (const Poco::Exception&) {
    return {};
  }
}

}  // namespace wpn::net
