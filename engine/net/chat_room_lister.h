#pragma once
// A room host's primary-client link (chat.md §9.2, as RoboServ's RoomLister): connects to
// a primary with key id 0x50, expects its 0x51 block, then reads the primary's ciphered
// record stream (protocol/codecs/primary_records.h) and reports every room-list query
// (payload 0x4E) once per request id. Nothing is sent after the handshake (RoboServ's
// lister sends nothing either). The owner answers each query with UDP 0x47 datagrams.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "net/event_loop.h"
#include "net/overlay_connection.h"
#include "protocol/codecs/primary_records.h"
#include "protocol/tcp_cipher.h"

namespace wpn::net {

class ChatRoomLister {
 public:
  struct Query {
    Poco::Net::SocketAddress reply_to;  // the originating primary's IP and UDP port
    std::uint32_t request_id = 0;
  };
  using QueryHandler = std::function<void(const Query&)>;
  // Runs once, posted; `was_ready`: the handshake had completed.
  using ClosedHandler = std::function<void(const std::string& reason, bool was_ready)>;

  ChatRoomLister(EventLoop& loop, QueryHandler on_query, ClosedHandler on_closed);
  ~ChatRoomLister();
  ChatRoomLister(const ChatRoomLister&) = delete;
  ChatRoomLister& operator=(const ChatRoomLister&) = delete;

  // Loop thread only. bind_ip empty: any local address.
  void connect(const Poco::Net::SocketAddress& primary, const std::string& bind_ip = {});
  bool ready() const noexcept { return stage_ == Stage::Ready; }
  const Poco::Net::SocketAddress& primary() const noexcept { return primary_; }

 private:
  enum class Stage { Idle, Connecting, AwaitGreeting, AwaitBlock, Ready, Closed };
  void on_io(IoReady ready);
  void consume(protocol::ByteView data);
  void on_server_block();
  void on_record(const protocol::PrimaryRecord& record);
  void close(const std::string& reason);

  EventLoop& loop_;
  QueryHandler on_query_;
  ClosedHandler on_closed_;
  SystemRandom random_;
  Poco::Net::StreamSocket socket_;
  int fd_ = -1;
  Stage stage_ = Stage::Idle;
  bool was_ready_ = false;
  Poco::Net::SocketAddress primary_;
  protocol::KeyBlock server_block_{};
  std::size_t block_filled_ = 0;
  std::optional<protocol::TcpCipher> cipher_;
  protocol::PrimaryRecordReader reader_;
  std::deque<std::uint32_t> answered_;  // the last request ids, each answered once
  TimerId handshake_timer_ = TimerId::None;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
