// TransferManager: requested names looked up in the share index off the loop. The query
// (SQLite, then a stat of the file) runs through the off-loop runner; the request waits
// meanwhile, its connection still under its phase timer and closable. Answers are kept
// briefly, so the machines' synchronous find_shared and the open that follows read them.
#include "net/data_connection.h"
#include "net/transfer_manager.h"

namespace wpn::net {

namespace {

// An answer serves the steps of the request that asked for it; a later request asks again.
constexpr auto LookupFresh = std::chrono::seconds(10);
constexpr std::size_t MaxCachedLookups = 1024;

}  // namespace

bool TransferManager::needs_lookup(const std::string& file) const {
  if (lookup_ == nullptr || !runner_) return false;
  const auto found = looked_up_.find(file);
  return found == looked_up_.end() || now() - found->second.at >= LookupFresh;
}

void TransferManager::when_looked_up(transfer::ConnectionId id, const std::string& file, Step step) {
  if (const auto held = held_.find(id); held != held_.end()) {
    held->second.push_back(std::move(step));
    return;
  }
  if (!needs_lookup(file)) {
    step();
    return;
  }
  held_[id].push_back(std::move(step));
  look_up(file, [this, id] { release_steps(id); });
}

void TransferManager::when_looked_up(const std::string& file, Step step) {
  if (!needs_lookup(file)) {
    step();
    return;
  }
  look_up(file, std::move(step));
}

void TransferManager::after_waiting_steps(transfer::ConnectionId id, Step step) {
  if (const auto held = held_.find(id); held != held_.end()) {
    held->second.push_back(std::move(step));
    return;
  }
  step();
}

// One query per name at a time; everyone asking meanwhile waits for its answer.
void TransferManager::look_up(const std::string& file, Step then) {
  auto [waiting, first] = lookups_running_.try_emplace(file);
  waiting->second.push_back(std::move(then));
  if (!first) return;
  auto result = std::make_shared<LookupResult>(tl::unexpected(share::LookupError{}));
  runner_([lookup = lookup_, file, result] { *result = lookup->resolve(file); },
          [this, alive = std::weak_ptr<bool>(alive_), file, result] {
            if (!alive.expired()) on_looked_up(file, std::move(*result));
          });
}

void TransferManager::on_looked_up(const std::string& file, LookupResult result) {
  if (looked_up_.size() >= MaxCachedLookups)
    std::erase_if(looked_up_, [&](const auto& entry) { return now() - entry.second.at >= LookupFresh; });
  if (looked_up_.size() >= MaxCachedLookups) looked_up_.clear();
  looked_up_[file] = CachedLookup{std::move(result), now()};
  auto waiting = lookups_running_.extract(file);
  if (waiting.empty()) return;
  for (auto& step : waiting.mapped()) step();
}

// A connection closed meanwhile has no steps left (destroy drops them).
void TransferManager::release_steps(transfer::ConnectionId id) {
  auto held = held_.extract(id);
  if (held.empty()) return;
  for (auto& step : held.mapped()) {
    if (connection(id) == nullptr) return;
    step();
  }
}

TransferManager::LookupResult TransferManager::resolve_now(const std::string& file) const {
  if (lookup_ == nullptr) return tl::unexpected(share::LookupError{share::LookupErrc::NotShared, "sharing is off"});
  if (const auto found = looked_up_.find(file); found != looked_up_.end() && now() - found->second.at < LookupFresh)
    return found->second.result;
  // The reader serves one thread at a time: on the loop only while no query runs elsewhere.
  if (runner_ && !lookups_running_.empty())
    return tl::unexpected(share::LookupError{share::LookupErrc::Index, "the share index is busy; asked again later"});
  auto result = lookup_->resolve(file);
  looked_up_[file] = CachedLookup{result, now()};
  return result;
}

}  // namespace wpn::net
