#include "transfer/upload_settings.h"

#include <algorithm>

#include "protocol/codecs/common.h"

namespace wpn::transfer {

bool is_banned(const std::vector<BanRule>& bans, std::string_view full_name) noexcept {
  const std::string_view base = protocol::base_name_of(full_name);
  return std::any_of(bans.begin(), bans.end(), [&](const BanRule& rule) {
    return rule.base_name ? rule.name == base : rule.name == full_name;
  });
}

}  // namespace wpn::transfer
