// Share-list lines and announced-name bytes from untrusted files or peers:
// parsing never crashes, and anything that parses formats back to a line that
// parses to the same entry. Name decoding and splitting must cope with any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "share/name_encoding.h"
#include "share/share_list_io.h"
#include "share/share_queries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wpn::share;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const auto entry = parse_share_list_line(input);
  if (entry) {
    const auto again = parse_share_list_line(format_share_list_line(*entry));
    if (!again || !(*again == *entry)) __builtin_trap();
  }
  (void)parse_share_list_header(input);
  if (const auto name = unescape_name(input)) {
    if (unescape_name(escape_name(*name)) != name) __builtin_trap();
  }

  static const NameEncoder cp1252(CodePage::Cp1252);
  static const NameEncoder cp932(CodePage::Cp932);
  for (const NameEncoder* encoder : {&cp1252, &cp932}) {
    (void)encoder->to_utf8(input);
    if (const auto parts = encoder->split(input)) {
      if (parts->full() != input) __builtin_trap();
    }
  }
  if (const auto expression = fts_match_expression(input)) {
    std::size_t quotes = 0;
    for (const char c : *expression) quotes += c == '"' ? 1 : 0;
    if (quotes % 2 != 0) __builtin_trap();
  }
  return 0;
}
