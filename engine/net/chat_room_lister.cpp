#include "net/chat_room_lister.h"
#include "net/socket_io.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <Poco/Logger.h>

namespace wpn::net {

namespace p = protocol;

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net.chat"); }
constexpr auto HandshakeTimeout = std::chrono::seconds(10);
constexpr std::size_t RememberedIds = 256;  // RoboServ keeps 256 per link

std::string hex_of(p::ByteView bytes) {
  static constexpr char Digits[] = "0123456789ABCDEF";
  std::string out;
  for (const auto b : bytes) {
    out += Digits[b >> 4];
    out += Digits[b & 0x0F];
    out += ' ';
  }
  return out;
}
}  // namespace

ChatRoomLister::ChatRoomLister(EventLoop& loop, QueryHandler on_query, ClosedHandler on_closed)
    : loop_(loop), on_query_(std::move(on_query)), on_closed_(std::move(on_closed)) {}

ChatRoomLister::~ChatRoomLister() {
  alive_.reset();
  on_closed_ = nullptr;
  close("lister stopping");
}

void ChatRoomLister::connect(const Poco::Net::SocketAddress& primary, const std::string& bind_ip) {
  if (stage_ != Stage::Idle) return;
  primary_ = primary;
  try {
    if (!bind_ip.empty()) socket_.impl()->bind(Poco::Net::SocketAddress(bind_ip, 0), false);
    socket_.connectNB(primary);
  } catch (const Poco::Exception& e) {
    stage_ = Stage::Connecting;
    return close("connect failed: " + e.displayText());
  }
  fd_ = static_cast<int>(socket_.impl()->sockfd());
  stage_ = Stage::Connecting;
  loop_.watch(fd_, true, true, [this](IoReady ready) { on_io(ready); });
  std::weak_ptr<bool> alive = alive_;
  handshake_timer_ = loop_.add_timer(HandshakeTimeout, [this, alive] {
    if (alive.expired()) return;
    handshake_timer_ = TimerId::None;
    if (stage_ != Stage::Ready) close("handshake timed out");
  });
}

void ChatRoomLister::on_io(IoReady ready) {
  if (stage_ == Stage::Closed) return;
  if (stage_ == Stage::Connecting) {
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return close(std::string("connect failed: ") + std::strerror(error));
    if (!ready.writable && !ready.readable) return;
    stage_ = Stage::AwaitGreeting;
    loop_.modify(fd_, true, false);  // nothing is written but the key block
  }
  if (!ready.readable && !ready.error) return;
  const auto ended = read_available(
      fd_, [this](p::ByteView data) { consume(data); }, [this] { return stage_ != Stage::Closed; },
      "primary closed the link");
  if (ended) close(*ended);
}

void ChatRoomLister::consume(p::ByteView data) {
  while (!data.empty() && stage_ != Stage::Closed) {
    if (stage_ == Stage::AwaitGreeting) {
      if (data[0] != '1') return close("not a primary (no '1')");
      data = data.subspan(1);
      const auto block = p::create_key_block(p::key_id::PrimaryClient, random_);
      if (::send(fd_, block.data(), block.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(block.size()))
        return close("cannot send the key block");
      stage_ = Stage::AwaitBlock;
    } else if (stage_ == Stage::AwaitBlock) {
      const std::size_t take = std::min(data.size(), server_block_.size() - block_filled_);
      std::memcpy(server_block_.data() + block_filled_, data.data(), take);
      block_filled_ += take;
      data = data.subspan(take);
      if (block_filled_ == server_block_.size()) on_server_block();
    } else {
      p::Bytes plain(data.begin(), data.end());
      cipher_->decrypt(plain);
      reader_.feed(plain);
      data = {};
      while (stage_ == Stage::Ready) {
        auto record = reader_.next();
        if (!record) break;
        on_record(*record);
      }
    }
  }
}

void ChatRoomLister::on_server_block() {
  auto block = server_block_;
  if (p::decode_key_block_id(block) != p::key_id::PrimaryServer) {
    block = p::km_unmangle(server_block_);  // KM-era primaries (wire audit D4)
    if (p::decode_key_block_id(block) != p::key_id::PrimaryServer) return close("not a primary key block (0x51)");
  }
  const auto keys = p::session_keys_from_server_block(block);
  if (!keys) return close("no stream keys");
  cipher_.emplace(keys->server_to_client);
  stage_ = Stage::Ready;
  was_ready_ = true;
  if (handshake_timer_ != TimerId::None) loop_.cancel_timer(handshake_timer_);
  handshake_timer_ = TimerId::None;
  logger().information("room lister: primary link to %s ready", primary_.toString());
}

void ChatRoomLister::on_record(const p::PrimaryRecord& record) {
  if (logger().debug()) {
    p::Bytes bytes;
    if (p::encode(record, bytes)) logger().debug("room lister: record from %s: %s", primary_.toString(), hex_of(bytes));
  }
  if (!p::is_room_list_query(record)) return;
  if (std::find(answered_.begin(), answered_.end(), record.request_id) != answered_.end()) return;
  answered_.push_back(record.request_id);
  if (answered_.size() > RememberedIds) answered_.pop_front();
  if (on_query_)
    on_query_(
        Query{Poco::Net::SocketAddress(p::ip4_text(record.origin_ip), record.origin_udp_port), record.request_id});
}

void ChatRoomLister::close(const std::string& reason) {
  if (stage_ == Stage::Closed || stage_ == Stage::Idle) {
    stage_ = Stage::Closed;
    return;
  }
  stage_ = Stage::Closed;
  if (fd_ >= 0) loop_.unwatch(fd_);
  fd_ = -1;
  if (handshake_timer_ != TimerId::None) loop_.cancel_timer(handshake_timer_);
  handshake_timer_ = TimerId::None;
  try {
    socket_.close();
  } catch (const Poco::Exception&) {
  }
  logger().information("room lister: link to %s closed: %s", primary_.toString(), reason);
  if (auto handler = std::move(on_closed_))
    loop_.post([handler = std::move(handler), reason, ready = was_ready_] { handler(reason, ready); });
}

}  // namespace wpn::net
