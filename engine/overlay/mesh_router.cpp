#include "overlay/mesh_router.h"

#include <algorithm>
#include <array>
#include <utility>

#include "overlay/skipped_frame.h"
#include "protocol/codecs/search.h"
#include "protocol/message_types.h"

namespace wpn::overlay {

namespace p = protocol;

namespace {

std::uint8_t clamp_ttl(std::uint8_t ttl) { return std::min(ttl, p::link::MaxTtl); }

}  // namespace

MeshRouter::MeshRouter(MeshConfig config, p::HubEndpoint self, p::RandomSource& random)
    : config_(std::move(config)),
      self_(self),
      random_(random),
      seen_queries_(config_.seen_capacity),
      stopped_(config_.seen_capacity),
      seen_announces_(config_.seen_capacity),
      seen_room_announces_(config_.seen_capacity),
      announce_sequence_(config_.first_sequence) {
  for (const auto& n : config_.neighbours) {
    if (n.hub == self_.hub) continue;
    auto& known = known_[hub_key(n.hub)];
    known.endpoint = n;
    known.configured = true;
  }
}

template <class M>
void MeshRouter::send(ConnId link, const M& message, std::vector<HubAction>& out) {
  SendFrame frame{link, M::Type, {}};
  p::encode(message, frame.payload);
  out.emplace_back(std::move(frame));
}

template <class M>
void MeshRouter::flood(ConnId except, const M& message, std::vector<HubAction>& out) {
  for (const auto& [conn, link] : links_) {
    if (conn != except && link.hello) send(conn, message, out);
  }
}
template void MeshRouter::flood(ConnId, const p::RoomAnnounce&, std::vector<HubAction>&);  // mesh_router_rooms.cpp
template void MeshRouter::send(ConnId, const p::LinkHello&, std::vector<HubAction>&);      // mesh_router_links.cpp

std::size_t MeshRouter::established_links() const {
  return static_cast<std::size_t>(
      std::count_if(links_.begin(), links_.end(), [](const auto& l) { return l.second.hello; }));
}

std::vector<p::HubEndpoint> MeshRouter::known_hubs() const {
  std::vector<p::HubEndpoint> out;
  for (const auto& [key, hub] : known_) out.push_back(hub.endpoint);
  return out;
}

std::vector<p::HubEndpoint> MeshRouter::reachable_hubs() const {
  std::vector<p::HubEndpoint> out;
  for (const auto& [key, route] : routes_) {
    if (links_.contains(route.link)) out.push_back(route.endpoint);
  }
  return out;
}

bool MeshRouter::reaches(const p::NodeHandle& hub) const { return link_toward(hub).has_value(); }

std::optional<ConnId> MeshRouter::link_toward(const p::NodeHandle& hub) const {
  for (const auto& [conn, link] : links_) {
    if (link.hello && link.peer.hub == hub) return conn;
  }
  auto route = routes_.find(hub_key(hub));
  if (route == routes_.end() || !links_.contains(route->second.link)) return std::nullopt;
  return route->second.link;
}

// Only the target can tell: a relay may see a neighbour's message come round another hub
// while routes settle, but a hub always sends to its neighbour over their direct link.
bool MeshRouter::plausible_sender(const Link& link, const p::NodeHandle& hub, const p::NodeHandle& target) const {
  if (hub == self_.hub) return false;
  if (target != self_.hub) return true;
  for (const auto& [conn, other] : links_) {
    if (other.hello && other.peer.hub == hub) return conn == link.conn;
  }
  return true;
}

bool MeshRouter::asked(const std::string& user, const p::NodeHandle& hub, Millis now) const {
  auto it = asked_.find({user, hub_key(hub)});
  return it != asked_.end() && now < it->second;
}

bool MeshRouter::asked_anyone(const std::string& user, Millis now) const {
  for (auto it = asked_.lower_bound({user, 0}); it != asked_.end() && it->first.first == user; ++it) {
    if (now < it->second) return true;
  }
  return false;
}

void MeshRouter::refuse(ConnId conn, std::uint16_t type, std::string reason, std::vector<HubAction>& out) {
  ++counters_.refused;
  out.emplace_back(TraceLinkDrop{conn, type, std::move(reason)});
}

void MeshRouter::learn_route(const p::HubEndpoint& hub, ConnId link, std::uint8_t hops, std::uint32_t sequence,
                             Millis now) {
  const auto key = hub_key(hub.hub);
  auto it = routes_.find(key);
  const bool better = it == routes_.end() || !links_.contains(it->second.link) || it->second.expires <= now ||
                      hops < it->second.hops || it->second.link == link;
  if (!better || (it == routes_.end() && routes_.size() >= config_.max_known_hubs)) return;
  routes_[key] = Route{link, hops, now + config_.route_lifetime, hub, sequence};
}

void MeshRouter::note_distance(const p::NodeHandle& hub, ConnId link, std::uint8_t hops, std::uint32_t sequence,
                               Millis now) {
  const auto key = hub_key(hub);
  if (!distances_.contains(key) && distances_.size() >= config_.max_known_hubs) return;
  auto& seen = distances_[key];
  auto it = std::find_if(seen.begin(), seen.end(), [&](const Distance& d) { return d.link == link; });
  if (it == seen.end()) {
    seen.push_back(Distance{link, hops, sequence, now + config_.route_lifetime});
    return;
  }
  if (sequence < it->sequence && it->expires > now) return;  // an older announce, late
  it->hops = sequence == it->sequence && it->expires > now ? std::min(it->hops, hops) : hops;
  it->sequence = sequence;
  it->expires = now + config_.route_lifetime;
}

// Our distance from the origin is one more than our nearest neighbour's. Only what the
// origin's latest announce said counts: a neighbour that did not pass that one on to us
// had it from us (or is now cut off), so its older figure no longer holds (§3.2).
bool MeshRouter::has_it_already(ConnId link, const p::NodeHandle& origin, Millis now) const {
  const auto seen = distances_.find(hub_key(origin));
  if (seen == distances_.end()) return false;
  std::uint32_t latest = 0;
  for (const auto& d : seen->second) {
    if (d.expires > now) latest = std::max(latest, d.sequence);
  }
  int ours = 256;
  int theirs = 256;
  for (const auto& d : seen->second) {
    if (d.expires <= now || (d.sequence != latest && d.hops != 0)) continue;
    ours = std::min(ours, d.hops + 1);
    if (d.link == link) theirs = d.hops;
  }
  return theirs < 256 && theirs <= ours;
}

// A new neighbour learns at once the hubs we reach (ttl 1: it does not pass them on).
void MeshRouter::introduce(ConnId link, std::vector<HubAction>& out) {
  for (const auto& [key, route] : routes_) {
    if (route.link == link || route.hops == 0) continue;
    send(link, p::HubAnnounce{route.sequence, 1, route.hops, route.endpoint}, out);
  }
}

void MeshRouter::announce_self(std::vector<HubAction>& out) {
  ++announce_sequence_;
  seen_announces_.insert(query_key(self_.hub, announce_sequence_));
  flood(0, p::HubAnnounce{announce_sequence_, config_.announce_ttl, 0, self_}, out);
  seen_room_announces_.insert(query_key(self_.hub, announce_sequence_));
  flood(0, p::RoomAnnounce{announce_sequence_, config_.announce_ttl, self_.hub, rooms_}, out);
}

void MeshRouter::on_link_frame(ConnId conn, const p::Frame& frame, Millis now, MeshHost& host,
                               std::vector<HubAction>& out) {
  auto it = links_.find(conn);
  if (it == links_.end()) return;
  Link& link = it->second;
  link.last_heard = now;
  if (!p::is_hub_link_type(frame.type)) return;  // unknown types are ignored
  auto message = p::decode_hub_link_message(frame.type, frame.payload);
  if (!message) {
    ++counters_.skipped_frames;
    out.emplace_back(TraceSkippedFrame{conn, make_skipped_frame(frame, message.error())});
    return;
  }
  if (auto* m = std::get_if<p::LinkHello>(&*message)) return hello(link, *m, now, out);
  if (!link.hello) return close_link(conn, "hub link spoke before hello", now, out);
  std::visit(
      [&](auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, p::LinkKeepAlive>) {
          link.peer.free_secondary = m.free_secondary;
          link.peer.free_primary = m.free_primary;
        } else if constexpr (std::is_same_v<M, p::HubAnnounce>) {
          announce(link, std::move(m), now, out);
        } else if constexpr (std::is_same_v<M, p::LinkSearch>) {
          search(link, std::move(m), now, host, out);
        } else if constexpr (std::is_same_v<M, p::LinkSearchHit>) {
          hit(link, std::move(m), now, host, out);
        } else if constexpr (std::is_same_v<M, p::LinkSearchStop>) {
          if (link.searches.take(now))
            stop(link, std::move(m), out);
          else
            ++counters_.rate_limited;
        } else if constexpr (std::is_same_v<M, p::RoutedRequest>) {
          request(link, std::move(m), now, host, out);
        } else if constexpr (std::is_same_v<M, p::RoutedDelivery> || std::is_same_v<M, p::UserNotHere>) {
          routed_answer(link, std::move(m), now, host, out);
        } else if constexpr (std::is_same_v<M, p::RoomAnnounce>) {
          room_announce(link, std::move(m), now, host, out);
        }
        // RoomQuery / RoomEntry: room lists travel as RoomAnnounce; nothing to answer.
      },
      *message);
}

