#pragma once
// WinMX WSX host lists (filesharing.md §8.2): plain text, one entry per block of
// "N: <network>", further "N: <server name>" lines, "P: <port>" (8888 when absent),
// "T: <type>" and "A: <address>", ended by an empty line. The parser is lenient:
// CRLF or LF, any letter case, unknown lines ignored, and a new entry starts at an
// "N:" that follows an "A:" even without the blank line.
//
// We keep peer caches and hubs in the same format, with our own T: values
// (WPN_CACHE, WPN_HUB) next to WinMX's NORMAL, META and USE_100_COMMAND.
// Text in, text out: reading and writing files is engine/net's job.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wpn::overlay {

inline constexpr std::uint16_t WsxDefaultPort = 8888;
inline constexpr std::size_t MaxWsxTextLength = 1 << 20;
inline constexpr std::size_t MaxWsxEntries = 4096;
inline constexpr std::size_t MaxWsxLineLength = 512;  // of a line's value
inline constexpr std::size_t MaxWsxNamesPerEntry = 32;

enum class WsxType { Normal, Meta, Use100Command, WpnCache, WpnHub, Other };

std::string_view wsx_type_text(WsxType type) noexcept;
WsxType parse_wsx_type(std::string_view text) noexcept;  // case-insensitive; Other if unknown

struct WsxEntry {
  std::string network;                    // the first N: (the tree root)
  std::vector<std::string> server_names;  // further N: lines
  std::uint16_t port = WsxDefaultPort;
  WsxType type = WsxType::Normal;
  std::string type_text = "NORMAL";  // canonical for known types; as read for Other
  std::string address;               // DNS name or dotted IPv4

  friend bool operator==(const WsxEntry&, const WsxEntry&) = default;
};

struct WsxParseOptions {
  // WinMX's "Do not import raw IP addresses from WSX files" is on by default.
  bool allow_raw_ip = false;
};

enum class WsxSkip { RawIp, NoAddress, BadPort, BadAddress, TooMany };

struct WsxSkipped {
  std::size_t line = 0;  // 1-based line where the entry started
  WsxSkip reason{};
  std::string address;
};

struct WsxList {
  std::vector<WsxEntry> entries;
  std::vector<WsxSkipped> skipped;
  bool truncated = false;  // the text was longer than MaxWsxTextLength
};

// Never fails: whatever cannot be read is skipped or reported in `skipped`.
WsxList parse_wsx(std::string_view text, const WsxParseOptions& options = {});

// CRLF lines as Notepad-era files have them; P: is always written.
// Entries with an empty address or text containing a line break are left out.
std::string write_wsx(const std::vector<WsxEntry>& entries);

// True for a dotted-quad IPv4 text ("192.168.1.20").
bool is_raw_ipv4(std::string_view address) noexcept;

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// The next calendar day (Gregorian).
CivilDate next_day(const CivilDate& date) noexcept;
// "PUBLIC 20050428 20050429 20050430 20050501.wsx": the creation date and the
// three following days, as WinMX names the lists it publishes.
std::string wsx_public_file_name(const CivilDate& created);
// The creation date of such a name; nullopt when it does not have the form.
std::optional<CivilDate> parse_wsx_public_file_name(std::string_view file_name);

}  // namespace wpn::overlay
