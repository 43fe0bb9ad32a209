#include "overlay/wsx_host_list.h"

#include <array>
#include <charconv>

namespace wpn::overlay {
namespace {

constexpr std::array<std::string_view, 5> TypeTexts{"NORMAL", "META", "USE_100_COMMAND", "WPN_CACHE", "WPN_HUB"};

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::optional<std::uint16_t> parse_port(std::string_view text) noexcept {
  // "P: 1234" and the "1234:" spelling of one description are both read.
  while (!text.empty() && text.back() == ':') text.remove_suffix(1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

bool plausible_address(std::string_view address) noexcept {
  if (address.empty() || address.size() > 253) return false;
  for (char c : address) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// One entry being read, with what went wrong in it.
struct Pending {
  WsxEntry entry;
  std::size_t line = 0;
  bool open = false;
  bool bad_port = false;
  bool seen_address = false;
};

void finish(Pending& pending, WsxList& out, const WsxParseOptions& options) {
  if (!pending.open) return;
  pending.open = false;
  WsxEntry& e = pending.entry;
  std::optional<WsxSkip> reason;
  if (e.address.empty()) {
    reason = WsxSkip::NoAddress;
  } else if (pending.bad_port) {
    reason = WsxSkip::BadPort;
  } else if (!plausible_address(e.address)) {
    reason = WsxSkip::BadAddress;
  } else if (is_raw_ipv4(e.address) && !options.allow_raw_ip) {
    reason = WsxSkip::RawIp;
  } else if (out.entries.size() >= MaxWsxEntries) {
    reason = WsxSkip::TooMany;
  }
  if (reason) {
    out.skipped.push_back({pending.line, *reason, e.address});
  } else {
    out.entries.push_back(std::move(e));
  }
  pending = Pending{};
}

}  // namespace

std::string_view wsx_type_text(WsxType type) noexcept {
  const auto index = static_cast<std::size_t>(type);
  return index < TypeTexts.size() ? TypeTexts[index] : std::string_view{};
}

WsxType parse_wsx_type(std::string_view text) noexcept {
  for (std::size_t i = 0; i < TypeTexts.size(); ++i) {
    if (iequal(text, TypeTexts[i])) return static_cast<WsxType>(i);
  }
  return WsxType::Other;
}

bool is_raw_ipv4(std::string_view address) noexcept {
  int parts = 0;
  while (true) {
    std::size_t digits = 0;
    unsigned value = 0;
    while (digits < address.size() && address[digits] >= '0' && address[digits] <= '9') {
      value = value * 10 + static_cast<unsigned>(address[digits] - '0');
      if (++digits > 3) return false;
    }
    if (digits == 0 || value > 255) return false;
    ++parts;
    address.remove_prefix(digits);
    if (address.empty()) return parts == 4;
    if (address.front() != '.' || parts == 4) return false;
    address.remove_prefix(1);
  }
}

WsxList parse_wsx(std::string_view text, const WsxParseOptions& options) {
  WsxList out;
  if (text.size() > MaxWsxTextLength) {
    text = text.substr(0, MaxWsxTextLength);
    out.truncated = true;
  }
  Pending pending;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    line = trim(line);
    if (line.empty()) {
      finish(pending, out, options);
      continue;
    }
    if (line.size() < 2 || line[1] != ':') continue;
    const char key = lower(line[0]);
    const std::string_view value = trim(line.substr(2));
    if (value.size() > MaxWsxLineLength) continue;
    if (key == 'n') {
      if (pending.open && pending.seen_address) finish(pending, out, options);
      if (!pending.open) {
        pending.open = true;
        pending.line = line_number;
        pending.entry.network = std::string(value);
      } else if (pending.entry.server_names.size() < MaxWsxNamesPerEntry) {
        pending.entry.server_names.emplace_back(value);
      }
      continue;
    }
    if (!pending.open) {
      // A P:/T:/A: line before any N: still starts an entry (without a network name).
      if (key != 'p' && key != 't' && key != 'a') continue;
      pending.open = true;
      pending.line = line_number;
    }
    if (key == 'p') {
      if (auto port = parse_port(value)) {
        pending.entry.port = *port;
      } else {
        pending.bad_port = true;
      }
    } else if (key == 't') {
      pending.entry.type = parse_wsx_type(value);
      // Known types are kept in their canonical spelling; others verbatim.
      pending.entry.type_text =
          std::string(pending.entry.type == WsxType::Other ? value : wsx_type_text(pending.entry.type));
    } else if (key == 'a') {
      pending.entry.address = std::string(value);
      pending.seen_address = true;
    }
  }
  finish(pending, out, options);
  return out;
}

std::string write_wsx(const std::vector<WsxEntry>& entries) {
  const auto clean = [](std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; };
  std::string out;
  for (const WsxEntry& e : entries) {
    if (e.address.empty() || !clean(e.address) || !clean(e.network) || !clean(e.type_text)) continue;
    bool names_ok = true;
    for (const auto& name : e.server_names) names_ok = names_ok && clean(name);
    if (!names_ok) continue;
    out += "N: " + e.network + "\r\n";
    for (const auto& name : e.server_names) out += "N: " + name + "\r\n";
    out += "P: " + std::to_string(e.port) + "\r\n";
    const std::string_view type = e.type == WsxType::Other ? std::string_view(e.type_text) : wsx_type_text(e.type);
    out += "T: ";
    out += type;
    out += "\r\nA: " + e.address + "\r\n\r\n";
  }
  return out;
}

namespace {

unsigned days_in_month(int year, unsigned month) noexcept {
  static constexpr std::array<unsigned, 12> Days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return Days[month - 1] + ((month == 2 && leap) ? 1U : 0U);
}

bool is_real_date(const CivilDate& date) noexcept {
  return date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= days_in_month(date.year, date.month);
}

}  // namespace

// An impossible date has no next day: it comes back unchanged.
CivilDate next_day(const CivilDate& date) noexcept {
  if (!is_real_date(date)) return date;
  if (date.day < days_in_month(date.year, date.month)) return {date.year, date.month, date.day + 1};
  if (date.month < 12) return {date.year, date.month + 1, 1};
  return {date.year + 1, 1, 1};
}

namespace {
std::string date_digits(const CivilDate& d) {
  std::string text = std::to_string(d.year);
  text += (d.month < 10 ? "0" : "") + std::to_string(d.month);
  text += (d.day < 10 ? "0" : "") + std::to_string(d.day);
  return text;
}
}  // namespace

std::string wsx_public_file_name(const CivilDate& created) {
  std::string name = "PUBLIC";
  CivilDate day = created;
  for (int i = 0; i < 4; ++i) {
    name += ' ' + date_digits(day);
    day = next_day(day);
  }
  return name + ".wsx";
}

std::optional<CivilDate> parse_wsx_public_file_name(std::string_view file_name) {
  constexpr std::string_view Prefix = "PUBLIC ";
  if (file_name.size() < Prefix.size() || !iequal(file_name.substr(0, Prefix.size()), Prefix)) return std::nullopt;
  const std::string_view digits = file_name.substr(Prefix.size(), 8);
  if (digits.size() != 8) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + 8, value);
  if (ec != std::errc{} || end != digits.data() + 8) return std::nullopt;
  CivilDate date{static_cast<int>(value / 10000), (value / 100) % 100, value % 100};
  if (!is_real_date(date)) return std::nullopt;
  if (wsx_public_file_name(date).size() != file_name.size() || !iequal(wsx_public_file_name(date), file_name)) {
    return std::nullopt;
  }
  return date;
}

}  // namespace wpn::overlay
