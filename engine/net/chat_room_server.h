#pragma once
// One hosted chat room on the event loop: a listening socket whose accepted
// connections run the 0x31 / 0x57 / 0x58 handshake (chat.md §3) and feed
// chat::ChatRoomHost; the host's actions are carried out here, and a timer drives
// its login timeouts, delayed closes and keep-alives.

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
  ChatRoomServer(EventLoop& loop, chat::ChatRoomConfig config, chat::ChatRoomMediator& mediator,
                 Poco::Net::SocketAddress listen);
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
  void on_accept(Poco::Net::StreamSocket socket);
  OverlayConnection::Handlers handlers_for(chat::ConnId id);
  void apply(std::vector<chat::HostAction> actions);
  void on_closed(chat::ConnId id);
  void tick();

  EventLoop& loop_;
  chat::ChatRoomConfig config_;
  chat::ChatRoomMediator& mediator_;
  Poco::Net::SocketAddress listen_address_;
  Listener listener_;
  std::uint16_t port_ = 0;
  bool listening_ = false;
  SystemRandom random_;
  std::optional<chat::ChatRoomHost> host_;
  std::unordered_map<chat::ConnId, std::shared_ptr<OverlayConnection>> connections_;
  chat::ConnId next_id_ = 1;
  TimerId tick_timer_ = TimerId::None;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
