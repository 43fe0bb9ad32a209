#include "transfer/ban_list.h"

#include <algorithm>

#include "protocol/codecs/common.h"

namespace wpn::transfer {

BanRule make_ban_rule(std::string_view name, bool by_base_name, std::optional<WallTime> until, std::string reason) {
  const std::string_view base = protocol::base_name_of(name);
  const bool has_suffix = base.size() != name.size();
  if (has_suffix && !by_base_name) return {std::string(name), BanMatch::FullName, until, std::move(reason)};
  return {std::string(base), BanMatch::BaseName, until, std::move(reason)};
}

void BanList::add(BanRule rule) {
  const auto same = std::find_if(rules_.begin(), rules_.end(),
                                 [&](const BanRule& r) { return r.name == rule.name && r.match == rule.match; });
  if (same != rules_.end()) {
    *same = std::move(rule);
  } else {
    rules_.push_back(std::move(rule));
  }
}

bool BanList::remove(std::string_view name, bool by_base_name) {
  const BanRule gone = make_ban_rule(name, by_base_name);
  return std::erase_if(rules_, [&](const BanRule& r) { return r.name == gone.name && r.match == gone.match; }) > 0;
}

bool BanList::prune(WallTime now) {
  return std::erase_if(rules_, [&](const BanRule& r) { return r.expired(now); }) > 0;
}

const BanRule* BanList::rule_for(std::string_view full_name, WallTime now) const noexcept {
  const std::string_view base = protocol::base_name_of(full_name);
  for (const auto& rule : rules_) {
    if (rule.expired(now)) continue;
    if (rule.match == BanMatch::FullName ? rule.name == full_name : rule.name == base) return &rule;
  }
  return nullptr;
}

bool BanList::is_banned(std::string_view full_name, WallTime now) const noexcept {
  return rule_for(full_name, now) != nullptr;
}

}  // namespace wpn::transfer
