#include "protocol/codecs/chat_colours.h"

namespace wpn::protocol {
namespace {

// The colour byte of "#c...#" at the start of text and the code's length, or
// nullopt when text does not start with a code this function expands.
struct ColourCode {
  std::uint8_t colour = 0;
  std::size_t length = 0;
};

std::optional<ColourCode> parse_colour_code(std::string_view text, std::uint8_t random_colour) {
  if (text.size() < 4 || text[0] != '#' || (text[1] != 'c' && text[1] != 'C')) return std::nullopt;
  const std::size_t end = text.find('#', 2);
  if (end == std::string_view::npos || end == 2 || end > 5) return std::nullopt;
  const std::string_view digits = text.substr(2, end - 2);
  if (digits == "?" || digits == "x") {
    if (random_colour == 0) return std::nullopt;
    return ColourCode{random_colour, end + 1};
  }
  unsigned value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 255) return std::nullopt;
  return ColourCode{static_cast<std::uint8_t>(value), end + 1};
}

void append_run(std::vector<ColourSpan>& spans, std::string_view text, std::optional<std::uint8_t> colour) {
  if (text.empty()) return;
  if (!spans.empty() && spans.back().colour == colour) {
    spans.back().text += text;
    return;
  }
  spans.push_back(ColourSpan{std::string(text), colour});
}

}  // namespace

std::string strip_chat_colours(std::string_view line) {
  std::string plain;
  plain.reserve(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ChatColourEscape) {
      ++i;  // skip the colour byte too
      continue;
    }
    plain.push_back(line[i]);
  }
  return plain;
}

std::vector<ColourSpan> chat_colour_spans(std::string_view line) {
  std::vector<ColourSpan> spans;
  std::optional<std::uint8_t> colour;
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] != ChatColourEscape) continue;
    append_run(spans, line.substr(run_start, i - run_start), colour);
    if (i + 1 < line.size()) {
      const auto value = static_cast<std::uint8_t>(line[i + 1]);
      colour = value == 0 ? std::nullopt : std::optional<std::uint8_t>(value);
    }
    ++i;
    run_start = i + 1;
  }
  if (run_start < line.size()) append_run(spans, line.substr(run_start), colour);
  return spans;
}

std::string expand_colour_codes(std::string_view text, std::uint8_t random_colour) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (const auto code = parse_colour_code(text.substr(i), random_colour)) {
      out.push_back(ChatColourEscape);
      out.push_back(static_cast<char>(code->colour));
      i += code->length;
      continue;
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace wpn::protocol
