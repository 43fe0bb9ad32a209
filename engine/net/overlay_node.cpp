#include "net/overlay_node.h"

#include <Poco/Logger.h>
#include <Poco/Net/IPAddress.h>

#include "net/overlay_host_list_file.h"

namespace wpn::net {

namespace p = protocol;

namespace {
constexpr std::size_t MaxPendingCallbacks = 256;

template <class Map>
void bound(Map& map) {
  if (map.size() > MaxPendingCallbacks) map.erase(map.begin());
}

p::NodeRecord hub_record(const p::Ip4& ip, std::uint16_t port) {
  p::NodeRecord r;
  r.ip = ip;
  r.tcp_port = port;
  r.udp_port = 6257;
  r.free_secondary = 1;  // unknown: listed as available (§3.5 asks for a non-zero count)
  return r;
}
}  // namespace

OverlayNode::OverlayNode(EventLoop& loop, OverlaySettings settings, std::vector<overlay::WsxEntry> hosts)
    : loop_(loop), settings_(std::move(settings)), hosts_(std::move(hosts)), resolver_(loop, settings_.resolve) {}

OverlayNode::~OverlayNode() { stop(); }

bool OverlayNode::start() {
  switch (settings_.role) {
    case OverlayRole::Secondary: {
      SecondaryClientConfig config;
      config.session = settings_.secondary;
      config.caches = endpoints_of(hosts_, overlay::WsxType::WpnCache);
      config.hubs = endpoints_of(hosts_, overlay::WsxType::WpnHub);
      config.bind_ip = settings_.bind_ip;
      config.backoff = settings_.backoff;
      config.resolve = settings_.resolve;
      secondary_ = std::make_unique<SecondaryClient>(loop_, std::move(config), status_source_);
      secondary_->set_event_handler([this](const overlay::SecondaryEvent& e) { dispatch(e); });
      secondary_->start();
      return true;
    }
    case OverlayRole::Hub:
      link_and_register_hub();
      return hub_->start();
    case OverlayRole::Cache:
      cache_ = std::make_unique<CacheServer>(loop_, std::vector<p::NodeRecord>{},
                                             Poco::Net::SocketAddress(settings_.listen_ip, settings_.cache_port));
      if (!cache_->start()) return false;
      for (const auto port : settings_.more_cache_ports) {
        if (!cache_->listen_also(Poco::Net::SocketAddress(settings_.listen_ip, port))) return false;
      }
      list_hubs_in_cache();
      return true;
  }
  return false;
}

// The host list's hubs join the cache's list as their names resolve (dotted ones at once).
void OverlayNode::list_hubs_in_cache() {
  for (const auto& e : endpoints_of(hosts_, overlay::WsxType::WpnHub)) {
    resolver_.resolve(e.host, e.port, [this, host = e.host, port = e.port](ResolveResult address) {
      if (!address) {
        Poco::Logger::get("wpn.net").warning("host list: cannot resolve %s: %s", host, address.error());
        return;
      }
      if (auto ip = ip4_of(*address); ip && cache_) cache_->add_hub(hub_record(*ip, port));
    });
  }
}

// Neighbours given as dotted addresses are configured links (accepted, dialled first);
// named ones become known hubs once resolved. Caches are registered with as they resolve.
void OverlayNode::link_and_register_hub() {
  std::vector<overlay::Endpoint> named;
  if (settings_.hub.mesh) {
    for (const auto& n : settings_.neighbours) {
      Poco::Net::IPAddress address;
      if (Poco::Net::IPAddress::tryParse(n.host, address) && address.family() == Poco::Net::IPAddress::IPv4) {
        const auto ip = ip4_of(Poco::Net::SocketAddress(address, n.port));
        if (ip) settings_.hub.mesh->neighbours.push_back(p::HubEndpoint{{*ip, 0}, 0, n.port, 0, 0});
      } else {
        named.push_back(n);
      }
    }
  }
  hub_ = std::make_unique<HubServer>(loop_, settings_.hub,
                                     Poco::Net::SocketAddress(settings_.listen_ip, settings_.hub_port));
  const auto failed = [](const std::string& host, const std::string& error) {
    Poco::Logger::get("wpn.net").warning("hub: cannot resolve %s: %s", host, error);
  };
  for (const auto& n : named) {
    resolver_.resolve(n.host, n.port, [this, n, failed](ResolveResult address) {
      if (!address) return failed(n.host, address.error());
      if (auto ip = ip4_of(*address); ip && hub_) hub_->learn_hub(p::HubEndpoint{{*ip, 0}, n.port, n.port, 0, 0});
    });
  }
  for (const auto& e : endpoints_of(hosts_, overlay::WsxType::WpnCache)) {
    resolver_.resolve(e.host, e.port, [this, e, failed](ResolveResult address) {
      if (!address) return failed(e.host, address.error());
      if (hub_) hub_->announce_to(*address, settings_.registration_interval);
    });
  }
}

void OverlayNode::stop() {
  resolver_.stop();
  secondary_.reset();
  hub_.reset();
  cache_.reset();
  searches_.clear();
  browses_.clear();
  whois_.clear();
  pms_.clear();
}

OverlayStatus OverlayNode::status() const {
  OverlayStatus s;
  s.role = settings_.role;
  if (secondary_) {
    s.running = true;
    s.logged_in = secondary_->logged_in();
    s.full_name = secondary_->full_name();
    s.parent = secondary_->parent();
  }
  s.skipped_frames = skipped_frames();
  if (hub_) {
    s.running = hub_->running();
    s.port = hub_->port();
    if (const auto* hub = hub_->hub()) {
      s.users = hub->logged_in();
      s.shared_files = hub->shared_files();
      s.free_slots = hub->free_slots();
    }
  }
  if (cache_) {
    s.running = true;
    s.port = cache_->port();
    s.hubs_known = cache_->hubs().size();
  }
  return s;
}

std::uint64_t OverlayNode::skipped_frames() const {
  if (secondary_) return secondary_->skipped_frames();
  if (hub_) return hub_->skipped_frames();
  return 0;
}

std::uint32_t OverlayNode::search(std::string_view words, p::FileType type, SearchHandler on_hit) {
  if (!secondary_) return 0;
  const auto id = secondary_->search(words, type);
  if (id != 0) searches_[id] = std::move(on_hit);
  bound(searches_);
  return id;
}

std::uint32_t OverlayNode::search_hash(const p::ContentHash& hash, SearchHandler on_hit) {
  if (!secondary_) return 0;
  const auto id = secondary_->search_hash(hash);
  if (id != 0) searches_[id] = std::move(on_hit);
  bound(searches_);
  return id;
}

bool OverlayNode::browse(const p::NodeHandle& handle, const std::string& name, BrowseHandler done) {
  if (!secondary_ || !secondary_->browse(handle, name)) return false;
  browses_[name] = {{}, std::move(done)};
  bound(browses_);
  return true;
}

bool OverlayNode::whois(const p::NodeHandle& handle, const std::string& name, WhoisHandler done) {
  if (!secondary_ || !secondary_->whois(handle, name)) return false;
  whois_[name] = std::move(done);
  bound(whois_);
  return true;
}

bool OverlayNode::send_pm(const p::NodeHandle& handle, const std::string& name, std::string_view text, PmHandler done) {
  if (!secondary_ || !secondary_->send_pm(handle, name, text)) return false;
  pms_[name] = std::move(done);
  bound(pms_);
  return true;
}

void OverlayNode::set_shares(std::vector<p::Bytes> payloads) {
  if (secondary_) secondary_->set_shares(std::move(payloads));
}

void OverlayNode::dispatch(const overlay::SecondaryEvent& event) {
  if (auto* hit = std::get_if<overlay::SearchHit>(&event)) {
    if (auto it = searches_.find(hit->result.search_id); it != searches_.end() && it->second) it->second(hit->result);
  } else if (auto* entry = std::get_if<p::BrowseEntry>(&event)) {
    if (auto it = browses_.find(entry->name); it != browses_.end()) it->second.first.push_back(*entry);
  } else if (auto* done = std::get_if<p::BrowseComplete>(&event)) {
    if (auto it = browses_.find(done->name); it != browses_.end()) {
      auto [entries, handler] = std::move(it->second);
      browses_.erase(it);
      if (handler) handler(entries, true);
    }
  } else if (auto* failed = std::get_if<p::BrowseFailed>(&event)) {
    if (auto it = browses_.find(failed->name); it != browses_.end()) {
      auto [entries, handler] = std::move(it->second);
      browses_.erase(it);
      if (handler) handler(entries, false);
    }
  } else if (auto* answer = std::get_if<p::WhoisAnswer>(&event)) {
    if (auto it = whois_.find(answer->name); it != whois_.end()) {
      auto handler = std::move(it->second);
      whois_.erase(it);
      if (handler) handler(*answer);
    }
  } else if (auto* whois_failed = std::get_if<p::WhoisFailed>(&event)) {
    if (auto it = whois_.find(whois_failed->name); it != whois_.end()) {
      auto handler = std::move(it->second);
      whois_.erase(it);
      if (handler) handler(*whois_failed);
    }
  } else if (auto* delivered = std::get_if<p::PmDelivered>(&event)) {
    if (auto it = pms_.find(delivered->name); it != pms_.end()) {
      auto handler = std::move(it->second);
      pms_.erase(it);
      if (handler) handler(*delivered);
    }
  }
  if (on_event_) on_event_(event);
}

}  // namespace wpn::net
