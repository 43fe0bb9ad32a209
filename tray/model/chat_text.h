#pragma once
// Chat text as rooms send it (chat.md §7.3): byte 0x03 followed by one colour byte (1-255)
// colours the text after it. The chat window draws the spans; plain output strips the codes.
// What the user types: "/me waves" is an action, other text is said as it is.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wpn::tray {

struct ColouredSpan {
  int colour = 0;  // 0 = the window's default colour; else the code byte 1..255
  std::string text;
  friend bool operator==(const ColouredSpan&, const ColouredSpan&) = default;
};

// Splits wire text into spans; empty spans are dropped, a trailing lone 0x03 is ignored.
std::vector<ColouredSpan> parse_colours(std::string_view wire);
// The text without colour codes (every 0x03 and the byte after it).
std::string strip_colours(std::string_view wire);
// 0xRRGGBB for a colour code. chat.md does not pin WinMX's palette: codes 1-9 get fixed,
// readable colours; other codes a stable colour spread over the hue circle.
std::uint32_t colour_rgb(int colour) noexcept;

struct ChatInput {
  bool action = false;  // "/me ..." (also "/action", "/emote")
  std::string text;
};
ChatInput parse_chat_input(std::string_view typed);

}  // namespace wpn::tray
