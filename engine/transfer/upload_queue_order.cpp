#include "transfer/upload_queue_order.h"

#include <algorithm>
#include <tuple>

namespace wpn::transfer {
namespace {

void append_fifo(std::span<const std::size_t> members, std::vector<std::size_t>& order) {
  order.insert(order.end(), members.begin(), members.end());
}

// Users in turn order: those in the rotation first, then any others by their
// first entry (only possible for a rotation that was not kept up to date).
std::vector<Peer> turn_order(std::span<const QueueEntry> entries, std::span<const std::size_t> members,
                             const Rotation* rotation) {
  std::vector<Peer> users;
  auto has_entries = [&](const Peer& peer) {
    return std::any_of(members.begin(), members.end(), [&](std::size_t i) { return entries[i].key.peer == peer; });
  };
  if (rotation != nullptr)
    for (const auto& peer : *rotation)
      if (has_entries(peer) && std::find(users.begin(), users.end(), peer) == users.end()) users.push_back(peer);
  for (const std::size_t i : members)
    if (std::find(users.begin(), users.end(), entries[i].key.peer) == users.end()) users.push_back(entries[i].key.peer);
  return users;
}

void append_round_robin(std::span<const QueueEntry> entries, std::span<const std::size_t> members,
                        const Rotation* rotation, std::vector<std::size_t>& order) {
  const auto users = turn_order(entries, members, rotation);
  std::vector<std::vector<std::size_t>> per_user(users.size());
  for (const std::size_t i : members) {
    const auto at = std::find(users.begin(), users.end(), entries[i].key.peer);
    per_user[static_cast<std::size_t>(at - users.begin())].push_back(i);
  }
  for (std::size_t round = 0;; ++round) {
    bool any = false;
    for (const auto& list : per_user)
      if (round < list.size()) {
        order.push_back(list[round]);
        any = true;
      }
    if (!any) break;
  }
}

}  // namespace

std::vector<UploadGroup> groups_by_priority(std::span<const UploadGroup> groups) {
  std::vector<UploadGroup> sorted(groups.begin(), groups.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const UploadGroup& a, const UploadGroup& b) {
    return std::tie(a.priority, a.name) < std::tie(b.priority, b.name);
  });
  return sorted;
}

std::vector<std::size_t> projected_order(std::span<const QueueEntry> entries, std::span<const UploadGroup> groups,
                                         const Rotations& rotations) {
  std::vector<std::size_t> order;
  order.reserve(entries.size());
  std::vector<std::string> seen;
  for (const auto& group : groups_by_priority(groups)) {
    // A name listed twice is served once, at its first (best) priority.
    if (std::find(seen.begin(), seen.end(), group.name) != seen.end()) continue;
    seen.push_back(group.name);
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < entries.size(); ++i)
      if (entries[i].group == group.name) members.push_back(i);
    if (members.empty()) continue;
    switch (group.strategy) {
      case QueueStrategy::Fifo:
        append_fifo(members, order);
        break;
      case QueueStrategy::RoundRobin: {
        const auto it = rotations.find(group.name);
        append_round_robin(entries, members, it == rotations.end() ? nullptr : &it->second, order);
        break;
      }
    }
  }
  return order;
}

}  // namespace wpn::transfer
