#pragma once
// The primary hub role (protocol.md §11) as an events-in / actions-out object: the
// socket adapter reports accepted connections, decoded frames, closes and clock ticks,
// and carries out the SendFrame / CloseConnection values it gets back. The hub serves
// only its own secondaries (§11.5 recommendation, §13 #1) and never connects anywhere.
//
// With a MeshConfig the hub also links to other OpenWPN hubs (docs/hub-link.md,
// MeshRouter): searches flood the mesh, and frames addressed to a user on another hub
// travel there as routed requests. There the requester is a proxy user (remote, with its
// own hub as home) whose outgoing frames become routed deliveries (hub_mesh.cpp).
//
// Per secondary it keeps the §11.2 state; shares go into HubIndex. Requests from one
// secondary about another (search, browse, whois, PM, the 0x1Fxx family) are answered
// or relayed here. A frame of a known type that does not decode is skipped and traced
// (TraceSkippedFrame) and the connection stays (skipped_frame.h); unknown types are
// ignored (§12 rule 4). Only a garbled stream (SyncWatch) or a timeout closes one.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "overlay/hub_index.h"
#include "overlay/hub_rooms.h"
#include "overlay/mesh_router.h"
#include "overlay/overlay_types.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/private_message.h"
#include "protocol/codecs/search.h"
#include "protocol/codecs/session.h"
#include "protocol/frame.h"
#include "protocol/random_source.h"
#include "protocol/wire_options.h"

namespace wpn::overlay {

struct HubConfig {
  protocol::Ip4 ip{127, 0, 0, 1};  // advertised address: forms the users' handle (§7.2)
  std::uint16_t udp_port = 6257;   // advertised only; we run no primary UDP
  std::uint16_t tcp_port = 6699;
  std::size_t max_secondaries = 20;
  std::size_t max_files_per_user = 20000;
  std::size_t max_search_results = 100;
  std::size_t browse_cap = 3000;                 // filesharing.md §6.4 cap for a secondary
  std::vector<protocol::NodeRecord> other_hubs;  // records 1..7 of 0x03A1
  Millis node_list_interval = 60000;
  Millis fail_over_debounce = 5000;  // least time between lists sent because mesh hubs changed
  Millis login_timeout = 30000;
  Millis idle_timeout = 300000;
  Millis transfer_timeout = 60000;
  protocol::WireOptions wire = protocol::default_wire_options();
  std::uint16_t link_port = 0;  // advertised hub-link port
  // Bound to every interface: `ip` is only a default until the hub learns the address it
  // is seen at (its first registration with a cache or its first accepted hub link).
  bool adopt_ip = false;
  std::optional<MeshConfig> mesh;  // links to other hubs; none: a hub on its own
};

// What the hub tells its owner about one secondary.
struct HubUserInfo {
  ConnId conn = 0;
  std::string full_name;
  protocol::Ip4 ip{};
  std::uint16_t data_port = 0;
  protocol::LineType line_type = protocol::LineType::Unknown;
  std::string status;
  std::size_t files = 0;
  std::uint64_t skipped_frames = 0;
};

class Hub : private MeshHost {
 public:
  Hub(HubConfig config, protocol::RandomSource& random);

  std::vector<HubAction> on_accepted(ConnId conn, const protocol::Ip4& peer_ip, Millis now);
  std::vector<HubAction> on_frame(ConnId conn, const protocol::Frame& frame, Millis now);
  std::vector<HubAction> on_closed(ConnId conn);
  // Node lists, login and idle timeouts, transfer relay timeouts, the mesh's timers.
  std::vector<HubAction> on_tick(Millis now);
  // A hub link finished its handshake (on_frame and on_closed then serve it too);
  // `dialled` is the hub of a DialHub this adapter carried out.
  // `peer_ip`: the address the link comes from (its Hello must name it).
  // `local_ip`: our end's address (the one the peer sees; zero: unknown).
  std::vector<HubAction> on_link_up(ConnId conn, std::optional<protocol::NodeHandle> dialled,
                                    const protocol::Ip4& peer_ip, Millis now, const protocol::Ip4& local_ip = {});
  // With adopt_ip, the first call fixes the hub's address (returns it either way).
  protocol::Ip4 adopt_ip(const protocol::Ip4& seen);
  bool ip_fixed() const noexcept { return !config_.adopt_ip || ip_fixed_; }
  void on_dial_failed(const protocol::NodeHandle& hub, Millis now);
  // A hub heard of outside the mesh (a peer cache's list): a link candidate.
  void learn_hub(const protocol::HubEndpoint& hub);
  const MeshRouter* mesh() const noexcept { return mesh_ ? &*mesh_ : nullptr; }
  protocol::HubEndpoint endpoint() const;
  // What this hub sends a peer cache every minute (docs/hub-link.md §6).
  protocol::CacheRegistration registration() const { return {1, endpoint()}; }

