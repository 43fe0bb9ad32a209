#pragma once
// HOST:PORT, parsed in one place for the settings and the host list.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wpn::session {

struct Endpoint {
  std::string host;  // dotted IPv4 or a DNS name
  std::uint16_t port = 0;

  std::string to_string() const { return host + ":" + std::to_string(port); }
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// "host:1234" with a non-empty host and a port 1..65535; nullopt otherwise.
std::optional<Endpoint> parse_endpoint(std::string_view text);

}  // namespace wpn::session
