// The links themselves (docs/hub-link.md §1, §4): which hubs are known and let in, link
// up and down, the Hello and its checks, and the choice of hubs to dial.
#include <algorithm>
#include <utility>

#include "overlay/mesh_router.h"

namespace wpn::overlay {

namespace p = protocol;

bool MeshRouter::learn_hub(const p::HubEndpoint& endpoint) {
  if (endpoint.hub == self_.hub || endpoint.tcp_port == 0 || endpoint.link_port == 0) return false;
  auto it = known_.find(hub_key(endpoint.hub));
  if (it != known_.end()) {
    it->second.endpoint = endpoint;
    return false;
  }
  if (known_.size() >= config_.max_known_hubs) return false;
  known_[hub_key(endpoint.hub)].endpoint = endpoint;
  return true;
}

// A hub new to us while links are short is dialled at the next tick, not the next round.
void MeshRouter::learn(const p::HubEndpoint& endpoint) {
  if (learn_hub(endpoint) && links_.size() < config_.max_links) next_dial_ = 0;
}

bool MeshRouter::accepts_inbound(const p::NodeHandle& hub) const {
  if (known_.contains(hub_key(hub)) || known_.contains(hub_key({hub.ip, 0}))) return true;
  return std::any_of(config_.neighbours.begin(), config_.neighbours.end(), [&](const p::HubEndpoint& n) {
    return n.hub.ip == hub.ip && (n.hub.udp_port == 0 || n.hub.udp_port == hub.udp_port);
  });
}

// A neighbour configured by address alone gets its hub id from its Hello.
void MeshRouter::take_identity(Link& link, const p::HubEndpoint& self) {
  if (!link.dialled || link.dialled->udp_port != 0) return;
  if (auto node = known_.extract(hub_key(*link.dialled))) {
    const bool configured = node.mapped().configured;
    node.key() = hub_key(self.hub);
    node.mapped().endpoint = self;
    if (!known_.insert(std::move(node)).inserted) known_.at(hub_key(self.hub)).configured |= configured;
  }
  link.dialled = self.hub;
}

void MeshRouter::on_link_up(ConnId conn, std::optional<p::NodeHandle> dialled, const p::Ip4& peer_ip, Millis now,
                            std::vector<HubAction>& out) {
  if (dialled) {
    if (auto it = known_.find(hub_key(*dialled)); it != known_.end()) it->second.dialling = false;
  }
  if (!dialled && links_.size() >= config_.max_links) {
    out.emplace_back(CloseConnection{conn, "hub link slots full"});
    return;
  }
  Link link;
  link.conn = conn;
  link.dialled = dialled;
  link.peer_ip = peer_ip;
  link.opened = link.last_heard = link.last_sent = now;
  const auto& r = config_.rates;
  link.searches = TokenBucket(r.searches_per_second, 2 * r.searches_per_second);
  link.routed = TokenBucket(r.routed_per_second, 2 * r.routed_per_second);
  link.hits = TokenBucket(r.hits_per_second, 2 * r.hits_per_second);
  link.room_announces = TokenBucket(r.room_announces_per_second, 2 * r.room_announces_per_second);
  links_[conn] = link;
  self_.free_primary =
      static_cast<std::uint8_t>(config_.max_links > links_.size() ? config_.max_links - links_.size() : 0);
  send(conn, p::LinkHello{p::link::Version, self_}, out);
}

std::vector<p::HubEndpoint> MeshRouter::linked_hubs() const {
  std::vector<p::HubEndpoint> out;
  for (const auto& [conn, link] : links_)
    if (link.hello) out.push_back(link.peer);
  return out;
}

void MeshRouter::on_dial_failed(const p::NodeHandle& hub, Millis now) {
  auto it = known_.find(hub_key(hub));
  if (it == known_.end()) return;
  auto& known = it->second;
  known.dialling = false;
  known.backoff = known.backoff == 0 ? config_.retry_min : std::min(known.backoff * 2, config_.retry_max);
  known.next_attempt = now + known.backoff;
}

void MeshRouter::on_link_closed(ConnId conn, Millis now) {
  auto it = links_.find(conn);
  if (it == links_.end()) return;
  const Link link = it->second;
  links_.erase(it);
  std::erase_if(routes_, [&](const auto& entry) { return entry.second.link == conn; });
  for (auto& [key, seen] : distances_) std::erase_if(seen, [&](const Distance& d) { return d.link == conn; });
  std::erase_if(reverse_, [&](const auto& entry) { return entry.second.link == conn; });
  std::optional<p::NodeHandle> peer = link.dialled;
  if (link.hello) peer = link.peer.hub;
  if (peer) {
    if (auto known = known_.find(hub_key(*peer)); known != known_.end() && !known->second.dialling) {
      known->second.next_attempt = now + config_.retry_min;
    }
  }
}

void MeshRouter::close_link(ConnId conn, std::string reason, Millis now, std::vector<HubAction>& out) {
  out.emplace_back(CloseConnection{conn, std::move(reason)});
  on_link_closed(conn, now);
}

void MeshRouter::hello(Link& link, const p::LinkHello& m, Millis now, std::vector<HubAction>& out) {
  const ConnId conn = link.conn;
  if (link.hello) return;
  if (m.version != p::link::Version) return close_link(conn, "hub link version", now, out);
  if (m.self.hub == self_.hub) return close_link(conn, "hub link to itself", now, out);
  if (link.dialled && (m.self.hub.ip != link.dialled->ip ||
                       (link.dialled->udp_port != 0 && m.self.hub.udp_port != link.dialled->udp_port)))
    return close_link(conn, "hub link answered as another hub than the one dialled", now, out);
  if (config_.require_source_match && link.peer_ip != p::Ip4{} && m.self.hub.ip != link.peer_ip)
    return close_link(conn, "hub link hello names another address than the link's", now, out);
  if (!link.dialled && !accepts_inbound(m.self.hub))
    return close_link(conn, "hub link from a hub neither configured nor learned", now, out);
  take_identity(link, m.self);
  for (auto& [other_conn, other] : links_) {
    if (other_conn == conn || !other.hello || other.peer.hub != m.self.hub) continue;
    // A hub id belongs to the address of its first live link; another address claiming it
    // is an impostor (or that hub moved: it links again once the old link is gone).
    if (other.peer_ip != link.peer_ip || other.peer_ip == p::Ip4{})
      return close_link(conn, "hub link claims a hub id already linked from another address", now, out);
    // Two links to one hub: both ends keep the one the lower hub id dialled.
    const bool we_lead = hub_key(self_.hub) < hub_key(m.self.hub);
    const auto preferred = [&](const Link& l) { return l.dialled.has_value() == we_lead; };
    if (preferred(link) && !preferred(other)) {
      close_link(other_conn, "duplicate hub link", now, out);
      break;
    }
    return close_link(conn, "duplicate hub link", now, out);
  }
  auto& current = links_.at(conn);
  current.hello = true;
  current.peer = m.self;
  learn_hub(m.self);
  if (auto known = known_.find(hub_key(m.self.hub)); known != known_.end()) known->second.backoff = 0;
  learn_route(m.self, conn, 1, 0, now);
  note_distance(m.self.hub, conn, 0, 0, now);
  introduce(conn, out);
  announce_self(out);
}

// Every configured neighbour we are not linked to is dialled at once (they come first);
// a learned hub only one per round, and only while links are short.
void MeshRouter::dial(Millis now, std::vector<HubAction>& out) {
  const auto dialling = static_cast<std::size_t>(
      std::count_if(known_.begin(), known_.end(), [](const auto& k) { return k.second.dialling; }));
  if (links_.size() + dialling >= config_.max_links) return;
  std::size_t budget = config_.max_links - links_.size() - dialling;
  const auto linked = [&](const p::NodeHandle& hub) {
    return std::any_of(links_.begin(), links_.end(), [&](const auto& l) {
      return (l.second.hello && l.second.peer.hub == hub) || (l.second.dialled && *l.second.dialled == hub);
    });
  };
  const auto eligible = [&](const KnownHub& hub) {
    return !hub.dialling && hub.next_attempt <= now && hub.endpoint.link_port != 0 && !linked(hub.endpoint.hub);
  };
  KnownHub* learned = nullptr;
  bool any_configured = false;
  for (auto& [key, hub] : known_) {
    if (!eligible(hub)) continue;
    if (!hub.configured) {
      if (learned == nullptr) learned = &hub;
      continue;
    }
    if (budget == 0) return;
    any_configured = true;
    hub.dialling = true;
    --budget;
    out.emplace_back(DialHub{hub.endpoint});
  }
  if (any_configured || learned == nullptr || budget == 0) return;
  learned->dialling = true;
  out.emplace_back(DialHub{learned->endpoint});
}

}  // namespace wpn::overlay
