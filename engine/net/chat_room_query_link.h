#pragma once
// The hub's side of a room host's primary-client link (chat.md §9.2): a connection that
// said 0x50 on the hub port (handed over by OverlayConnection after the greeting and the
// host's key block) goes on as an OverlayConnection of the primary_client flavour: our
// 0x51 block, then ciphered 17-byte records; the hub sends a room-list query (0x4E) on it
// and the host answers by UDP 0x47. Whatever the host sends is read and dropped (RoboServ
// sends nothing).

#include <functional>
#include <memory>
#include <string>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "net/event_loop.h"
#include "net/overlay_connection.h"
#include "protocol/codecs/primary_records.h"

namespace wpn::net {

class ChatRoomQueryLink {
 public:
  // Runs once, posted.
  using ClosedHandler = std::function<void(const std::string& reason)>;

  ChatRoomQueryLink(EventLoop& loop, Poco::Net::StreamSocket socket, ClosedHandler on_closed);
  ~ChatRoomQueryLink();
  ChatRoomQueryLink(const ChatRoomQueryLink&) = delete;
  ChatRoomQueryLink& operator=(const ChatRoomQueryLink&) = delete;

  // Loop thread only. False when closed or the host stopped reading.
  bool send(const protocol::PrimaryRecord& record);
  bool closed() const noexcept { return connection_->closed(); }
  const Poco::Net::SocketAddress& peer() const noexcept { return connection_->peer(); }

 private:
  SystemRandom random_;  // outlives connection_, which holds a reference
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::shared_ptr<OverlayConnection> connection_;
};

}  // namespace wpn::net
