#include "overlay/bootstrap.h"

#include <algorithm>

namespace wpn::overlay {

namespace p = protocol;

Endpoint endpoint_of(const p::NodeRecord& record) { return {ip4_text(record.ip), record.tcp_port}; }

Millis BackoffPolicy::delay(std::size_t failed_rounds) const noexcept {
  Millis d = initial;
  for (std::size_t i = 1; i < failed_rounds && d < max; ++i) d *= 2;
  return failed_rounds == 0 ? 0 : std::min(d, max);
}

BootstrapPlanner::BootstrapPlanner(std::vector<Endpoint> caches, std::vector<Endpoint> hubs, BackoffPolicy backoff)
    : caches_(std::move(caches)), hubs_(std::move(hubs)), backoff_(backoff) {}

Millis BootstrapPlanner::start_round() {
  if (started_) ++failed_rounds_;
  started_ = true;
  queue_.clear();
  // The stored list: the old parent (record 0) and its fallbacks, best first.
  for (const auto& record : p::rank_parent_candidates(stored_)) {
    queue_.push_back({BootstrapTarget::Kind::Hub, endpoint_of(record), record});
  }
  for (const auto& hub : hubs_) {
    const bool queued = std::any_of(queue_.begin(), queue_.end(), [&](const auto& t) { return t.endpoint == hub; });
    if (!queued) queue_.push_back({BootstrapTarget::Kind::Hub, hub, std::nullopt});
  }
  for (const auto& cache : caches_) queue_.push_back({BootstrapTarget::Kind::Cache, cache, std::nullopt});
  return backoff_.delay(failed_rounds_);
}

std::optional<BootstrapTarget> BootstrapPlanner::next() {
  if (!started_) start_round();
  if (queue_.empty()) return std::nullopt;
  BootstrapTarget target = std::move(queue_.front());
  queue_.pop_front();
  return target;
}

bool BootstrapPlanner::on_cache_reply(std::span<const p::NodeRecord> records) {
  const auto ranked = p::rank_parent_candidates(records);
  for (auto it = ranked.rbegin(); it != ranked.rend(); ++it) {
    queue_.push_front({BootstrapTarget::Kind::Hub, endpoint_of(*it), *it});
  }
  return !ranked.empty();
}

void BootstrapPlanner::remember_node_list(std::span<const p::NodeRecord> records) {
  stored_.assign(records.begin(), records.end());
}

}  // namespace wpn::overlay