void MeshRouter::announce(Link& link, p::HubAnnounce m, Millis now, std::vector<HubAction>& out) {
  if (m.hub.hub == self_.hub) return;
  // hops 0: the sender announces itself, so it must be the hub at the other end.
  if (m.hops == 0 && m.hub.hub != link.peer.hub)
    return refuse(link.conn, m.Type, "hub announce at 0 hops for another hub than the link's", out);
  learn_hub(m.hub);
  learn_route(m.hub, link.conn, static_cast<std::uint8_t>(std::min(m.hops + 1, 255)), m.sequence, now);
  note_distance(m.hub.hub, link.conn, m.hops, m.sequence, now);
  if (!seen_announces_.insert(query_key(m.hub.hub, m.sequence))) return;
  m.ttl = clamp_ttl(m.ttl);
  if (m.ttl <= 1) return;
  --m.ttl;
  ++m.hops;
  flood(link.conn, m, out);
}

void MeshRouter::search(Link& link, p::LinkSearch m, Millis now, MeshHost& host, std::vector<HubAction>& out) {
  if (!link.searches.take(now)) {
    ++counters_.rate_limited;
    return;
  }
  const auto key = query_key(m.origin, m.query_id);
  if (m.origin == self_.hub || stopped_.contains(key) || !seen_queries_.insert(key)) {
    ++counters_.duplicate_queries;
    return;
  }
  if (reverse_.size() >= config_.seen_capacity)
    std::erase_if(reverse_, [&](const auto& e) { return e.second.expires <= now; });
  if (reverse_.size() < config_.seen_capacity) reverse_[key] = ReversePath{link.conn, now + config_.search_lifetime};
  for (auto& result : host.mesh_search(m.wpn_type, m.wpn_payload)) {
    send(link.conn, p::LinkSearchHit{m.query_id, m.origin, self_.hub, std::move(result)}, out);
  }
  m.ttl = clamp_ttl(m.ttl);
  if (m.ttl <= 1) return;
  --m.ttl;
  ++m.hops;
  // Outward only: a neighbour no farther from the origin than we are gets it from its own side.
  for (const auto& [conn, other] : links_) {
    if (conn != link.conn && other.hello && !has_it_already(conn, m.origin, now)) send(conn, m, out);
  }
}

