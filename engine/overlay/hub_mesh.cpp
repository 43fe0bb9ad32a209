// Hub's side of the mesh (docs/hub-link.md §3): routing a secondary's user-addressed
// frames to other hubs, acting for remote requesters through proxy users, and turning
// everything a proxy is sent into routed deliveries to its own hub.
#include <algorithm>
#include <utility>

#include "overlay/hub.h"
#include "overlay/hub_out.h"
#include "protocol/message_types.h"

namespace wpn::overlay {

namespace p = protocol;

namespace {

constexpr ConnId ProxyConnBit = ConnId{1} << 63;
constexpr std::size_t MaxProxies = 4096;

bool is_proxy(ConnId conn) { return (conn & ProxyConnBit) != 0; }

// What another hub may ask us to do for one of its users (and what a bounce may carry).
bool routable(std::uint16_t type) {
  switch (type) {
    case p::msg::BrowseRequest:
    case p::msg::WhoisRequest:
    case p::msg::PmSend:
    case p::msg::DownloadRequest:
    case p::msg::PushRequest:
    case p::msg::UploadRefused:
    case p::msg::UploadQueued:
    case p::msg::UploadReady:
      return true;
    default:
      return false;
  }
}

// What another hub may hand to one of our secondaries: answers to what it asked.
bool deliverable(std::uint16_t type) {
  switch (type) {
    case p::msg::BrowseEntry:
    case p::msg::BrowseComplete:
    case p::msg::BrowseFailed:
    case p::msg::WhoisAnswer:
    case p::msg::WhoisFailed:
    case p::msg::PmDelivered:
    case p::msg::DownloadFailed:
    case p::msg::UploadWithdrawn:
    case p::msg::DownloadStart:
    case p::msg::DownloadQueued:
      return true;
    default:
      return false;
  }
}

// The hub in the handle an answer names (the answering user's): it must be the hub the
// answer comes from. None for answers that carry no handle first.
std::optional<p::NodeHandle> answered_hub(std::uint16_t type, p::ByteView payload) {
  switch (type) {
    case p::msg::BrowseEntry:
    case p::msg::BrowseComplete:
    case p::msg::BrowseFailed:
    case p::msg::WhoisAnswer:
    case p::msg::PmDelivered: {
      p::ByteReader reader(payload);
      auto handle = p::read_handle(reader);
      return handle ? *handle : p::NodeHandle{};  // unreadable: names no hub, so never the sender
    }
    default:
      return std::nullopt;
  }
}

// The connection an action is for (0 for none).
ConnId conn_of(const HubAction& action) {
  return std::visit(
      [](const auto& x) -> ConnId {
        if constexpr (requires { x.conn; }) {
          return x.conn;
        } else {
          return 0;
        }
      },
      action);
}

void append(std::vector<HubAction>& out, std::vector<HubAction>&& more) {
  out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

}  // namespace

std::vector<HubAction> Hub::on_link_up(ConnId conn, std::optional<p::NodeHandle> dialled, const p::Ip4& peer_ip,
                                       Millis now, const p::Ip4& local_ip) {
  Out out(config_.wire);
  now_ = now;
  if (!mesh_) {
    out.close(conn, "hub links are not enabled");
    return std::move(out.actions);
  }
  // The address a hub dialled us at is the one it knows us by. Until we know ours, a link
  // we dial greets with its own source address (what the peer checks), without fixing it.
  if (!ip_fixed() && local_ip != p::Ip4{} && !dialled) adopt_ip(local_ip);
  auto greeting = endpoint();
  if (!ip_fixed() && local_ip != p::Ip4{}) greeting.hub.ip = local_ip;
  mesh_->set_self(greeting);
  mesh_->on_link_up(conn, dialled, peer_ip, now, out.actions);
  mesh_->set_self(endpoint());
  return finish(out);
}

p::Ip4 Hub::adopt_ip(const p::Ip4& seen) {
  if (!ip_fixed() && seen != p::Ip4{}) {
    config_.ip = seen;
    ip_fixed_ = true;
    if (mesh_) mesh_->set_self(endpoint());
  }
  return config_.ip;
}

void Hub::on_dial_failed(const p::NodeHandle& hub, Millis now) {
  if (mesh_) mesh_->on_dial_failed(hub, now);
}

void Hub::learn_hub(const p::HubEndpoint& hub) {
  if (mesh_) mesh_->learn(hub);
}

// Hubs the mesh reaches follow the configured ones, up to the 8 records of one 0x03A1:
// a secondary whose hub dies has somewhere else to go.
void Hub::add_mesh_hubs(std::vector<p::NodeRecord>& records) const {
  constexpr std::size_t MaxRecords = 8;
  if (!mesh_) return;
  for (const auto& hub : mesh_->reachable_hubs()) {
    if (records.size() >= MaxRecords) return;
    const bool listed = std::any_of(records.begin(), records.end(), [&](const p::NodeRecord& r) {
      return r.ip == hub.hub.ip && r.tcp_port == hub.tcp_port;
    });
    if (listed || hub.tcp_port == 0) continue;
    p::NodeRecord r;
    r.ip = hub.hub.ip;
    r.udp_port = hub.hub.udp_port;
    r.tcp_port = hub.tcp_port;
    r.free_primary = hub.free_primary;
    r.free_secondary = hub.free_secondary;
    records.push_back(r);
  }
}

// When the hubs the mesh reaches change, every secondary gets a fresh 0x03A1 at once
// rather than at its next periodic one, at most once per debounce interval.
void Hub::refresh_fail_over(Millis now, Out& out) {
  std::vector<std::pair<p::Ip4, std::uint16_t>> hubs;
  for (const auto& hub : mesh_->reachable_hubs()) {
    if (hub.tcp_port != 0) hubs.emplace_back(hub.hub.ip, hub.tcp_port);
  }
  std::sort(hubs.begin(), hubs.end());
  hubs.erase(std::unique(hubs.begin(), hubs.end()), hubs.end());
  if (hubs == fail_over_sent_) return;
  if (fail_over_sent_at_ && now < *fail_over_sent_at_ + config_.fail_over_debounce) return;
  fail_over_sent_ = std::move(hubs);
  fail_over_sent_at_ = now;
  for (auto& [conn, user] : users_) {
    if (user.logged_in) send_node_list(user, now, out);
  }
}

Hub::User* Hub::proxy_of(const p::NodeHandle& home, std::string_view name) {
  auto it = proxy_by_user_.find({hub_key(home), std::string(name)});
  if (it == proxy_by_user_.end()) return nullptr;
  auto proxy = proxies_.find(it->second);
  return proxy == proxies_.end() ? nullptr : &proxy->second;
}

bool Hub::route(User& user, const p::Frame& frame, const p::NodeHandle& target, Out& out) {
  // A proxy's own requests are answered here: routing them on could bounce between hubs.
  if (!mesh_ || user.remote || routing_suppressed_ || target == handle()) return false;
  if (frame.payload.size() + user.full_name.size() + 64 > p::link::MaxPayload) return false;
  p::RoutedRequest request{target,         handle(),       0,          user.ip,      user.data_port,
                           user.line_type, user.full_name, frame.type, frame.payload};
  return mesh_->route(std::move(request), now_, out.actions);
}

std::vector<HubAction> Hub::finish(Out& out) {
  const bool any_proxy =
      std::any_of(out.actions.begin(), out.actions.end(), [](const HubAction& a) { return is_proxy(conn_of(a)); });
  if (!any_proxy) return std::move(out.actions);
  std::vector<HubAction> result;
  for (auto& action : out.actions) {
    auto* send = std::get_if<SendFrame>(&action);
    if (send != nullptr && is_proxy(send->conn)) {
      auto proxy = proxies_.find(send->conn);
      if (proxy != proxies_.end() && mesh_) {
        mesh_->route(p::RoutedDelivery{proxy->second.home, handle(), 0, proxy->second.full_name, send->type,
                                       std::move(send->payload)},
                     result);
      }
      continue;
    }
    if (!is_proxy(conn_of(action))) result.push_back(std::move(action));  // a proxy has no socket to close or trace
  }
  return result;
}

void Hub::expire_proxies(Millis now) {
  for (auto it = proxies_.begin(); it != proxies_.end();) {
    if (now < it->second.last_heard + config_.idle_timeout) {
      ++it;
      continue;
    }
    forget_requests_of(it->first);
    proxy_by_user_.erase({hub_key(it->second.home), it->second.full_name});
    it = proxies_.erase(it);
  }
}

std::vector<p::Bytes> Hub::mesh_search(std::uint16_t wpn_type, p::ByteView payload) {
  auto message = p::decode_search_message(wpn_type, payload);
  if (!message) return {};
  std::vector<p::Bytes> out;
  for (const auto& r : local_results(*message, std::nullopt)) p::encode(r, out.emplace_back(), config_.wire);
  return out;
}

void Hub::mesh_hit(ConnId secondary, p::Bytes result, std::vector<HubAction>& out) {
  if (users_.contains(secondary)) out.emplace_back(SendFrame{secondary, p::msg::SearchResult, std::move(result)});
}

void Hub::mesh_request(const p::RoutedRequest& request, Millis now, std::vector<HubAction>& out) {
  if (!routable(request.wpn_type) || request.requester.empty() || request.origin == handle()) return;
  User* proxy = proxy_of(request.origin, request.requester);
  if (proxy == nullptr) {
    if (proxies_.size() >= MaxProxies) expire_proxies(now + config_.idle_timeout);  // flood: start afresh
    User user;
    user.conn = ProxyConnBit | ++next_proxy_;
    user.slot = next_slot_++;
    user.logged_in = true;
    user.full_name = request.requester;
    user.connected_at = user.login_at = now;
    user.home = request.origin;
    user.remote = true;
    proxy_by_user_[{hub_key(request.origin), request.requester}] = user.conn;
    proxy = &proxies_.emplace(user.conn, std::move(user)).first->second;
  }
  proxy->ip = request.requester_ip;
  proxy->data_port = request.requester_data_port;
  proxy->line_type = request.requester_line_type;
  proxy->last_heard = now;
  Out local(config_.wire);
  handle(*proxy, p::Frame{request.wpn_type, request.wpn_payload}, now, local);
  append(out, std::move(local.actions));
}

bool Hub::mesh_deliver(const p::RoutedDelivery& delivery, std::vector<HubAction>& out) {
  if (!deliverable(delivery.wpn_type)) return true;  // not ours to hand on; nothing forged
  if (const auto named = answered_hub(delivery.wpn_type, delivery.wpn_payload); named && *named != delivery.sender)
    return false;
  if (const User* user = by_name(delivery.user)) {
    out.emplace_back(SendFrame{user->conn, delivery.wpn_type, delivery.wpn_payload});
  }
  return true;
}

void Hub::mesh_bounced(const p::UserNotHere& bounce, Millis now, std::vector<HubAction>& out) {
  if (!routable(bounce.wpn_type)) return;
  User* user = by_name(bounce.requester);
  if (user == nullptr) return;
  Out local(config_.wire);
  routing_suppressed_ = true;
  handle(*user, p::Frame{bounce.wpn_type, bounce.wpn_payload}, now, local);
  routing_suppressed_ = false;
  append(out, std::move(local.actions));
}

void Hub::mesh_rooms(const p::RoomAnnounce& announce, Millis now) {
  rooms_.replace_announced(announce.hub, announce.rooms, now);
}

}  // namespace wpn::overlay
