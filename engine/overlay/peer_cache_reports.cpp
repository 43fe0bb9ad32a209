// Link peers reported by registered hubs (docs/hub-link.md §6.2): a report is a claim, so
// a hub it names is handed out only after it answered the cache's own check.
#include <algorithm>

#include "overlay/peer_cache.h"

namespace wpn::overlay {

namespace p = protocol;

namespace {

std::uint64_t endpoint_key(const p::HubEndpoint& hub) {
  const auto& ip = hub.hub.ip;
  return (std::uint64_t{ip[0]} << 40) | (std::uint64_t{ip[1]} << 32) | (std::uint64_t{ip[2]} << 24) |
         (std::uint64_t{ip[3]} << 16) | hub.tcp_port;
}

}  // namespace

std::vector<p::HubEndpoint> PeerCache::report_links(const p::NodeHandle& reporter,
                                                    const std::vector<p::HubEndpoint>& reported, Millis now) {
  std::vector<p::HubEndpoint> out;
  auto by_reporter = static_cast<std::size_t>(
      std::count_if(checks_.begin(), checks_.end(), [&](const auto& check) { return check.second == reporter; }));
  for (const auto& hub : reported) {
    if (checks_.size() >= config_.max_checks || by_reporter >= config_.max_checks_per_reporter) break;
    if (hub.link_port == 0 || hub.hub == reporter || !node_record_of(hub).usable()) continue;
    const auto key = endpoint_key(hub);
    if (checks_.contains(key)) continue;
    if (auto it = learned_.find(key); it != learned_.end() && now < it->second.heard + config_.recheck_after) continue;
    const bool configured = std::any_of(hubs_.begin(), hubs_.end(), [&](const p::NodeRecord& r) {
      return r.ip == hub.hub.ip && r.tcp_port == hub.tcp_port;
    });
    if (configured) continue;
    checks_.emplace(key, reporter);
    ++by_reporter;
    out.push_back(hub);
  }
  return out;
}

bool PeerCache::check_done(const p::HubEndpoint& reported, const std::optional<p::HubEndpoint>& hello, Millis now) {
  checks_.erase(endpoint_key(reported));
  if (!hello || hello->hub != reported.hub || hello->tcp_port != reported.tcp_port ||
      hello->link_port != reported.link_port)
    return false;
  // The hub's own figures, not the reporter's.
  learn_hub(node_record_of(*hello), now, hello->link_port);
  return learned_.contains(endpoint_key(reported));
}

}  // namespace wpn::overlay