  protocol::NodeHandle handle() const { return {config_.ip, config_.udp_port}; }
  protocol::NodeRecord self_record() const;
  std::size_t connections() const noexcept { return users_.size(); }
  std::size_t logged_in() const noexcept { return by_name_.size(); }
  std::size_t free_slots() const noexcept;
  std::size_t shared_files() const noexcept { return index_.live_files(); }
  std::optional<HubUserInfo> user(std::string_view full_name) const;
  std::vector<HubUserInfo> users() const;
  const HubIndex& index() const noexcept { return index_; }
  // Frames skipped (not decodable) over all connections since the hub started.
  std::uint64_t skipped_frames() const noexcept { return skipped_total_; }
  // Rooms registered with this hub, answered to 0x238D (hub_rooms.h).
  HubRooms& rooms() noexcept { return rooms_; }
  const HubConfig& config() const noexcept { return config_; }

 private:
  struct User {
    ConnId conn = 0;
    UserSlot slot = 0;
    protocol::Ip4 ip{};
    bool logged_in = false;
    std::string full_name;
    std::uint16_t client_id = 0;
    protocol::LineType line_type = protocol::LineType::Unknown;
    std::uint16_t data_port = 0;
    Millis connected_at = 0;
    Millis login_at = 0;
    Millis last_heard = 0;
    Millis next_node_list = 0;
    std::string status;
    SyncWatch sync;
    std::uint64_t skipped = 0;
    protocol::NodeHandle home;  // the hub in this user's handle: ours, or a proxy's own hub
    bool remote = false;        // a proxy for a requester on another hub
  };
  struct PendingPm {
    ConnId sender = 0;
    std::string target;
  };
  struct PendingTransfer {
    ConnId requester = 0;
    std::string holder;
    std::string path;
    Millis deadline = 0;
  };

  class Out;
  void handle(User& user, const protocol::Frame& frame, Millis now, Out& out);
  void login(User& user, const protocol::Frame& frame, Millis now, Out& out);
  void shares(User& user, const protocol::Frame& frame, Out& out);
  void search(User& user, const protocol::Frame& frame, Millis now, Out& out);
  void stop_search(User& user, const protocol::Frame& frame, Out& out);
  std::vector<protocol::SearchResult> local_results(const protocol::SearchMessage& message,
                                                    std::optional<UserSlot> exclude) const;
  void browse(User& user, const protocol::Frame& frame, Out& out);
  void whois(User& user, const protocol::Frame& frame, Millis now, Out& out);
  void private_message(User& user, const protocol::Frame& frame, Out& out);
  void transfer_request(User& user, const protocol::Frame& frame, Millis now, Out& out);
  void send_node_list(User& user, Millis now, Out& out);
  void drop(ConnId conn, std::string reason, Out& out);
  void skip(User& user, const protocol::Frame& frame, protocol::DecodeError error, Out& out);

  User* local_user(const protocol::NodeHandle& handle, std::string_view name);
  User* proxy_of(const protocol::NodeHandle& home, std::string_view name);
  bool connected(ConnId conn) const { return users_.contains(conn) || proxies_.contains(conn); }
  void forget_requests_of(ConnId conn);

  // hub_mesh.cpp: routing to other hubs and acting for their users.
  bool route(User& user, const protocol::Frame& frame, const protocol::NodeHandle& target, Out& out);
  std::vector<HubAction> finish(Out& out);
  void add_mesh_hubs(std::vector<protocol::NodeRecord>& records) const;  // 0x03A1 fail-over records
  void refresh_fail_over(Millis now, Out& out);
  void expire_proxies(Millis now);
  std::vector<protocol::Bytes> mesh_search(std::uint16_t wpn_type, protocol::ByteView payload) override;
  void mesh_hit(ConnId secondary, protocol::Bytes result, std::vector<HubAction>& out) override;
  void mesh_request(const protocol::RoutedRequest& request, Millis now, std::vector<HubAction>& out) override;
  bool mesh_deliver(const protocol::RoutedDelivery& delivery, std::vector<HubAction>& out) override;
  void mesh_bounced(const protocol::UserNotHere& bounce, Millis now, std::vector<HubAction>& out) override;
  void mesh_rooms(const protocol::RoomAnnounce& announce, Millis now) override;
  User* by_name(std::string_view name);
  std::uint16_t fresh_client_id();

  HubConfig config_;
  protocol::RandomSource& random_;
  HubIndex index_;
  std::unordered_map<ConnId, User> users_;
  std::unordered_map<std::string, ConnId> by_name_;
  std::unordered_map<std::uint16_t, ConnId> by_client_id_;
  std::unordered_map<UserSlot, ConnId> by_slot_;
  std::map<protocol::PmMessageId, PendingPm> pending_pms_;
  std::vector<PendingTransfer> pending_transfers_;
  std::optional<MeshRouter> mesh_;
  HubRooms rooms_;
  std::unordered_map<ConnId, User> proxies_;  // ids with ProxyConnBit set
  std::map<std::pair<std::uint64_t, std::string>, ConnId> proxy_by_user_;
  ConnId next_proxy_ = 0;
  std::vector<std::pair<protocol::Ip4, std::uint16_t>> fail_over_sent_;  // mesh hubs in the last lists
  std::optional<Millis> fail_over_sent_at_;
  bool ip_fixed_ = false;            // adopt_ip: the address has been learned
  bool routing_suppressed_ = false;  // while a bounced request is answered as a local miss
  Millis now_ = 0;
  UserSlot next_slot_ = 1;
  std::uint32_t pm_counter_ = 0;
  std::uint64_t skipped_total_ = 0;
};

}  // namespace wpn::overlay