void MeshRouter::hit(Link& link, p::LinkSearchHit m, Millis now, MeshHost& host, std::vector<HubAction>& out) {
  if (!link.hits.take(now)) {
    ++counters_.rate_limited;
    return;
  }
  if (m.responder == self_.hub) return refuse(link.conn, m.Type, "search hit claims to come from us", out);
  if (m.origin == self_.hub) {
    auto result = p::decode_search_message(p::msg::SearchResult, m.result);
    if (!result || !std::holds_alternative<p::SearchResult>(*result))
      return refuse(link.conn, m.Type, "search hit carries no search result", out);
    if (p::holder_handle(std::get<p::SearchResult>(*result)) != m.responder)
      return refuse(link.conn, m.Type, "search hit names another hub than the one answering", out);
    auto it = local_searches_.find(m.query_id);
    if (it == local_searches_.end() || now >= it->second.expires || it->second.results >= it->second.max_results ||
        m.result.size() < 4) {
      ++counters_.hits_dropped;
      return;
    }
    ++it->second.results;
    for (int i = 0; i < 4; ++i)
      m.result[static_cast<std::size_t>(i)] = static_cast<p::Byte>(it->second.search_id >> (8 * i));
    host.mesh_hit(it->second.secondary, std::move(m.result), out);
    return;
  }
  auto path = reverse_.find(query_key(m.origin, m.query_id));
  if (path == reverse_.end() || now >= path->second.expires || !links_.contains(path->second.link)) {
    ++counters_.hits_dropped;
    return;
  }
  send(path->second.link, m, out);
}

