// TransferManager: the owner's bans (kept in the queue store) and the configured ones.
#include <algorithm>

#include <Poco/Logger.h>

#include "net/transfer_manager.h"

namespace wpn::net {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }

}  // namespace

// Bans given before the store opened stay; the stored ones join them.
void TransferManager::restore_bans() {
  auto stored = queue_store_->load_bans(wall_now());
  if (!stored) {
    logger().error("ban store: " + stored.error().message);
    return;
  }
  for (auto& rule : *stored) {
    const auto& rules = bans_.rules();
    const bool known = std::any_of(rules.begin(), rules.end(), [&](const transfer::BanRule& r) {
      return r.name == rule.name && r.match == rule.match;
    });
    if (!known) bans_.add(std::move(rule));
  }
  save_bans();
}

// The configured names are permanent rules; a plain name bans every suffix.
void TransferManager::configure_bans() {
  configured_bans_ = {};
  for (const auto& name : settings_.banned)
    if (!name.empty()) configured_bans_.add(transfer::make_ban_rule(name, false, std::nullopt, "configured"));
}

void TransferManager::save_bans() {
  if (!queue_store_) return;
  if (auto saved = queue_store_->save_bans(bans_.rules()); !saved)
    logger().error("ban store: " + saved.error().message);
}

void TransferManager::ban(transfer::BanRule rule) {
  const std::string length =
      rule.until ? " for " + std::to_string((*rule.until - wall_now()).count()) + " s" : std::string(" for ever");
  logger().information("ban " + std::string(rule.match == transfer::BanMatch::BaseName ? "base name " : "") +
                       rule.name + length);
  bans_.prune(wall_now());
  bans_.add(std::move(rule));
  save_bans();
  apply(Machine::Upload, uploader_.drop_banned(now()));
}

bool TransferManager::unban(const std::string& name, bool by_base_name) {
  const bool removed = bans_.remove(name, by_base_name);
  bans_.prune(wall_now());
  save_bans();
  return removed;
}

std::vector<transfer::BanRule> TransferManager::bans() const {
  std::vector<transfer::BanRule> live;
  for (const auto& rule : bans_.rules())
    if (!rule.expired(wall_now())) live.push_back(rule);
  return live;
}

bool TransferManager::is_banned(std::string_view full_name) const {
  const auto t = wall_now();
  return bans_.is_banned(full_name, t) || configured_bans_.is_banned(full_name, t);
}

}  // namespace wpn::net
