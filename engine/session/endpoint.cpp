#include "session/endpoint.h"

#include <charconv>

namespace wpn::session {

std::optional<Endpoint> parse_endpoint(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  unsigned port = 0;
  const char* end = text.data() + text.size();
  const auto parsed = std::from_chars(text.data() + colon + 1, end, port);
  if (parsed.ec != std::errc() || parsed.ptr != end || port == 0 || port > 65535) return std::nullopt;
  return Endpoint{std::string(text.substr(0, colon)), static_cast<std::uint16_t>(port)};
}

}  // namespace wpn::session
