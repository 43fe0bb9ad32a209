// Room lists across the mesh (docs/hub-link.md §3.4): each hub floods the rooms
// registered with it after its own HubAnnounce.
#include <algorithm>
#include <utility>

#include "overlay/mesh_router.h"

namespace wpn::overlay {

namespace p = protocol;

void MeshRouter::set_rooms(std::vector<p::AnnouncedRoom> rooms) {
  std::size_t size = p::RoomAnnounceHeadLength;
  std::size_t fit = 0;
  while (fit < rooms.size() && size + p::encoded_size(rooms[fit]) <= p::link::MaxPayload)
    size += p::encoded_size(rooms[fit++]);
  rooms.resize(fit);
  rooms_ = std::move(rooms);
}

// Rooms flood like announces: seen (hub, sequence) pairs are dropped, the rest handed to
// the hub and passed on while the TTL lasts.
void MeshRouter::room_announce(Link& link, p::RoomAnnounce m, Millis now, MeshHost& host, std::vector<HubAction>& out) {
  if (m.hub == self_.hub || !seen_room_announces_.insert(query_key(m.hub, m.sequence))) return;
  host.mesh_rooms(m, now);
  m.ttl = std::min(m.ttl, p::link::MaxTtl);
  if (m.ttl <= 1) return;
  --m.ttl;
  flood(link.conn, m, out);
}

}  // namespace wpn::overlay
