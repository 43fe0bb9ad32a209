#include "net/chat_client_connection.h"

#include <chrono>

#include <Poco/Logger.h>

namespace wpn::net {

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net.chat"); }
constexpr auto TickInterval = std::chrono::seconds(1);
// OverlayConnection's reason for an end of stream: the host closed, in order.
constexpr std::string_view OrderlyClose = "peer closed";
}  // namespace

ChatClientConnection::ChatClientConnection(EventLoop& loop, chat::ChatClientConfig config, EventHandler on_event)
    : loop_(loop), session_(std::move(config)), on_event_(std::move(on_event)) {}

ChatClientConnection::~ChatClientConnection() {
  alive_.reset();
  if (tick_timer_ != TimerId::None) loop_.cancel_timer(tick_timer_);
  if (conn_) conn_->close("chat client gone");
}

void ChatClientConnection::connect(const Poco::Net::SocketAddress& target, const std::string& bind_ip) {
  if (conn_) return;
  std::weak_ptr<bool> alive = alive_;
  OverlayConnection::Handlers handlers;
  handlers.on_ready = [this, alive] {
    if (alive.expired()) return;
    session_.start(loop_millis(loop_));
    pump();
  };
  handlers.on_frame = [this, alive](const protocol::Frame& frame) {
    if (alive.expired()) return;
    session_.on_frame(frame, loop_millis(loop_));
    pump();
  };
  handlers.on_closed = [this, alive](const std::string& reason) {
    if (alive.expired()) return;
    logger().information("chat room %s closed: %s", session_.config().room, reason);
    // Before the handshake the session has not started; it still needs to end.
    if (session_.state() == chat::ChatClientSession::State::Idle) session_.start(loop_millis(loop_));
    session_.on_closed(reason == OrderlyClose, loop_millis(loop_));
    session_.take_frames();
    pump();
  };
  conn_ = OverlayConnection::connect(loop_, target, bind_ip, random_, std::move(handlers));
  conn_->set_client_key_id(protocol::key_id::ChatClient);
  tick_timer_ = loop_.add_timer(TickInterval, [this, alive] {
    if (!alive.expired()) tick();
  });
}

void ChatClientConnection::pump() {
  for (const auto& frame : session_.take_frames())
    if (conn_) conn_->send(frame.type, frame.payload);
  for (const auto& event : session_.take_events())
    if (on_event_) on_event_(event);
  if (session_.close_reason() && conn_ && !conn_->closed()) conn_->close(*session_.close_reason());
}

void ChatClientConnection::tick() {
  tick_timer_ = TimerId::None;
  if (session_.state() == chat::ChatClientSession::State::Closed) return;
  session_.on_tick(loop_millis(loop_));
  pump();
  std::weak_ptr<bool> alive = alive_;
  tick_timer_ = loop_.add_timer(TickInterval, [this, alive] {
    if (!alive.expired()) tick();
  });
}

bool ChatClientConnection::say(std::string_view text) {
  const bool sent = session_.say(text, loop_millis(loop_));
  pump();
  return sent;
}

bool ChatClientConnection::act(std::string_view text) {
  const bool sent = session_.act(text, loop_millis(loop_));
  pump();
  return sent;
}

bool ChatClientConnection::change_details(std::string_view name, std::uint32_t files) {
  const bool sent = session_.change_details(name, files, loop_millis(loop_));
  pump();
  return sent;
}

bool ChatClientConnection::change_details(std::string_view name, protocol::Ip4 node_ip, std::uint16_t node_port,
                                          std::uint32_t files) {
  const bool sent = session_.change_details(name, node_ip, node_port, files, loop_millis(loop_));
  pump();
  return sent;
}

void ChatClientConnection::leave() {
  session_.leave(loop_millis(loop_));
  pump();
}

}  // namespace wpn::net
