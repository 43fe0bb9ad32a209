#include "net/chat_room_query_link.h"

#include <Poco/Logger.h>

#include "net/socket_io.h"

namespace wpn::net {

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net.chat"); }
// Queries are a few records a minute: a host this far behind is not reading.
constexpr std::size_t MaxPendingOutput = 64 * 1024;
}  // namespace

ChatRoomQueryLink::ChatRoomQueryLink(EventLoop& loop, Poco::Net::StreamSocket socket, ClosedHandler on_closed) {
  std::weak_ptr<bool> alive = alive_;
  OverlayConnection::Handlers handlers;
  handlers.on_closed = [alive, on_closed = std::move(on_closed), from = peer_ip_of(socket)](const std::string& reason) {
    logger().information("room query link from %s closed: %s", from, reason);
    if (!alive.expired() && on_closed) on_closed(reason);
  };
  connection_ = OverlayConnection::answer_primary_client(loop, std::move(socket), random_, std::move(handlers));
  logger().information("room query link from %s", connection_->peer().toString());
}

ChatRoomQueryLink::~ChatRoomQueryLink() {
  alive_.reset();  // the connection's posted on_closed finds us gone
  connection_->close("hub stopping");
}

bool ChatRoomQueryLink::send(const protocol::PrimaryRecord& record) {
  if (!connection_->send(record)) return false;
  if (connection_->unsent() <= MaxPendingOutput) return true;
  connection_->close("host not reading");
  return false;
}

}  // namespace wpn::net
