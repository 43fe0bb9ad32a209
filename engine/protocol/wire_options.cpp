#include "protocol/wire_options.h"

namespace wpn::protocol {

const WireOptions& default_wire_options() noexcept {
  static const WireOptions options;
  return options;
}

bool is_traced_type(std::uint16_t type) noexcept {
  const auto family = static_cast<std::uint16_t>(type & 0xFF00);
  return family == 0x0F00 || family == 0x1B00 || family == 0x1F00 || type == 0x038E || type == 0x039D ||
         type == 0x1772;
}

}  // namespace wpn::protocol
