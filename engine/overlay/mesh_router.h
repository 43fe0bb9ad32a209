#pragma once
// The hub side of the OpenWPN hub link (docs/hub-link.md) as an events-in / actions-out
// machine: the links of one hub, their Hello and keep-alive, hub announcements and the
// routes learned from them, the flooding of searches with a TTL and a bounded seen set,
// the reverse paths that carry hits back, per-link rate limits, and the choice of hubs
// to dial. What a link message asks of the hub itself (answer a search, act on a routed
// request, hand a frame to a secondary) goes to the MeshHost.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "overlay/link_limits.h"
#include "overlay/overlay_types.h"
#include "protocol/codecs/hub_link.h"
#include "protocol/frame.h"
#include "protocol/random_source.h"

namespace wpn::overlay {

struct LinkRates {
  double searches_per_second = 20;       // Search, SearchStop
  double routed_per_second = 50;         // RoutedRequest, RoutedDelivery, UserNotHere
  double hits_per_second = 500;          // SearchHit
  double room_announces_per_second = 5;  // RoomAnnounce: one per hub a minute, more on link changes
};

struct MeshConfig {
  // Configured hubs: dialled first, and always accepted when they dial us. A UDP port
  // of 0 stands for any hub at that IPv4 (a HOST:PORT setting names no hub id); a link
  // port of 0 makes a neighbour accepted but never dialled.
  std::vector<protocol::HubEndpoint> neighbours;
  std::size_t max_links = 6;
  std::uint8_t search_ttl = 4;
  std::uint8_t announce_ttl = protocol::link::MaxTtl;
  Millis search_lifetime = 60000;
  Millis hello_timeout = 10000;
  Millis keep_alive_interval = 30000;
  Millis link_timeout = 90000;
  Millis announce_interval = 60000;
  Millis room_change_gap = 5000;  // a changed room list goes out this soon, not at the next interval
  Millis route_lifetime = 180000;
  Millis dial_interval = 10000;
  Millis retry_min = 60000;
  Millis retry_max = 600000;
  std::size_t seen_capacity = 4096;
  std::size_t max_known_hubs = 1024;
  // A link's Hello must name the IPv4 the link comes from (or was dialled at).
  bool require_source_match = true;
  // How long a routed request makes deliveries from its target hub welcome.
  Millis asked_lifetime = 600000;
  std::size_t max_asked = 4096;
  // The first HubAnnounce sequence (the wall clock's seconds, from the adapter): a hub that
  // restarts announces above its last run, so other hubs take its news at once.
  std::uint32_t first_sequence = 0;
  // Rooms taken from one hub's RoomAnnounce; the rest are dropped (and traced).
  std::size_t max_rooms_per_hub = 200;
  LinkRates rates;
};

// What the mesh needs from its hub. Each call appends the hub's own actions to `out`.
class MeshHost {
 public:
  virtual ~MeshHost() = default;
  // 0x177A payloads for a search (0x1771 / 0x1772 payload) from another hub.
  virtual std::vector<protocol::Bytes> mesh_search(std::uint16_t wpn_type, protocol::ByteView payload) = 0;
  // One hit for a local search, already carrying the secondary's search id.
  virtual void mesh_hit(ConnId secondary, protocol::Bytes result, std::vector<HubAction>& out) = 0;
  virtual void mesh_request(const protocol::RoutedRequest& request, Millis now, std::vector<HubAction>& out) = 0;
  // False when the frame names another hub than the delivery's sender (refused).
  virtual bool mesh_deliver(const protocol::RoutedDelivery& delivery, std::vector<HubAction>& out) = 0;
  // A request of a local secondary came back undelivered: answer it as a local miss.
  virtual void mesh_bounced(const protocol::UserNotHere& bounce, Millis now, std::vector<HubAction>& out) = 0;
  // The rooms another hub has registered (its latest RoomAnnounce).
  virtual void mesh_rooms(const protocol::RoomAnnounce& /*announce*/, Millis /*now*/) {}
};

struct MeshCounters {
  std::uint64_t rate_limited = 0;
  std::uint64_t duplicate_queries = 0;
  std::uint64_t skipped_frames = 0;
  std::uint64_t hits_dropped = 0;
  std::uint64_t refused = 0;        // forged senders or handles, deliveries nobody asked for
  std::uint64_t rooms_dropped = 0;  // announced rooms over max_rooms_per_hub or without a host
};

class MeshRouter {
 public:
  MeshRouter(MeshConfig config, protocol::HubEndpoint self, protocol::RandomSource& random);

