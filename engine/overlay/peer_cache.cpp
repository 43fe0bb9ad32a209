#include "overlay/peer_cache.h"

#include <algorithm>

namespace wpn::overlay {

namespace p = protocol;

void PeerCache::put_hub(const p::NodeRecord& record) {
  if (!record.usable()) return;
  auto it = std::find_if(hubs_.begin(), hubs_.end(), [&](const p::NodeRecord& r) {
    return r.ip == record.ip && r.tcp_port == record.tcp_port;
  });
  if (it != hubs_.end()) {
    *it = record;
  } else {
    hubs_.push_back(record);
  }
}

void PeerCache::remove_hub(const p::Ip4& ip, std::uint16_t tcp_port) {
  std::erase_if(hubs_, [&](const p::NodeRecord& r) { return r.ip == ip && r.tcp_port == tcp_port; });
}

p::CacheReply PeerCache::reply() const {
  std::vector<p::NodeRecord> sorted = hubs_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const p::NodeRecord& a, const p::NodeRecord& b) {
    return a.free_secondary > b.free_secondary;
  });
  for (auto& r : sorted) r.marker = r.pad = 0;  // reserved bytes are zero in a cache list (§3.2)
  return p::make_cache_reply(sorted);
}

p::Bytes PeerCache::reply_bytes(p::RandomSource& random) const {
  p::Bytes out;
  p::encode(reply(), random, out);
  return out;
}

}  // namespace wpn::overlay