void MeshRouter::stop(Link& link, p::LinkSearchStop m, std::vector<HubAction>& out) {
  const auto key = query_key(m.origin, m.query_id);
  if (m.origin == self_.hub || !stopped_.insert(key)) return;
  seen_queries_.insert(key);
  reverse_.erase(key);
  m.ttl = clamp_ttl(m.ttl);
  if (m.ttl <= 1) return;
  --m.ttl;
  flood(link.conn, m, out);
}

template <class M>
bool MeshRouter::forward(M m, std::vector<HubAction>& out) {
  m.ttl = clamp_ttl(m.ttl);
  if (m.ttl <= 1) return false;
  --m.ttl;
  auto link = link_toward(m.target);
  if (!link) return false;
  send(*link, m, out);
  return true;
}

void MeshRouter::request(Link& link, p::RoutedRequest m, Millis now, MeshHost& host, std::vector<HubAction>& out) {
  if (!link.routed.take(now)) {
    ++counters_.rate_limited;
    return bounce(m, p::NotHereReason::HubUnreachable, link.conn, out);
  }
  if (!plausible_sender(link, m.origin, m.target))
    return refuse(link.conn, m.Type, "routed request with a forged origin", out);
  if (m.target == self_.hub) return host.mesh_request(m, now, out);
  if (!forward(m, out)) bounce(m, p::NotHereReason::HubUnreachable, link.conn, out);
}

void MeshRouter::bounce(const p::RoutedRequest& m, p::NotHereReason reason, ConnId via, std::vector<HubAction>& out) {
  send(via, p::UserNotHere{m.origin, self_.hub, p::link::MaxTtl, reason, m.requester, m.wpn_type, m.wpn_payload}, out);
}

// A delivery or a bounce: passed on, or for one of our users only when that user asked
// the hub it comes from (a delivery) or asked anyone (a bounce).
template <class M>
void MeshRouter::routed_answer(Link& link, M m, Millis now, MeshHost& host, std::vector<HubAction>& out) {
  if (!link.routed.take(now)) {
    ++counters_.rate_limited;
  } else if (!plausible_sender(link, m.sender, m.target)) {
    refuse(link.conn, M::Type, "routed answer with a forged sender", out);
  } else if (m.target != self_.hub) {
    forward(std::move(m), out);
  } else if constexpr (std::is_same_v<M, p::RoutedDelivery>) {
    if (!asked(m.user, m.sender, now)) {
      refuse(link.conn, M::Type, "delivery from a hub the user did not ask", out);
    } else if (!host.mesh_deliver(m, out)) {
      refuse(link.conn, M::Type, "delivery names another hub than its sender", out);
    }
  } else {
    if (asked_anyone(m.requester, now))
      host.mesh_bounced(m, now, out);
    else
      refuse(link.conn, M::Type, "bounce of a request nobody made", out);
  }
}

bool MeshRouter::route(p::RoutedRequest request, Millis now, std::vector<HubAction>& out) {
  request.ttl = p::link::MaxTtl + 1;  // forward() spends one
  std::pair<std::string, std::uint64_t> key{request.requester, hub_key(request.target)};
  if (!forward(std::move(request), out)) return false;
  if (asked_.size() >= config_.max_asked) std::erase_if(asked_, [&](const auto& e) { return e.second <= now; });
  if (asked_.size() >= config_.max_asked) asked_.erase(asked_.begin());
  asked_[std::move(key)] = now + config_.asked_lifetime;
  return true;
}

