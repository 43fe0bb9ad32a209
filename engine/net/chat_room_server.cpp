#include "net/chat_room_server.h"

#include <algorithm>
#include <chrono>
#include <thread>

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

// A loop that owns some of the room's connections: the room's own (no thread) or a thread's.
struct ChatRoomServer::Writer {
  std::size_t index = 0;
  std::unique_ptr<LoopThread> thread;
  EventLoop* loop = nullptr;
  SystemRandom random;
  std::unordered_map<chat::ConnId, std::shared_ptr<OverlayConnection>> connections;  // its loop only
  // Its loop only: a connection's close is posted, and may run after the writer is gone.
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);

  ~Writer() {
    if (!thread) {
      alive.reset();
      return;
    }
    thread->call([this] {
      connections.clear();
      alive.reset();
    });
    thread.reset();
  }
  // Runs task on this writer's loop, in order: at once when that is the room's loop.
  void run(EventLoop::Task task) {
    if (thread)
      loop->post(std::move(task));
    else
      task();
  }
  void call(const EventLoop::Task& task) {
    if (thread)
      thread->call(task);
    else
      task();
  }
  OverlayConnection* find(chat::ConnId id) {
    auto it = connections.find(id);
    return it == connections.end() ? nullptr : it->second.get();
  }
};

std::size_t ChatRoomServer::default_writers() {
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
}

ChatRoomServer::ChatRoomServer(EventLoop& loop, chat::ChatRoomConfig config, chat::ChatRoomMediator& mediator,
                               Poco::Net::SocketAddress listen, std::size_t writers)
    : loop_(loop),
      config_(std::move(config)),
      mediator_(mediator),
      listen_address_(std::move(listen)),
      listener_(loop, "chat room") {
  for (std::size_t i = 0; i < std::max<std::size_t>(writers, 1); ++i) {
    auto writer = std::make_unique<Writer>();
    writer->index = i;
    if (i > 0) writer->thread = std::make_unique<LoopThread>();  // the first is the room's loop
    writer->loop = writer->thread ? &writer->thread->loop() : &loop_;
    writers_.push_back(std::move(writer));
  }
}

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
  for (auto& writer : writers_) {
    writer->call([w = writer.get()] {
      auto connections = std::move(w->connections);
      w->connections.clear();
      for (auto& [id, conn] : connections) conn->close("chat room stopping");
    });
  }
  host_.reset();
}

void ChatRoomServer::on_accept(Poco::Net::StreamSocket socket) {
  if (!listening_) return;
  const chat::ConnId id = next_id_++;
  Writer& writer = *writers_[id % writers_.size()];
  writer_of_[id] = &writer;
  writer.run([w = &writer, id, socket, handlers = handlers_for(writer, id)]() mutable {
    auto conn = OverlayConnection::accept(*w->loop, std::move(socket), w->random, std::move(handlers));
    conn->set_client_key_id(protocol::key_id::ChatClient);
    if (!conn->closed()) w->connections[id] = std::move(conn);
  });
}

// Built on the room's loop; the handlers run on the writer's, and hand what the room
// needs to know over to the room's loop.
OverlayConnection::Handlers ChatRoomServer::handlers_for(Writer& writer, chat::ConnId id) {
  const bool threaded = writer.thread != nullptr;
  EventLoop& room = loop_;
  std::weak_ptr<bool> alive = alive_;
  const auto to_room = [threaded, &room, alive](EventLoop::Task task) {
    if (!threaded) {
      if (!alive.expired()) task();
      return;
    }
    room.post([alive, task = std::move(task)] {
      if (!alive.expired()) task();
    });
  };
  const std::weak_ptr<bool> writer_alive = writer.alive;
  OverlayConnection::Handlers handlers;
  handlers.on_ready = [this, w = &writer, writer_alive, id, to_room] {
    if (writer_alive.expired()) return;
    const OverlayConnection* conn = w->find(id);
    if (conn == nullptr) return;
    const auto ip = ip4_of(conn->peer()).value_or(protocol::Ip4{});
    to_room([this, id, ip] {
      if (host_ && writer_of_.count(id) != 0) apply(host_->on_accepted(id, ip, loop_millis(loop_)));
    });
  };
  handlers.on_frame = [this, id, to_room](const protocol::Frame& frame) {
    to_room([this, id, frame] {
      if (host_) apply(host_->on_frame(id, frame, loop_millis(loop_)));
    });
  };
  handlers.on_closed = [this, w = &writer, writer_alive, id, to_room](const std::string&) {
    if (writer_alive.expired()) return;
    w->connections.erase(id);
    to_room([this, id] { on_closed(id); });
  };
  return handlers;
}

ChatRoomServer::Writer* ChatRoomServer::writer_of(chat::ConnId id) {
  auto it = writer_of_.find(id);
  return it == writer_of_.end() ? nullptr : it->second;
}

void ChatRoomServer::apply(std::vector<chat::HostAction> actions) {
  for (auto& action : actions) {
    if (auto* many = std::get_if<chat::BroadcastFrame>(&action)) {
      broadcast(*many);
    } else if (auto* send = std::get_if<chat::SendFrame>(&action)) {
      if (Writer* w = writer_of(send->conn))
        w->run([w, id = send->conn, type = send->type, payload = std::move(send->payload)] {
          if (OverlayConnection* conn = w->find(id)) conn->send(type, payload);
        });
    } else if (auto* close = std::get_if<chat::CloseConnection>(&action)) {
      if (Writer* w = writer_of(close->conn))
        w->run([w, id = close->conn, reason = std::move(close->reason)] {
          if (OverlayConnection* conn = w->find(id)) {
            logger().information("chat room closes %s: %s", conn->peer().toString(), reason);
            conn->close(reason);
          }
        });
    }
  }
}

// One task per writer with its share of the receivers; the payload is shared, not copied.
void ChatRoomServer::broadcast(chat::BroadcastFrame& frame) {
  const auto payload = std::make_shared<const protocol::Bytes>(std::move(frame.payload));
  std::vector<std::vector<chat::ConnId>> shares(writers_.size());
  for (const chat::ConnId id : frame.conns)
    if (Writer* w = writer_of(id)) shares[w->index].push_back(id);
  for (std::size_t i = 0; i < shares.size(); ++i) {
    if (shares[i].empty()) continue;
    Writer* w = writers_[i].get();
    w->run([w, ids = std::move(shares[i]), type = frame.type, payload] {
      for (const chat::ConnId id : ids)
        if (OverlayConnection* conn = w->find(id)) conn->send(type, *payload);
    });
  }
}

void ChatRoomServer::on_closed(chat::ConnId id) {
  writer_of_.erase(id);
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