  // A link connection finished its handshake; `dialled` is the hub we dialled, if we did;
  // `peer_ip` is the address the connection comes from (zero: unknown).
  void on_link_up(ConnId conn, std::optional<protocol::NodeHandle> dialled, const protocol::Ip4& peer_ip, Millis now,
                  std::vector<HubAction>& out);
  void on_dial_failed(const protocol::NodeHandle& hub, Millis now);
  void on_link_closed(ConnId conn, Millis now);
  void on_link_frame(ConnId conn, const protocol::Frame& frame, Millis now, MeshHost& host,
                     std::vector<HubAction>& out);
  void on_tick(Millis now, std::vector<HubAction>& out);

  // A local secondary's search: flooded to every link. Returns the query id.
  std::uint32_t start_search(ConnId secondary, std::uint32_t search_id, std::uint16_t wpn_type,
                             protocol::ByteView payload, std::size_t max_results, Millis now,
                             std::vector<HubAction>& out);
  void stop_search(ConnId secondary, std::uint32_t search_id, std::vector<HubAction>& out);
  void forget_secondary(ConnId secondary);
  // Sends toward the request's target hub; false when no link leads there. Deliveries
  // from that hub to the requester are welcome for asked_lifetime afterwards.
  bool route(protocol::RoutedRequest request, Millis now, std::vector<HubAction>& out);
  bool route(protocol::RoutedDelivery delivery, std::vector<HubAction>& out);

  void set_self(const protocol::HubEndpoint& self) { self_ = self; }
  // The rooms registered with this hub, sent in a RoomAnnounce after each of its own
  // HubAnnounces; as many as fit one payload. A room added or gone brings the next
  // announce forward to room_change_gap after the last one.
  void set_rooms(std::vector<protocol::AnnouncedRoom> rooms);
  // A hub heard of outside the mesh (a peer cache): dialled when links are short, and
  // accepted when it dials us.
  void learn(const protocol::HubEndpoint& endpoint);
  bool is_link(ConnId conn) const { return links_.contains(conn); }
  std::size_t links() const noexcept { return links_.size(); }
  std::size_t established_links() const;
  std::vector<protocol::HubEndpoint> known_hubs() const;
  // The hubs of established links, as their Hellos named them (reported to a peer cache).
  std::vector<protocol::HubEndpoint> linked_hubs() const;
  // Hubs with a live route (linked, or announced within route_lifetime): what a peer
  // cache in the same process may hand out.
  std::vector<protocol::HubEndpoint> reachable_hubs() const;
  bool reaches(const protocol::NodeHandle& hub) const;
  const MeshCounters& counters() const noexcept { return counters_; }

 private:
  struct Link {
    ConnId conn = 0;
    std::optional<protocol::NodeHandle> dialled;
    protocol::Ip4 peer_ip{};
    bool hello = false;
    protocol::HubEndpoint peer;
    Millis opened = 0;
    Millis last_heard = 0;
    Millis last_sent = 0;
    TokenBucket searches;
    TokenBucket routed;
    TokenBucket hits;
    TokenBucket room_announces;
  };
  struct KnownHub {
    protocol::HubEndpoint endpoint;
    bool configured = false;
    bool dialling = false;
    Millis next_attempt = 0;
    Millis backoff = 0;
  };
  struct Route {
    ConnId link = 0;
    std::uint8_t hops = 0;  // links between us and the hub
    Millis expires = 0;
    protocol::HubEndpoint endpoint;
    std::uint32_t sequence = 0;  // of the announce it was learned from
  };
  // How far a neighbour is from a hub, as its announces over that link said.
  struct Distance {
    ConnId link = 0;
    std::uint8_t hops = 0;       // between the neighbour and the hub
    std::uint32_t sequence = 0;  // of the announce that said so: a newer one replaces it
    Millis expires = 0;
  };
  struct LocalSearch {
    ConnId secondary = 0;
    std::uint32_t search_id = 0;
    std::size_t results = 0;
    std::size_t max_results = 0;
    Millis expires = 0;
  };
  struct ReversePath {
    ConnId link = 0;
    Millis expires = 0;
  };

