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
  // Users and topics change all the time; only a room appearing or going is worth an early announce.
  const auto same_room = [](const p::AnnouncedRoom& a, const p::AnnouncedRoom& b) {
    return a.ip == b.ip && a.port == b.port && a.name == b.name;
  };
  if (!std::ranges::equal(rooms, rooms_, same_room)) rooms_changed_ = true;
  rooms_ = std::move(rooms);
}

// Rooms flood like announces: seen (hub, sequence) pairs are dropped, the rest handed to
// the hub and passed on while the TTL lasts. A link over its rate, or an announce for a
// hub the mesh does not reach, is dropped and traced; one for a neighbour that comes over
// another link is dropped; at most max_rooms_per_hub rooms with a host address are taken.
void MeshRouter::room_announce(Link& link, p::RoomAnnounce m, Millis now, MeshHost& host, std::vector<HubAction>& out) {
  if (!link.room_announces.take(now)) {
    ++counters_.rate_limited;
    return refuse(link.conn, m.Type, "room announces over the link's rate", out);
  }
  if (m.hub == self_.hub) return;
  // A neighbour's rooms count only from its direct link: a copy round the mesh is dropped
  // unmarked (in a triangle it may come first; the direct one follows), and so is a forgery.
  const auto direct = std::find_if(links_.begin(), links_.end(),
                                   [&](const auto& l) { return l.second.hello && l.second.peer.hub == m.hub; });
  if (direct != links_.end() && direct->first != link.conn) return;
  if (direct == links_.end() && !routes_.contains(hub_key(m.hub)))
    return refuse(link.conn, m.Type, "room announce for a hub the mesh does not reach", out);
  if (!seen_room_announces_.insert(query_key(m.hub, m.sequence))) return;
  auto rooms = m.rooms;
  const auto before = rooms.size();
  std::erase_if(rooms, [](const p::AnnouncedRoom& r) { return r.ip == p::Ip4{} || r.port == 0; });
  if (rooms.size() > config_.max_rooms_per_hub) rooms.resize(config_.max_rooms_per_hub);
  if (rooms.size() < before) {
    counters_.rooms_dropped += before - rooms.size();
    refuse(link.conn, m.Type, "room announce over the rooms one hub may list, or without a host", out);
  }
  host.mesh_rooms(p::RoomAnnounce{m.sequence, m.ttl, m.hub, std::move(rooms)}, now);
  m.ttl = std::min(m.ttl, p::link::MaxTtl);
  if (m.ttl <= 1) return;
  --m.ttl;
  flood(link.conn, m, out);
}

}  // namespace wpn::overlay
