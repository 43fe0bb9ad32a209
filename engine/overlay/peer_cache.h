#pragma once
// The peer-cache role (protocol.md §3.5): the hubs it knows (from configuration, or
// reported by a hub in the same process with its free slots) and the 149-byte reply
// every connecting client gets unprompted.

#include <cstddef>
#include <vector>

#include "protocol/bytes.h"
#include "protocol/codecs/cache.h"
#include "protocol/codecs/session.h"
#include "protocol/random_source.h"

namespace wpn::overlay {

class PeerCache {
 public:
  // Adds a hub, or updates the one with the same IP and TCP port.
  void put_hub(const protocol::NodeRecord& record);
  void remove_hub(const protocol::Ip4& ip, std::uint16_t tcp_port);
  const std::vector<protocol::NodeRecord>& hubs() const noexcept { return hubs_; }

  // The hubs with most free secondary slots first (at most 10), padded with zero
  // records. A list whose best hub is full would make RoboMX-style clients move
  // on, so full hubs are still listed but after the others (§3.5).
  protocol::CacheReply reply() const;
  protocol::Bytes reply_bytes(protocol::RandomSource& random) const;

 private:
  std::vector<protocol::NodeRecord> hubs_;
};

}  // namespace wpn::overlay
