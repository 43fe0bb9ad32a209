#pragma once
// Where a secondary connects next (protocol.md §3.3, §10): first the stored 0x03A1
// list of the last parent, then the configured hubs, then the configured peer caches;
// a cache's reply puts its ranked hubs at the front. When a round finds nobody, the
// owner waits backoff_delay() and starts the next round. The default host list is
// empty: only addresses the owner added are ever tried.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "overlay/overlay_types.h"
#include "protocol/codecs/session.h"

namespace wpn::overlay {

struct Endpoint {
  std::string host;  // dotted IPv4 or a DNS name
  std::uint16_t port = 0;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

using protocol::ip4_text;  // the overlay's callers name it here too
Endpoint endpoint_of(const protocol::NodeRecord& record);

// Exponential backoff: initial, doubled per failed round, capped.
struct BackoffPolicy {
  Millis initial = 1000;
  Millis max = 60000;

  Millis delay(std::size_t failed_rounds) const noexcept;
};

struct BootstrapTarget {
  enum class Kind { Cache, Hub };
  Kind kind = Kind::Hub;
  Endpoint endpoint;
  std::optional<protocol::NodeRecord> record;  // for hubs learnt from a list
};

class BootstrapPlanner {
 public:
  BootstrapPlanner(std::vector<Endpoint> caches, std::vector<Endpoint> hubs, BackoffPolicy backoff = {});

  // The next place to try in this round; nullopt when the round is over.
  std::optional<BootstrapTarget> next();
  // A peer cache answered: its hubs in §3.3 order go first. False when the list
  // is unusable (no record with a free secondary slot).
  bool on_cache_reply(std::span<const protocol::NodeRecord> records);
  // The parent's latest 0x03A1, tried first after a disconnect.
  void remember_node_list(std::span<const protocol::NodeRecord> records);
  void on_logged_in() noexcept { failed_rounds_ = 0; }
  // Begins a new round; returns the delay to wait before trying it.
  Millis start_round();

  bool empty() const noexcept { return caches_.empty() && hubs_.empty() && stored_.empty(); }
  std::size_t failed_rounds() const noexcept { return failed_rounds_; }

 private:
  std::vector<Endpoint> caches_;
  std::vector<Endpoint> hubs_;
  std::vector<protocol::NodeRecord> stored_;
  BackoffPolicy backoff_;
  std::deque<BootstrapTarget> queue_;
  std::size_t failed_rounds_ = 0;
  bool started_ = false;
};

}  // namespace wpn::overlay
