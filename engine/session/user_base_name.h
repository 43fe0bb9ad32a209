#pragma once
// The user's base name as the network, the rooms and the node handle all see it
// (protocol.md §7.1): WinMX gives the name the user chose three digits at setup
// ("tester" -> "tester123") and uses that base everywhere, with "_NNNNN" after it. We
// do the same once per chosen name and keep the result in <data_dir>/user_name, so the
// digits stay the same across restarts and only a new chosen name draws new ones.

#include <filesystem>
#include <string>
#include <string_view>

namespace wpn::session {

// True when `base` is at least 6 bytes and ends in three decimal digits: a base a room
// host accepts as "\S{3,}[0-9]{3}" (chat.md §5.3).
bool has_name_digits(std::string_view base) noexcept;

// The base a chosen name gets: any "_NNNNN" suffix dropped (the network adds its own),
// blanks and control bytes made '_', padded with '_' to 3 bytes, and `digits` (0-999,
// three places) appended unless it already ends in three digits.
std::string base_name_with_digits(std::string_view chosen, unsigned digits);

// The base for `chosen`: kept in `data_dir`/user_name for as long as the chosen name
// stays the same; drawn afresh (random digits) and saved otherwise. A file that cannot
// be written leaves the digits good for this run only (with a log line).
std::string settle_user_base_name(const std::string& chosen, const std::filesystem::path& data_dir);

}  // namespace wpn::session