bool MeshRouter::route(p::RoutedDelivery delivery, std::vector<HubAction>& out) {
  delivery.ttl = p::link::MaxTtl + 1;
  return forward(std::move(delivery), out);
}

std::uint32_t MeshRouter::start_search(ConnId secondary, std::uint32_t search_id, std::uint16_t wpn_type,
                                       p::ByteView payload, std::size_t max_results, Millis now,
                                       std::vector<HubAction>& out) {
  std::uint32_t id = 0;
  while (id == 0 || local_searches_.contains(id)) {
    std::array<p::Byte, 4> b{};
    random_.fill(b);
    id = std::uint32_t{b[0]} | (std::uint32_t{b[1]} << 8) | (std::uint32_t{b[2]} << 16) | (std::uint32_t{b[3]} << 24);
  }
  if (local_searches_.size() >= config_.seen_capacity) {
    std::erase_if(local_searches_, [&](const auto& e) { return e.second.expires <= now; });
    if (local_searches_.size() >= config_.seen_capacity) local_searches_.erase(local_searches_.begin());
  }
  local_searches_[id] = LocalSearch{secondary, search_id, 0, max_results, now + config_.search_lifetime};
  seen_queries_.insert(query_key(self_.hub, id));
  flood(0, p::LinkSearch{id, self_.hub, config_.search_ttl, 0, wpn_type, p::Bytes(payload.begin(), payload.end())},
        out);
  return id;
}

void MeshRouter::stop_search(ConnId secondary, std::uint32_t search_id, std::vector<HubAction>& out) {
  for (auto it = local_searches_.begin(); it != local_searches_.end(); ++it) {
    if (it->second.secondary != secondary || it->second.search_id != search_id) continue;
    const std::uint32_t id = it->first;
    local_searches_.erase(it);
    stopped_.insert(query_key(self_.hub, id));
    flood(0, p::LinkSearchStop{id, self_.hub, config_.search_ttl}, out);
    return;
  }
}

void MeshRouter::forget_secondary(ConnId secondary) {
  std::erase_if(local_searches_, [&](const auto& e) { return e.second.secondary == secondary; });
}

void MeshRouter::on_tick(Millis now, std::vector<HubAction>& out) {
  std::vector<std::pair<ConnId, const char*>> dead;
  for (auto& [conn, link] : links_) {
    if (!link.hello && now >= link.opened + config_.hello_timeout) {
      dead.emplace_back(conn, "no hub link hello");
    } else if (now >= link.last_heard + config_.link_timeout) {
      dead.emplace_back(conn, "hub link silent");
    } else if (link.hello && now >= link.last_sent + config_.keep_alive_interval) {
      send(conn, p::LinkKeepAlive{self_.free_secondary, self_.free_primary}, out);
      link.last_sent = now;
    }
  }
  for (const auto& [conn, reason] : dead) close_link(conn, reason, now, out);
  std::erase_if(routes_, [&](const auto& e) { return e.second.expires <= now; });
  for (auto& [key, seen] : distances_) std::erase_if(seen, [&](const Distance& d) { return d.expires <= now; });
  std::erase_if(distances_, [](const auto& e) { return e.second.empty(); });
  std::erase_if(reverse_, [&](const auto& e) { return e.second.expires <= now; });
  std::erase_if(local_searches_, [&](const auto& e) { return e.second.expires <= now; });
  std::erase_if(asked_, [&](const auto& e) { return e.second <= now; });
  if (now >= next_announce_ || (rooms_changed_ && now >= last_announce_ + config_.room_change_gap)) {
    announce_self(out);
    last_announce_ = now;
    rooms_changed_ = false;
    next_announce_ = now + config_.announce_interval;
  }
  if (now >= next_dial_) {
    dial(now, out);
    next_dial_ = now + config_.dial_interval;
  }
}

}  // namespace wpn::overlay
