#pragma once
// A room host's primary-client link (chat.md §9.2, as RoboServ's RoomLister): an
// OverlayConnection of the primary_client flavour (key id 0x50, the primary's 0x51 block,
// then its ciphered record stream, protocol/codecs/primary_records.h) that reports every
// room-list query (payload 0x4E) once per request id. Nothing is sent after the handshake
// (RoboServ's lister sends nothing either). The owner answers each query with UDP 0x47.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include <Poco/Net/SocketAddress.h>

#include "net/event_loop.h"
#include "net/overlay_connection.h"
#include "protocol/codecs/primary_records.h"

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
  bool ready() const noexcept { return connection_ && connection_->ready(); }
  const Poco::Net::SocketAddress& primary() const noexcept { return primary_; }

 private:
  void on_record(const protocol::PrimaryRecord& record);
  void on_closed(const std::string& reason);

  EventLoop& loop_;
  QueryHandler on_query_;
  ClosedHandler on_closed_;
  SystemRandom random_;  // outlives connection_, which holds a reference
  Poco::Net::SocketAddress primary_;
  bool was_ready_ = false;
  std::deque<std::uint32_t> answered_;  // the last request ids, each answered once
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::shared_ptr<OverlayConnection> connection_;
};

}  // namespace wpn::net
