#include "overlay/peer_cache.h"

#include <algorithm>

namespace wpn::overlay {

namespace p = protocol;

namespace {

std::uint64_t record_key(const p::Ip4& ip, std::uint16_t tcp_port) {
  return (std::uint64_t{ip[0]} << 40) | (std::uint64_t{ip[1]} << 32) | (std::uint64_t{ip[2]} << 24) |
         (std::uint64_t{ip[3]} << 16) | tcp_port;
}

}  // namespace

p::NodeRecord node_record_of(const p::HubEndpoint& hub) {
  p::NodeRecord r;
  r.ip = hub.hub.ip;
  r.udp_port = hub.hub.udp_port;
  r.tcp_port = hub.tcp_port;
  r.free_primary = hub.free_primary;
  r.free_secondary = hub.free_secondary;
  return r;
}

void PeerCache::put_hub(const p::NodeRecord& record) {
  if (!record.usable()) return;
  auto it = std::find_if(hubs_.begin(), hubs_.end(),
                         [&](const p::NodeRecord& r) { return r.ip == record.ip && r.tcp_port == record.tcp_port; });
  if (it != hubs_.end()) {
    *it = record;
  } else {
    hubs_.push_back(record);
  }
}

void PeerCache::remove_hub(const p::Ip4& ip, std::uint16_t tcp_port) {
  std::erase_if(hubs_, [&](const p::NodeRecord& r) { return r.ip == ip && r.tcp_port == tcp_port; });
  learned_.erase(record_key(ip, tcp_port));
}

bool PeerCache::register_hub(const p::CacheRegistration& registration, const p::Ip4& source, Millis now) {
  if (config_.require_source_match && registration.hub.hub.ip != source) return false;
  const auto record = node_record_of(registration.hub);
  if (!record.usable()) return false;
  learn_hub(record, now, registration.hub.link_port);
  return learned_.contains(record_key(record.ip, record.tcp_port));
}

void PeerCache::learn_hub(const p::NodeRecord& record, Millis now, std::uint16_t link_port) {
  if (!record.usable()) return;
  const auto key = record_key(record.ip, record.tcp_port);
  auto it = learned_.find(key);
  if (it == learned_.end()) {
    if (learned_.size() >= config_.max_learned) expire(now);
    if (learned_.size() >= config_.max_learned) return;
    it = learned_.emplace(key, Learned{}).first;
  }
  it->second.record = record;
  it->second.record.marker = it->second.record.pad = 0;
  it->second.link_port = link_port;
  it->second.heard = now;
}

void PeerCache::expire(Millis now) {
  std::erase_if(learned_, [&](const auto& entry) { return now >= entry.second.heard + config_.max_age; });
}

std::vector<p::NodeRecord> PeerCache::hubs() const {
  std::vector<p::NodeRecord> out = hubs_;
  for (const auto& entry : learned_) {
    const bool configured = std::any_of(hubs_.begin(), hubs_.end(), [&](const p::NodeRecord& r) {
      return record_key(r.ip, r.tcp_port) == entry.first;
    });
    if (!configured) out.push_back(entry.second.record);
  }
  return out;
}

p::CacheReply PeerCache::reply() const {
  std::vector<p::NodeRecord> sorted = hubs();
  std::stable_sort(sorted.begin(), sorted.end(), [](const p::NodeRecord& a, const p::NodeRecord& b) {
    if (a.free_secondary != b.free_secondary) return a.free_secondary > b.free_secondary;
    return a.free_primary < b.free_primary;
  });
  for (auto& r : sorted) r.marker = r.pad = 0;  // reserved bytes are zero in a cache list (§3.2)
  return p::make_cache_reply(sorted);
}

p::LinkCandidates PeerCache::link_candidates(const p::NodeHandle& asking) const {
  p::LinkCandidates out;
  for (const auto& [key, hub] : learned_) {
    if (hub.link_port == 0 || (hub.record.ip == asking.ip && hub.record.udp_port == asking.udp_port)) continue;
    out.hubs.push_back({{hub.record.ip, hub.record.udp_port},
                        hub.record.tcp_port,
                        hub.link_port,
                        hub.record.free_secondary,
                        hub.record.free_primary});
  }
  std::stable_sort(out.hubs.begin(), out.hubs.end(),
                   [](const p::HubEndpoint& a, const p::HubEndpoint& b) { return a.free_primary > b.free_primary; });
  if (out.hubs.size() > p::MaxLinkCandidates) out.hubs.resize(p::MaxLinkCandidates);
  return out;
}

p::Bytes PeerCache::reply_bytes(p::RandomSource& random) const {
  p::Bytes out;
  p::encode(reply(), random, out);
  return out;
}

}  // namespace wpn::overlay
