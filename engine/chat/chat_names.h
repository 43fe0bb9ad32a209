#pragma once
// Who may be in a room under which name (chat.md §5.3), and the text rules a
// host applies to what it relays (§7.3: no RTF, no line breaks, frames within
// ChatMaxSendFrame).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wpn::chat {

// nuggit's limit; a WinMX name "base###_NNNNN" is far shorter.
inline constexpr std::size_t MaxRoomUserNameLength = 48;
// The "###_NNNNN" tail that uniqueness and bans disregard.
inline constexpr std::size_t UserNameTailLength = 9;

// nuggit's rule ^\S{3,}[0-9]{3}_[0-9]{5}$, at most 48 bytes, no control bytes
// and no RTF opener. Bytes >= 0x80 (CP-1252 letters) are allowed.
bool valid_room_user_name(std::string_view name) noexcept;

// What two names must not share to be in one room at once, and what a ban
// holds: the name without its last 9 characters, ASCII letters lower-cased
// (so "Bob123_00001" and "bob456_00002" are the same user).
std::string user_key(std::string_view name);

// WinMX renders RTF; a line holding "{\rtf" is refused (nuggit).
bool contains_rtf(std::string_view text) noexcept;

// A relayed text: CR and LF become spaces, NUL bytes are dropped, and the text
// is cut to max_bytes (not inside a colour escape).
std::string clean_line(std::string_view text, std::size_t max_bytes);

// A topic as a host keeps it: "#cN#" expanded, one line, at most the 125 bytes
// a room list carries (protocol.md §11.6).
std::string room_topic(std::string_view text);

}  // namespace wpn::chat
