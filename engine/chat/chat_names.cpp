#include "chat/chat_names.h"

#include "protocol/codecs/chat_colours.h"
#include "protocol/codecs/rooms.h"

namespace wpn::chat {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_blank_or_control(char c) noexcept {
  const auto b = static_cast<unsigned char>(c);
  return b <= 0x20 || b == 0x7F;
}

}  // namespace

bool valid_room_user_name(std::string_view name) noexcept {
  if (name.size() > MaxRoomUserNameLength || name.size() < 3 + UserNameTailLength) return false;
  if (contains_rtf(name)) return false;
  for (const char c : name)
    if (is_blank_or_control(c)) return false;
  const std::string_view tail = name.substr(name.size() - UserNameTailLength);
  for (std::size_t i = 0; i < tail.size(); ++i) {
    const bool underscore_slot = i == 3;
    if (underscore_slot ? tail[i] != '_' : !is_digit(tail[i])) return false;
  }
  return true;
}

std::string user_key(std::string_view name) {
  const std::size_t keep = name.size() > UserNameTailLength ? name.size() - UserNameTailLength : name.size();
  std::string key(name.substr(0, keep));
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

bool contains_rtf(std::string_view text) noexcept {
  for (std::size_t at = text.find("{\\"); at != std::string_view::npos; at = text.find("{\\", at + 1)) {
    const std::string_view word = text.substr(at + 2, 3);
    if (word.size() == 3 && (word[0] | 0x20) == 'r' && (word[1] | 0x20) == 't' && (word[2] | 0x20) == 'f') return true;
  }
  return false;
}

std::string clean_line(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(text.size() < max_bytes ? text.size() : max_bytes);
  for (const char c : text) {
    if (c == '\0') continue;
    out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  }
  if (out.size() <= max_bytes) return out;
  // Cut before an escape whose colour byte would fall outside.
  std::size_t end = 0;
  while (end < max_bytes) {
    const std::size_t step = out[end] == '\x03' ? 2 : 1;
    if (end + step > max_bytes) break;
    end += step;
  }
  out.resize(end);
  return out;
}

std::string room_topic(std::string_view text) {
  return clean_line(protocol::expand_colour_codes(text), protocol::MaxRoomTopicLength);
}

}  // namespace wpn::chat
