#pragma once
// Colour escapes in chat text (chat.md §7.3) [E]: on the wire byte 0x03 then one
// colour byte (1-255) colour the text that follows. Users and settings write
// "#cN#", which a host turns into the wire form before sending.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wpn::protocol {

inline constexpr char ChatColourEscape = '\x03';

// A run of text in one colour; colour is empty before the first escape.
struct ColourSpan {
  std::string text;
  std::optional<std::uint8_t> colour;
  friend bool operator==(const ColourSpan&, const ColourSpan&) = default;
};

// Every 0x03 and the byte after it removed (nuggit's remove_encoded_colors);
// what 3.31 clients and plain-text output get.
std::string strip_chat_colours(std::string_view line);

// The line as coloured runs, in order. Runs of the same colour are merged and
// empty runs dropped, so the texts concatenate to strip_chat_colours(line).
// A colour byte of 0 (never valid on the wire) ends colouring.
std::vector<ColourSpan> chat_colour_spans(std::string_view line);

// "#cN#" with N in 1..255 becomes 0x03 N. "#c?#" and "#cx#" ask for a random
// colour: they become 0x03 random_colour, or stay as written when it is 0.
// Anything else, including "#c0#" and "#c256#", stays as written.
std::string expand_colour_codes(std::string_view text, std::uint8_t random_colour = 0);

}  // namespace wpn::protocol