  template <class M>
  void send(ConnId link, const M& message, std::vector<HubAction>& out);
  template <class M>
  void flood(ConnId except, const M& message, std::vector<HubAction>& out);
  std::optional<ConnId> link_toward(const protocol::NodeHandle& hub) const;
  bool learn_hub(const protocol::HubEndpoint& endpoint);  // true: a hub new to us
  bool accepts_inbound(const protocol::NodeHandle& hub) const;
  void take_identity(Link& link, const protocol::HubEndpoint& self);
  // False when `hub` is us, or, for a message to us, a hub linked to us directly whose
  // message came over another link.
  bool plausible_sender(const Link& link, const protocol::NodeHandle& hub, const protocol::NodeHandle& target) const;
  bool asked(const std::string& user, const protocol::NodeHandle& hub, Millis now) const;
  bool asked_anyone(const std::string& user, Millis now) const;
  void refuse(ConnId conn, std::uint16_t type, std::string reason, std::vector<HubAction>& out);
  void learn_route(const protocol::HubEndpoint& hub, ConnId link, std::uint8_t hops, std::uint32_t sequence,
                   Millis now);
  void introduce(ConnId link, std::vector<HubAction>& out);
  void note_distance(const protocol::NodeHandle& hub, ConnId link, std::uint8_t hops, std::uint32_t sequence,
                     Millis now);
  // True when the hub behind `link` is known to be no farther from `origin` than we are:
  // it has the query from its own side, so a copy from us would be a duplicate.
  bool has_it_already(ConnId link, const protocol::NodeHandle& origin, Millis now) const;
  void announce_self(std::vector<HubAction>& out);
  void close_link(ConnId conn, std::string reason, Millis now, std::vector<HubAction>& out);

  void hello(Link& link, const protocol::LinkHello& m, Millis now, std::vector<HubAction>& out);
  void announce(Link& link, protocol::HubAnnounce m, Millis now, std::vector<HubAction>& out);
  void room_announce(Link& link, protocol::RoomAnnounce m, Millis now, MeshHost& host, std::vector<HubAction>& out);
  void search(Link& link, protocol::LinkSearch m, Millis now, MeshHost& host, std::vector<HubAction>& out);
  void hit(Link& link, protocol::LinkSearchHit m, Millis now, MeshHost& host, std::vector<HubAction>& out);
  template <class M>
  void routed_answer(Link& link, M m, Millis now, MeshHost& host, std::vector<HubAction>& out);
  void stop(Link& link, protocol::LinkSearchStop m, std::vector<HubAction>& out);
  void request(Link& link, protocol::RoutedRequest m, Millis now, MeshHost& host, std::vector<HubAction>& out);
  template <class M>
  bool forward(M m, std::vector<HubAction>& out);
  void bounce(const protocol::RoutedRequest& m, protocol::NotHereReason reason, ConnId via,
              std::vector<HubAction>& out);
  void dial(Millis now, std::vector<HubAction>& out);

  MeshConfig config_;
  protocol::HubEndpoint self_;
  protocol::RandomSource& random_;
  std::map<ConnId, Link> links_;
  std::map<std::uint64_t, KnownHub> known_;
  std::unordered_map<std::uint64_t, Route> routes_;
  std::unordered_map<std::uint64_t, std::vector<Distance>> distances_;  // by hub
  std::unordered_map<std::uint32_t, LocalSearch> local_searches_;
  std::unordered_map<std::uint64_t, ReversePath> reverse_;
  SeenSet seen_queries_;
  SeenSet stopped_;
  SeenSet seen_announces_;
  SeenSet seen_room_announces_;
  std::vector<protocol::AnnouncedRoom> rooms_;
  std::map<std::pair<std::string, std::uint64_t>, Millis> asked_;  // (requester, target hub) -> until
  std::uint32_t announce_sequence_ = 0;
  Millis next_announce_ = 0;
  Millis last_announce_ = 0;
  bool rooms_changed_ = false;
  Millis next_dial_ = 0;
  MeshCounters counters_;
};

}  // namespace wpn::overlay
