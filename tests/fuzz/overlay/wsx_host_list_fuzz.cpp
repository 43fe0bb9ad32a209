// WSX host lists: any text parses without crashing, and what the writer accepts
// parses back to the same entries.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "overlay/wsx_host_list.h"

namespace o = wpn::overlay;

namespace {
bool writable(const o::WsxEntry& e) {
  const auto clean = [](std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; };
  bool ok = !e.address.empty() && clean(e.address) && clean(e.network) && clean(e.type_text);
  for (const auto& name : e.server_names) ok = ok && clean(name);
  return ok;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const o::WsxParseOptions allow{.allow_raw_ip = true};
  const auto first = o::parse_wsx(text, allow);
  (void)o::parse_wsx(text);
  (void)o::parse_wsx_public_file_name(text);
  std::vector<o::WsxEntry> kept;
  for (const auto& e : first.entries) {
    if (writable(e)) kept.push_back(e);
  }
  const auto second = o::parse_wsx(o::write_wsx(first.entries), allow);
  if (second.entries != kept) __builtin_trap();
  return 0;
}
