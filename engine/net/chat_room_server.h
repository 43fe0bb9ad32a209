#pragma once
// One hosted chat room on the event loop: a listening socket whose accepted
// connections run the 0x31 / 0x57 / 0x58 handshake (chat.md §3) and feed
// chat::ChatRoomHost; the host's actions are carried out here, and a timer drives
// its login timeouts, delayed closes and keep-alives.
//
// A line to 1,000 users is 1,000 encrypted writes, most of their cost in the kernel
// (7-9 us per loopback send). So the connections are spread over a few writers: the
// room's own loop, where the host machine runs, and writer threads with loops of their
// own; each reads, encodes and writes its share. The room's loop serves its share with no
// hand-over, so a line reaches its first receivers as soon as before. A connection lives
// on one writer for its whole life, so its frames keep their order.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <Poco/Net/SocketAddress.h>

#include "chat/chat_room_host.h"
#include "net/event_loop.h"
#include "net/listener.h"
#include "net/overlay_connection.h"

namespace wpn::net {

class ChatRoomServer {
 public:
  // listen: address and port (0 = ephemeral). The mediator must outlive the server.
  // writers: loops that own the connections, `loop` counted; 0 or 1 keeps them all on it.
  ChatRoomServer(EventLoop& loop, chat::ChatRoomConfig config, chat::ChatRoomMediator& mediator,
                 Poco::Net::SocketAddress listen, std::size_t writers = default_writers());
  // One per hardware thread, at most 8.
  static std::size_t default_writers();
  ~ChatRoomServer();
  ChatRoomServer(const ChatRoomServer&) = delete;
  ChatRoomServer& operator=(const ChatRoomServer&) = delete;

  // Loop thread only. False when the address cannot be bound.
  bool start();
  void stop();

  // Owner operations (loop thread only); false when the room is not running.
  bool kick(std::string_view who, std::string_view by);
  bool ban(std::string_view who, chat::Millis duration, std::string_view by);
  bool set_topic(std::string_view topic);
  bool set_motd(std::vector<std::string> lines);
  bool unban(std::string_view who);
  bool notice(std::string_view text);

  std::uint16_t port() const noexcept { return port_; }
  bool running() const noexcept { return listening_; }
  // Loop thread only.
  const chat::ChatRoomHost* host() const noexcept { return host_ ? &*host_ : nullptr; }

 private:
  struct Writer;
  void on_accept(Poco::Net::StreamSocket socket);
  OverlayConnection::Handlers handlers_for(Writer& writer, chat::ConnId id);
  Writer* writer_of(chat::ConnId id);
  void apply(std::vector<chat::HostAction> actions);
  void broadcast(chat::BroadcastFrame& frame);
  void on_closed(chat::ConnId id);
  void tick();

  EventLoop& loop_;
  chat::ChatRoomConfig config_;
  chat::ChatRoomMediator& mediator_;
  Poco::Net::SocketAddress listen_address_;
  Listener listener_;
  std::uint16_t port_ = 0;
  bool listening_ = false;
  std::optional<chat::ChatRoomHost> host_;
  std::vector<std::unique_ptr<Writer>> writers_;
  std::unordered_map<chat::ConnId, Writer*> writer_of_;  // room loop: open connections
  chat::ConnId next_id_ = 1;
  TimerId tick_timer_ = TimerId::None;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
