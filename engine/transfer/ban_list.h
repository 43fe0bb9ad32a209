#pragma once
// Who may not download from us: rules by full name ("bob_12345", that user only) or by
// base name ("bob", every suffix), each forever or until a wall-clock time, with the
// owner's reason. One policy for the upload queue, new requests and search answers.
// Time comes in as an argument; the rules are saved by BanStore (wpn_transfer_store).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transfer/transfer_types.h"

namespace wpn::transfer {

enum class BanMatch {
  FullName,  // exactly this name, suffix included
  BaseName,  // this base name with any suffix (or none)
};

struct BanRule {
  std::string name;  // as matched: a full name, or a base name without suffix
  BanMatch match = BanMatch::FullName;
  std::optional<WallTime> until;  // nullopt: forever
  std::string reason;

  bool expired(WallTime now) const noexcept { return until && *until <= now; }
  friend bool operator==(const BanRule&, const BanRule&) = default;
};

// The one place where a name becomes a rule: a full name (with its _NNNNN suffix) is a
// FullName rule unless `by_base_name`, which bans its base name; a name without a
// suffix can only be a BaseName rule.
BanRule make_ban_rule(std::string_view name, bool by_base_name, std::optional<WallTime> until = std::nullopt,
                      std::string reason = {});

class BanList {
 public:
  // Replaces a rule with the same name and match (a new expiry or reason).
  void add(BanRule rule);
  // Removes the rule make_ban_rule(name, by_base_name) makes; false when there was none.
  bool remove(std::string_view name, bool by_base_name = false);
  // Drops expired rules; true when any was dropped.
  bool prune(WallTime now);

  bool is_banned(std::string_view full_name, WallTime now) const noexcept;
  // The rule that bans this user now (the first one), or null.
  const BanRule* rule_for(std::string_view full_name, WallTime now) const noexcept;
  const std::vector<BanRule>& rules() const noexcept { return rules_; }
  bool empty() const noexcept { return rules_.empty(); }

 private:
  std::vector<BanRule> rules_;
};

}  // namespace wpn::transfer
