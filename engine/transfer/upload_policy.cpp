#include "transfer/upload_policy.h"

#include <algorithm>

namespace wpn::transfer {
namespace {

void erase_peer(Rotation& rotation, const Peer& peer) {
  rotation.erase(std::remove(rotation.begin(), rotation.end(), peer), rotation.end());
}

}  // namespace

UploadPolicy::UploadPolicy(Mediator& mediator, UploadSettings settings)
    : mediator_(mediator), settings_(std::move(settings)) {
  normalise_groups();
}

void UploadPolicy::normalise_groups() {
  const bool has_default = std::any_of(settings_.groups.begin(), settings_.groups.end(),
                                       [](const UploadGroup& g) { return g.name == DefaultGroupName; });
  if (!has_default) {
    std::uint32_t lowest = 0;
    for (const auto& g : settings_.groups) lowest = std::max(lowest, g.priority);
    settings_.groups.push_back({std::string(DefaultGroupName), lowest + 1, std::nullopt, QueueStrategy::Fifo, false});
  }
}

const UploadGroup& UploadPolicy::group_config(const std::string& name) const {
  for (const auto& g : settings_.groups)
    if (g.name == name) return g;
  for (const auto& g : settings_.groups)
    if (g.name == DefaultGroupName) return g;
  return settings_.groups.front();  // unreachable: normalise_groups adds the default
}

std::string UploadPolicy::resolve_group(const Peer& peer) const { return group_config(mediator_.group_of(peer)).name; }

std::uint32_t UploadPolicy::user_slots(const Peer& peer) const noexcept {
  return static_cast<std::uint32_t>(
      std::count_if(holders_.begin(), holders_.end(), [&](const auto& h) { return h.first.peer == peer; }));
}

std::uint32_t UploadPolicy::group_slots(const std::string& group) const noexcept {
  return static_cast<std::uint32_t>(
      std::count_if(holders_.begin(), holders_.end(), [&](const auto& h) { return h.second.group == group; }));
}

std::uint32_t UploadPolicy::user_entries(const Peer& peer) const noexcept {
  return static_cast<std::uint32_t>(
      std::count_if(queue_.begin(), queue_.end(), [&](const QueueEntry& e) { return e.key.peer == peer; }));
}

// nullopt: a slot could be granted to this requester right now.
std::optional<UploadPolicy::WaitReason> UploadPolicy::blocked_by(const Peer& peer, const std::string& group) const {
  if (is_banned(peer)) return WaitReason::Banned;
  if (user_slots(peer) >= settings_.slots_per_user) return WaitReason::PerUserLimit;
  if (slots_in_use() >= settings_.slots) return WaitReason::NoFreeSlot;
  const auto& config = group_config(group);
  if (config.slots && group_slots(group) >= *config.slots) return WaitReason::NoFreeSlot;
  if (!mediator_.upload_bandwidth_available()) return WaitReason::Bandwidth;
  return std::nullopt;
}

bool UploadPolicy::any_waiting_grantable() const {
  return std::any_of(queue_.begin(), queue_.end(),
                     [&](const QueueEntry& e) { return !blocked_by(e.key.peer, e.group).has_value(); });
}

std::vector<std::size_t> UploadPolicy::order() const { return projected_order(queue_, settings_.groups, rotations_); }

// Banned entries are never served, so they do not count against others.
std::uint32_t UploadPolicy::position_at(const std::vector<std::size_t>& order, std::size_t index) const {
  std::uint32_t position = 1;
  for (const std::size_t i : order) {
    if (i == index) break;
    if (!is_banned(queue_[i].key.peer)) ++position;
  }
  return position;
}

UploadPolicy::Decision UploadPolicy::on_request(const RequestKey& key, bool join_queue, TimePoint now) {
  if (holders_.contains(key)) return {Outcome::AlreadyGranted, RefuseReason::None, 0, queue_length()};
  if (const auto pos = position(key)) return {Outcome::AlreadyQueued, RefuseReason::None, *pos, queue_length()};
  if (is_banned(key.peer)) return {Outcome::Refused, RefuseReason::Banned, 0, queue_length()};

  const std::string group = resolve_group(key.peer);
  if (!blocked_by(key.peer, group) && !any_waiting_grantable()) {
    grant(key, group, now);
    return {Outcome::Granted, RefuseReason::None, 0, queue_length()};
  }
  if (!join_queue && !settings_.queue_normal_requests)
    return {Outcome::Refused, RefuseReason::NotQueueable, 0, queue_length()};
  if (queue_length() >= settings_.queue_limit && !group_config(group).bypass_queue_limit)
    return {Outcome::Refused, RefuseReason::QueueFull, 0, queue_length()};
  if (user_entries(key.peer) >= settings_.queue_per_user)
    return {Outcome::Refused, RefuseReason::UserQueueFull, 0, queue_length()};

  enqueue(key, group, now, next_sequence_++);
  return {Outcome::Queued, RefuseReason::None, *position(key), queue_length()};
}

void UploadPolicy::enqueue(const RequestKey& key, const std::string& group, TimePoint now, std::uint64_t sequence) {
  queue_.push_back({sequence, key, group, now});
  auto& rotation = rotations_[group];
  if (std::find(rotation.begin(), rotation.end(), key.peer) == rotation.end()) rotation.push_back(key.peer);
}

// A served user goes to the back of its group's turn order; a user with no
// entry left in the group leaves it.
void UploadPolicy::remove_entry(std::size_t index, bool served) {
  const QueueEntry entry = queue_[index];
  queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(index));
  auto& rotation = rotations_[entry.group];
  const bool more = std::any_of(queue_.begin(), queue_.end(), [&](const QueueEntry& e) {
    return e.group == entry.group && e.key.peer == entry.key.peer;
  });
  if (!more) {
    erase_peer(rotation, entry.key.peer);
  } else if (served) {
    erase_peer(rotation, entry.key.peer);
    rotation.push_back(entry.key.peer);
  }
}

