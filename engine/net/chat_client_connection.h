#pragma once
// One chat-room membership on the event loop: an OverlayConnection that connects
// with key ID 0x57 (chat.md §3) and feeds chat::ChatClientSession, sends what the
// session asks for, and reports its events. A one-second timer drives the join
// timeout and keep-alives. Reconnecting after a drop is the owner's decision
// (chat::should_reconnect); this object serves one connection.

#include <functional>
#include <memory>
#include <string_view>

#include <Poco/Net/SocketAddress.h>

#include "chat/chat_client_session.h"
#include "net/event_loop.h"
#include "net/overlay_connection.h"

namespace wpn::net {

class ChatClientConnection {
 public:
  using EventHandler = std::function<void(const chat::ChatClientEvent&)>;

  ChatClientConnection(EventLoop& loop, chat::ChatClientConfig config, EventHandler on_event);
  ~ChatClientConnection();
  ChatClientConnection(const ChatClientConnection&) = delete;
  ChatClientConnection& operator=(const ChatClientConnection&) = delete;

  // Loop thread only. bind_ip empty: any local address.
  void connect(const Poco::Net::SocketAddress& target, const std::string& bind_ip = {});
  bool say(std::string_view text);
  bool act(std::string_view text);
  bool change_details(std::string_view name, std::uint32_t files);
  bool change_details(std::string_view name, protocol::Ip4 node_ip, std::uint16_t node_port, std::uint32_t files);
  void leave();

  // Loop thread only.
  const chat::ChatClientSession& session() const noexcept { return session_; }

 private:
  void pump();
  void tick();

  EventLoop& loop_;
  chat::ChatClientSession session_;
  EventHandler on_event_;
  SystemRandom random_;
  std::shared_ptr<OverlayConnection> conn_;
  TimerId tick_timer_ = TimerId::None;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wpn::net
