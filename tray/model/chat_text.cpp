#include "model/chat_text.h"

#include <array>
#include <cmath>

namespace wpn::tray {

namespace {
constexpr char ColourMark = '\x03';
}  // namespace

std::vector<ColouredSpan> parse_colours(std::string_view wire) {
  std::vector<ColouredSpan> spans;
  int colour = 0;
  std::string text;
  auto flush = [&] {
    if (!text.empty()) spans.push_back({colour, std::move(text)});
    text.clear();
  };
  for (std::size_t i = 0; i < wire.size(); ++i) {
    if (wire[i] != ColourMark) {
      text += wire[i];
      continue;
    }
    if (i + 1 >= wire.size()) break;  // a mark without its colour byte
    const int code = static_cast<unsigned char>(wire[++i]);
    if (code == 0) continue;  // not a colour: both bytes dropped, as a stripper would
    flush();
    colour = code;
  }
  flush();
  return spans;
}

std::string strip_colours(std::string_view wire) {
  std::string out;
  for (const auto& span : parse_colours(wire)) out += span.text;
  return out;
}

std::uint32_t colour_rgb(int colour) noexcept {
  static constexpr std::array<std::uint32_t, 10> Fixed{0x000000, 0x000000, 0x00007F, 0x009300, 0xFF0000,
                                                       0x7F0000, 0x9C009C, 0xFC7F00, 0xD0A000, 0x00A0A0};
  if (colour <= 0 || colour > 255) return 0x000000;
  if (colour < static_cast<int>(Fixed.size())) return Fixed[static_cast<std::size_t>(colour)];
  // Golden-angle hue steps keep neighbouring codes apart; dark enough to read on white.
  const double hue = std::fmod(colour * 137.508, 360.0) / 60.0;
  const double x = 1.0 - std::fabs(std::fmod(hue, 2.0) - 1.0);
  double r = 0, g = 0, b = 0;
  switch (static_cast<int>(hue)) {
    case 0:
      r = 1, g = x;
      break;
    case 1:
      r = x, g = 1;
      break;
    case 2:
      g = 1, b = x;
      break;
    case 3:
      g = x, b = 1;
      break;
    case 4:
      r = x, b = 1;
      break;
    default:
      r = 1, b = x;
      break;
  }
  constexpr double Value = 0.65 * 255;
  const auto channel = [](double v) { return static_cast<std::uint32_t>(std::lround(v * Value)); };
  return channel(r) << 16 | channel(g) << 8 | channel(b);
}

ChatInput parse_chat_input(std::string_view typed) {
  for (std::string_view command : {"/me ", "/action ", "/emote "}) {
    if (typed.substr(0, command.size()) == command) return {true, std::string(typed.substr(command.size()))};
  }
  return {false, std::string(typed)};
}

}  // namespace wpn::tray
