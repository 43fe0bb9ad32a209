#include "net/chat_room_udp.h"

#include <array>

#include <Poco/Logger.h>

#include "net/overlay_connection.h"
#include "protocol/udp_cipher.h"

namespace wpn::net {

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net.chat"); }
constexpr std::size_t MaxDatagram = 2048;  // name ≤ 40 and topic ≤ 125 need far less
}  // namespace

ChatRoomUdp::ChatRoomUdp(EventLoop& loop) : loop_(loop) {}

ChatRoomUdp::~ChatRoomUdp() {
  if (listening_) loop_.unwatch(listening_->impl()->sockfd());
}

std::optional<std::string> ChatRoomUdp::listen(const Poco::Net::SocketAddress& address, AnnouncementHandler handler) {
  try {
    Poco::Net::DatagramSocket socket;
    socket.bind(address, true);
    socket.setBlocking(false);
    listening_ = std::move(socket);
  } catch (const Poco::Exception& e) {
    return "room list UDP " + address.toString() + ": " + e.displayText();
  }
  handler_ = std::move(handler);
  loop_.watch(listening_->impl()->sockfd(), true, false, [this](IoReady) { on_readable(); });
  return std::nullopt;
}

void ChatRoomUdp::on_readable() {
  std::array<protocol::Byte, MaxDatagram> buffer{};
  for (int round = 0; round < 64; ++round) {
    Poco::Net::SocketAddress sender;
    int received = 0;
    try {
      received = listening_->receiveFrom(buffer.data(), static_cast<int>(buffer.size()), sender);
    } catch (const Poco::Exception&) {
      return;  // EAGAIN: nothing more for now
    }
    if (received <= 0) return;
    std::span<protocol::Byte> datagram(buffer.data(), static_cast<std::size_t>(received));
    protocol::decrypt_datagram(datagram);
    const auto announcement = protocol::decode_room_announcement(datagram);
    const auto source = ip4_of(sender);
    if (!announcement || !source) {
      logger().debug("room list UDP: dropped %d bytes from %s", received, sender.toString());
      continue;
    }
    if (handler_) handler_(*source, *announcement);
  }
}

bool ChatRoomUdp::announce(const Poco::Net::SocketAddress& hub, protocol::RoomAnnouncement announcement,
                           const std::string& bind_ip) {
  try {
    if (!sending_) {
      Poco::Net::DatagramSocket socket;
      socket.bind(Poco::Net::SocketAddress(bind_ip.empty() ? "0.0.0.0" : bind_ip, 0), false);
      sending_ = std::move(socket);
    }
    SystemRandom random;
    random.fill(announcement.seed);
    protocol::Bytes datagram;
    protocol::encode(announcement, datagram);
    protocol::encrypt_datagram(datagram);
    sending_->sendTo(datagram.data(), static_cast<int>(datagram.size()), hub);
    return true;
  } catch (const Poco::Exception& e) {
    logger().warning("room list UDP to %s: %s", hub.toString(), e.displayText());
    return false;
  }
}

}  // namespace wpn::net
