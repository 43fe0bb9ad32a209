#pragma once
// The peer-cache role (protocol.md §3.5): the hubs it knows and the 149-byte reply every
// connecting client gets unprompted. Hubs come from configuration or a hub in the same
// process (put_hub: kept until removed), or are learned live: from the "OWR1"
// registrations hubs send every minute (docs/hub-link.md §6) or from a linked hub's
// announcements (learn_hub), or reported by a registered hub as one of its link peers
// (report_links: listed only once the hub itself answered the cache's check, §6.2). A
// learned hub that stops reporting is aged out.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "overlay/overlay_types.h"
#include "protocol/bytes.h"
#include "protocol/codecs/cache.h"
#include "protocol/codecs/hub_link.h"
#include "protocol/codecs/session.h"
#include "protocol/random_source.h"

namespace wpn::overlay {

struct PeerCacheConfig {
  Millis max_age = 180000;           // three missed one-minute reports
  bool require_source_match = true;  // a registration must come from the hub's own IPv4
  std::size_t max_learned = 1024;
  // Checks of reported link peers (docs/hub-link.md §6.2): at most this many at once, and
  // from one reporter's reports; a hub heard from within recheck_after is not checked again.
  std::size_t max_checks = 8;
  std::size_t max_checks_per_reporter = 4;
  Millis recheck_after = 50000;
};

class PeerCache {
 public:
  explicit PeerCache(PeerCacheConfig config = {}) : config_(config) {}

  // Adds a configured hub, or updates the one with the same IP and TCP port.
  void put_hub(const protocol::NodeRecord& record);
  void remove_hub(const protocol::Ip4& ip, std::uint16_t tcp_port);
  // A registration received from `source`; false when refused (forged source, unusable).
  bool register_hub(const protocol::CacheRegistration& registration, const protocol::Ip4& source, Millis now);
  // A hub heard of through a hub link or a registration; aged like a registration. Its
  // link port (0: none) makes it a link candidate for other hubs.
  void learn_hub(const protocol::NodeRecord& record, Millis now, std::uint16_t link_port = 0);
  // The link peers a registered hub (`reporter`) reports: those to check now (dial their
  // link port and read their Hello, §6.2). Each returned hub is pending until check_done.
  std::vector<protocol::HubEndpoint> report_links(const protocol::NodeHandle& reporter,
                                                  const std::vector<protocol::HubEndpoint>& reported, Millis now);
  // The end of a check: `hello` is what the hub greeted with (nullopt: no hub answered).
  // True when it names the reported hub, which is then learned (aged like a registration).
  bool check_done(const protocol::HubEndpoint& reported, const std::optional<protocol::HubEndpoint>& hello, Millis now);
  std::size_t checks_pending() const noexcept { return checks_.size(); }
  // Forgets learned hubs not heard from within max_age.
  void expire(Millis now);

  // Configured hubs, then learned ones not also configured.
  std::vector<protocol::NodeRecord> hubs() const;

  // The 10 best hubs in the order of protocol.md §3.3 (most free secondary slots first,
  // ties by fewer free primary slots), padded with zero records. Full hubs are still
  // listed after the others; a list whose best hub is full makes clients move on (§3.5).
  protocol::CacheReply reply() const;
  protocol::Bytes reply_bytes(protocol::RandomSource& random) const;
  // Live hubs that take hub links, for the hub `asking` (never listed itself): the most
  // free link slots first, at most protocol::MaxLinkCandidates (docs/hub-link.md §6.1).
  protocol::LinkCandidates link_candidates(const protocol::NodeHandle& asking) const;

 private:
  struct Learned {
    protocol::NodeRecord record;
    std::uint16_t link_port = 0;
    Millis heard = 0;
  };

  PeerCacheConfig config_;
  std::vector<protocol::NodeRecord> hubs_;
  std::map<std::uint64_t, protocol::NodeHandle> checks_;  // hub being checked -> its reporter
  std::map<std::uint64_t, Learned> learned_;              // by IPv4 and TCP port
};

// The NodeRecord a cache hands out for a hub link endpoint.
protocol::NodeRecord node_record_of(const protocol::HubEndpoint& hub);

}  // namespace wpn::overlay