void UploadPolicy::grant(const RequestKey& key, const std::string& group, TimePoint now) {
  holders_[key] = Holder{group, SlotState::Reserved, now};
}

std::vector<RequestKey> UploadPolicy::fill(TimePoint now) {
  std::vector<RequestKey> granted;
  for (;;) {
    const auto service = order();
    const auto next = std::find_if(service.begin(), service.end(), [&](std::size_t i) {
      return !blocked_by(queue_[i].key.peer, queue_[i].group).has_value();
    });
    if (next == service.end()) break;
    const QueueEntry entry = queue_[*next];
    remove_entry(*next, true);
    grant(entry.key, entry.group, now);
    granted.push_back(entry.key);
  }
  return granted;
}

bool UploadPolicy::activate(const RequestKey& key) {
  const auto it = holders_.find(key);
  if (it == holders_.end()) return false;
  it->second.state = SlotState::Active;
  return true;
}

bool UploadPolicy::release(const RequestKey& key) { return holders_.erase(key) > 0; }

bool UploadPolicy::withdraw(const RequestKey& key) {
  if (release(key)) return true;
  for (std::size_t i = 0; i < queue_.size(); ++i)
    if (queue_[i].key == key) {
      remove_entry(i, false);
      return true;
    }
  return false;
}

std::vector<RequestKey> UploadPolicy::expire(TimePoint now) {
  std::vector<RequestKey> expired;
  for (auto it = holders_.begin(); it != holders_.end();) {
    if (it->second.state == SlotState::Reserved && now - it->second.granted_at >= settings_.unused_slot_timeout) {
      expired.push_back(it->first);
      it = holders_.erase(it);
    } else {
      ++it;
    }
  }
  return expired;
}

std::optional<TimePoint> UploadPolicy::next_expiry() const {
  std::optional<TimePoint> next;
  for (const auto& [key, h] : holders_)
    if (h.state == SlotState::Reserved) {
      const auto at = h.granted_at + settings_.unused_slot_timeout;
      if (!next || at < *next) next = at;
    }
  return next;
}

void UploadPolicy::reconfigure(UploadSettings settings) {
  settings_ = std::move(settings);
  normalise_groups();
  // Entries of a group that is gone wait in the default group, keeping their order.
  for (auto& entry : queue_) {
    const std::string group = group_config(entry.group).name;
    if (group == entry.group) continue;
    erase_peer(rotations_[entry.group], entry.key.peer);
    entry.group = group;
    auto& rotation = rotations_[group];
    if (std::find(rotation.begin(), rotation.end(), entry.key.peer) == rotation.end())
      rotation.push_back(entry.key.peer);
  }
}

