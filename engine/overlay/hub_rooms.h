#pragma once
// The hub's room table (chat.md §9): rooms registered by their hosts, each kept until it
// has not been renewed for `max_age`, and the 0x238E answers a secondary's 0x238D gets.
// The listed name's "_IIIIIIIIPPPP" suffix is built here from the host's address and
// TCP port, as primaries do (the host registers only its base name). Rooms other hubs of
// the mesh announce (RoomAnnounce, docs/hub-link.md §3.4) are kept beside the local ones,
// aged the same way, and listed with them.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "overlay/overlay_types.h"
#include "protocol/codecs/hub_link.h"
#include "protocol/codecs/rooms.h"

namespace wpn::overlay {

struct HubRoomsConfig {
  Millis max_age = 180000;       // a host renews well within this
  std::size_t max_rooms = 2000;  // WinMX lists "around the 1400 room mark"
};

class HubRooms {
 public:
  explicit HubRooms(HubRoomsConfig config = {}) : config_(config) {}

  // A registration or renewal. False (and nothing kept) for an empty or over-long name,
  // port 0, or a full table.
  bool register_room(const protocol::Ip4& ip, std::uint16_t tcp_port, std::string name, std::string topic,
                     std::uint32_t users, std::uint32_t limit, Millis now);
  // From a UDP 0x47 datagram: the room's address is the datagram's source.
  bool register_room(const protocol::Ip4& source, const protocol::RoomAnnouncement& announcement, Millis now);
  void remove_room(const protocol::Ip4& ip, std::uint16_t tcp_port);
  // A RoomAnnounce from another hub: its rooms replace those it announced before. A room
  // also registered here directly stays ours.
  void replace_announced(const protocol::NodeHandle& hub, const std::vector<protocol::AnnouncedRoom>& rooms,
                         Millis now);
  void expire(Millis now);

  // The 0x238E answers (local and announced), in name order.
  std::vector<protocol::RoomListEntry> entries() const;
  // The rooms registered here directly, in name order, for this hub's RoomAnnounce.
  std::vector<protocol::AnnouncedRoom> local_rooms() const;
  std::size_t size() const noexcept { return rooms_.size(); }

 private:
  struct Room {
    protocol::RoomListEntry entry;
    protocol::AnnouncedRoom registered;
    std::optional<protocol::NodeHandle> announced_by;  // none: registered here
    Millis renewed = 0;
  };
  bool store(const protocol::AnnouncedRoom& room, std::optional<protocol::NodeHandle> announced_by, Millis now);

  HubRoomsConfig config_;
  std::map<std::pair<protocol::Ip4, std::uint16_t>, Room> rooms_;
};

}  // namespace wpn::overlay
