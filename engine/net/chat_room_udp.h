#pragma once
// The UDP side of the room list (chat.md §9.2, protocol.md §11.6): a hub receives 0x47
// "add to room list" datagrams from room hosts, and a host sends one per room to its hub.
// Datagrams are UDP-ciphered; one that does not decode is dropped with a debug line.

#include <functional>
#include <optional>
#include <string>

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "net/event_loop.h"
#include "protocol/codecs/rooms.h"

namespace wpn::net {

class ChatRoomUdp {
 public:
  // source: the datagram's IPv4 address (the room's address).
  using AnnouncementHandler = std::function<void(const protocol::Ip4& source, const protocol::RoomAnnouncement&)>;

  explicit ChatRoomUdp(EventLoop& loop);
  ~ChatRoomUdp();
  ChatRoomUdp(const ChatRoomUdp&) = delete;
  ChatRoomUdp& operator=(const ChatRoomUdp&) = delete;

  // Loop thread only. Listens for announcements; an error text when the port is taken.
  std::optional<std::string> listen(const Poco::Net::SocketAddress& address, AnnouncementHandler handler);
  // Sends one announcement (any thread that owns this object); false when it cannot.
  bool announce(const Poco::Net::SocketAddress& hub, protocol::RoomAnnouncement announcement,
                const std::string& bind_ip = {});

 private:
  void on_readable();

  EventLoop& loop_;
  std::optional<Poco::Net::DatagramSocket> listening_;
  std::optional<Poco::Net::DatagramSocket> sending_;
  AnnouncementHandler handler_;
};

}  // namespace wpn::net