bool UploadPolicy::is_queued(const RequestKey& key) const noexcept {
  return std::any_of(queue_.begin(), queue_.end(), [&](const QueueEntry& e) { return e.key == key; });
}

const UploadPolicy::Holder* UploadPolicy::holder(const RequestKey& key) const noexcept {
  const auto it = holders_.find(key);
  return it == holders_.end() ? nullptr : &it->second;
}

std::optional<std::uint32_t> UploadPolicy::position(const RequestKey& key) const {
  for (std::size_t i = 0; i < queue_.size(); ++i)
    if (queue_[i].key == key) return position_at(order(), i);
  return std::nullopt;
}

// Order is (group priority, then sequence): renumbering the sequences in the wished order
// moves the entry, and the numbers are saved with the queue. A round-robin group orders by
// user turns, which sequences do not set, so a move there is refused rather than faked.
bool UploadPolicy::move(const RequestKey& key, std::uint32_t position) {
  const auto found = std::find_if(queue_.begin(), queue_.end(), [&](const QueueEntry& e) { return e.key == key; });
  if (found == queue_.end()) return false;
  if (group_config(found->group).strategy == QueueStrategy::RoundRobin) return false;
  const auto moved = static_cast<std::size_t>(found - queue_.begin());
  std::vector<std::size_t> wished = order();
  std::erase(wished, moved);
  const std::size_t at = std::min<std::size_t>(position == 0 ? 0 : position - 1, wished.size());
  wished.insert(wished.begin() + static_cast<std::ptrdiff_t>(at), moved);
  std::uint64_t first = UINT64_MAX;
  for (const auto& entry : queue_) first = std::min(first, entry.sequence);
  for (std::size_t i = 0; i < wished.size(); ++i) queue_[wished[i]].sequence = first + i;
  std::sort(queue_.begin(), queue_.end(),
            [](const QueueEntry& a, const QueueEntry& b) { return a.sequence < b.sequence; });
  return true;
}

std::uint32_t UploadPolicy::forecast_position(const Peer& peer) const {
  std::vector<QueueEntry> entries = queue_;
  const std::string group = resolve_group(peer);
  entries.push_back({next_sequence_, {peer, {}}, group, {}});
  Rotations rotations = rotations_;
  auto& rotation = rotations[group];
  if (std::find(rotation.begin(), rotation.end(), peer) == rotation.end()) rotation.push_back(peer);
  const auto service = projected_order(entries, settings_.groups, rotations);
  std::uint32_t position = 1;
  for (const std::size_t i : service) {
    if (i == entries.size() - 1) break;
    if (!is_banned(entries[i].key.peer)) ++position;
  }
  return position;
}

std::vector<UploadPolicy::Waiting> UploadPolicy::waiting() const {
  std::vector<Waiting> out;
  const auto service = order();
  out.reserve(service.size());
  std::uint32_t position = 1;
  for (const std::size_t i : service) {
    const auto& e = queue_[i];
    const bool banned = is_banned(e.key.peer);
    const auto reason = blocked_by(e.key.peer, e.group).value_or(WaitReason::NoFreeSlot);
    out.push_back({e.key, e.sequence, e.group, e.enqueued_at, position, reason});
    if (!banned) ++position;
  }
  return out;
}

QueueState UploadPolicy::save(TimePoint now, WallTime wall_now) const {
  QueueState state;
  state.next_sequence = next_sequence_;
  for (const auto& e : queue_) {
    const auto wall = wall_now - std::chrono::duration_cast<std::chrono::seconds>(now - e.enqueued_at);
    state.entries.push_back({e.sequence, e.key.peer, e.key.file, wall, e.group});
  }
  return state;
}

void UploadPolicy::restore(const QueueState& state, TimePoint now, WallTime wall_now) {
  queue_.clear();
  rotations_.clear();
  auto records = state.entries;
  std::sort(records.begin(), records.end(),
            [](const QueueRecord& a, const QueueRecord& b) { return a.sequence < b.sequence; });
  next_sequence_ = state.next_sequence;
  for (const auto& r : records) {
    const RequestKey key{r.requester, r.file};
    if (is_queued(key)) continue;  // a duplicate row keeps its first place
    const auto enqueued = now - (wall_now - r.enqueued_at);
    enqueue(key, resolve_group(r.requester), enqueued, r.sequence);
    next_sequence_ = std::max(next_sequence_, r.sequence + 1);
  }
}

}  // namespace wpn::transfer
