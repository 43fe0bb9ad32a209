#include "net/chat_room_lister.h"

#include <algorithm>

#include <Poco/Logger.h>

#include "protocol/hex.h"

namespace wpn::net {

namespace p = protocol;

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net.chat"); }
constexpr std::size_t RememberedIds = 256;  // RoboServ keeps 256 per link
}  // namespace

ChatRoomLister::ChatRoomLister(EventLoop& loop, QueryHandler on_query, ClosedHandler on_closed)
    : loop_(loop), on_query_(std::move(on_query)), on_closed_(std::move(on_closed)) {}

ChatRoomLister::~ChatRoomLister() {
  alive_.reset();  // the connection's posted on_closed finds us gone
  if (connection_) connection_->close("lister stopping");
}

void ChatRoomLister::connect(const Poco::Net::SocketAddress& primary, const std::string& bind_ip) {
  if (connection_) return;
  primary_ = primary;
  std::weak_ptr<bool> alive = alive_;
  OverlayConnection::Handlers handlers;
  handlers.on_ready = [this, alive] {
    if (alive.expired()) return;
    was_ready_ = true;
    logger().information("room lister: primary link to %s ready", primary_.toString());
  };
  handlers.on_record = [this, alive](const p::PrimaryRecord& record) {
    if (!alive.expired()) on_record(record);
  };
  handlers.on_closed = [this, alive](const std::string& reason) {
    if (!alive.expired()) on_closed(reason);
  };
  connection_ = OverlayConnection::connect(loop_, primary, bind_ip, random_, std::move(handlers),
                                           HandshakeFlavor::primary_client());
}

void ChatRoomLister::on_record(const p::PrimaryRecord& record) {
  if (logger().debug()) {
    p::Bytes bytes;
    if (p::encode(record, bytes))
      logger().debug("room lister: record from %s: %s", primary_.toString(), p::to_hex(bytes));
  }
  if (!p::is_room_list_query(record)) return;
  if (std::find(answered_.begin(), answered_.end(), record.request_id) != answered_.end()) return;
  answered_.push_back(record.request_id);
  if (answered_.size() > RememberedIds) answered_.pop_front();
  if (on_query_)
    on_query_(
        Query{Poco::Net::SocketAddress(p::ip4_text(record.origin_ip), record.origin_udp_port), record.request_id});
}

void ChatRoomLister::on_closed(const std::string& reason) {
  logger().information("room lister: link to %s closed: %s", primary_.toString(), reason);
  // The handler may destroy this lister: it runs last, from a local.
  if (auto handler = std::move(on_closed_)) handler(reason, was_ready_);
}

}  // namespace wpn::net
