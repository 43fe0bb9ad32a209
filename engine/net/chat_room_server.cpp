#include "net/chat_room_server.h"

#include <chrono>

#include <Poco/Logger.h>

namespace wpn::net {

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net.chat"); }
// Delayed closes and flood notices are timed to the host's milliseconds; a quarter
// second keeps them close to what the host asked for.
constexpr auto TickInterval = std::chrono::milliseconds(250);
// A room's users come back together after the host restarts (each client retries after
// 1 s): a backlog of 64 dropped most of 1,000 such joins into SYN retries of 1 s and more.
constexpr int ListenBacklog = 1024;
}  // namespace

ChatRoomServer::ChatRoomServer(EventLoop& loop, chat::ChatRoomConfig config, chat::ChatRoomMediator& mediator,
                               Poco::Net::SocketAddress listen)
    : loop_(loop),
      config_(std::move(config)),
      mediator_(mediator),
      listen_address_(std::move(listen)),
      listener_(loop, "chat room") {}

ChatRoomServer::~ChatRoomServer() {
  alive_.reset();
  stop();
}

bool ChatRoomServer::start() {
  if (listening_) return true;
  const auto accepted = [this](Poco::Net::StreamSocket socket) { on_accept(std::move(socket)); };
  if (auto error = listener_.open(listen_address_, ListenBacklog, accepted)) {
    logger().error(*error);
    return false;
  }
  port_ = listener_.port();
  host_.emplace(config_, mediator_);
  listening_ = true;
  std::weak_ptr<bool> alive = alive_;
  tick_timer_ = loop_.add_timer(TickInterval, [this, alive] {
    if (!alive.expired()) tick();
  });
  logger().information("chat room \"%s\" listening on %s", config_.name, listener_.address().toString());
  return true;
}

void ChatRoomServer::stop() {
  if (!listening_) return;
  listening_ = false;
  listener_.close();
  loop_.cancel_timer(tick_timer_);
  tick_timer_ = TimerId::None;
  auto connections = std::move(connections_);
  connections_.clear();
  for (auto& [id, conn] : connections) conn->close("chat room stopping");
  host_.reset();
}

void ChatRoomServer::on_accept(Poco::Net::StreamSocket socket) {
  if (!listening_) return;
  const chat::ConnId id = next_id_++;
  auto conn = OverlayConnection::accept(loop_, std::move(socket), random_, handlers_for(id));
  conn->set_client_key_id(protocol::key_id::ChatClient);
  connections_[id] = std::move(conn);
}

OverlayConnection::Handlers ChatRoomServer::handlers_for(chat::ConnId id) {
  std::weak_ptr<bool> alive = alive_;
  OverlayConnection::Handlers handlers;
  handlers.on_ready = [this, alive, id] {
    if (alive.expired() || !host_) return;
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    const auto ip = ip4_of(it->second->peer()).value_or(protocol::Ip4{});
    apply(host_->on_accepted(id, ip, loop_millis(loop_)));
  };
  handlers.on_frame = [this, alive, id](const protocol::Frame& frame) {
    if (alive.expired() || !host_) return;
    apply(host_->on_frame(id, frame, loop_millis(loop_)));
  };
  handlers.on_closed = [this, alive, id](const std::string&) {
    if (!alive.expired()) on_closed(id);
  };
  return handlers;
}

void ChatRoomServer::apply(std::vector<chat::HostAction> actions) {
  for (auto& action : actions) {
    if (auto* send = std::get_if<chat::SendFrame>(&action)) {
      auto it = connections_.find(send->conn);
      if (it != connections_.end()) it->second->send(send->type, send->payload);
    } else if (auto* close = std::get_if<chat::CloseConnection>(&action)) {
      auto it = connections_.find(close->conn);
      if (it != connections_.end()) {
        logger().information("chat room closes %s: %s", it->second->peer().toString(), close->reason);
        it->second->close(close->reason);
      }
    }
  }
}

void ChatRoomServer::on_closed(chat::ConnId id) {
  connections_.erase(id);
  if (host_) apply(host_->on_closed(id, loop_millis(loop_)));
}

void ChatRoomServer::tick() {
  if (!listening_ || !host_) return;
  apply(host_->on_tick(loop_millis(loop_)));
  std::weak_ptr<bool> alive = alive_;
  tick_timer_ = loop_.add_timer(TickInterval, [this, alive] {
    if (!alive.expired()) tick();
  });
}

bool ChatRoomServer::kick(std::string_view who, std::string_view by) {
  if (!host_) return false;
  apply(host_->kick(who, by, loop_millis(loop_)));
  return true;
}

bool ChatRoomServer::ban(std::string_view who, chat::Millis duration, std::string_view by) {
  if (!host_) return false;
  apply(host_->ban(who, duration, by, loop_millis(loop_)));
  return true;
}

bool ChatRoomServer::set_motd(std::vector<std::string> lines) {
  config_.motd = lines;  // a restart keeps it
  if (!host_) return false;
  host_->set_motd(std::move(lines));
  return true;
}

bool ChatRoomServer::unban(std::string_view who) { return host_ && host_->unban(who); }

bool ChatRoomServer::set_topic(std::string_view topic) {
  if (!host_) return false;
  apply(host_->set_topic(topic, loop_millis(loop_)));
  return true;
}

bool ChatRoomServer::notice(std::string_view text) {
  if (!host_) return false;
  apply(host_->notice(text, loop_millis(loop_)));
  return true;
}

}  // namespace wpn::net
