#include "model/file_key_text.h"

#include <cctype>
#include <cstdint>
#include <limits>

namespace wpn::tray {

namespace {

constexpr std::string_view Prefix = "HASH>";
constexpr std::size_t HashDigits = 32;
constexpr std::size_t KeyDigits = 40;
constexpr std::size_t MaxSizeDigits = 10;
constexpr std::size_t MinWordChars = 2;

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

char hex_digit(unsigned value) { return "0123456789abcdef"[value & 0xF]; }

unsigned hex_value(char c) {
  return c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>(std::tolower(c) - 'a' + 10);
}

}  // namespace

std::optional<std::string> key_of_hash_text(std::string_view text) {
  text = trim(text);
  if (text.size() < Prefix.size() + HashDigits + 2 || lower(text.substr(0, Prefix.size())) != lower(Prefix))
    return std::nullopt;
  text.remove_prefix(Prefix.size());
  const auto hash = text.substr(0, HashDigits);
  for (char c : hash)
    if (!is_hex(c)) return std::nullopt;
  text.remove_prefix(HashDigits);
  if (text.front() != '-') return std::nullopt;
  text.remove_prefix(1);
  if (text.empty() || text.size() > MaxSizeDigits) return std::nullopt;
  std::uint64_t size = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    size = size * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (size > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  std::string key = lower(hash);
  for (int byte = 0; byte < 4; ++byte) {
    const auto value = static_cast<unsigned>((size >> (8 * byte)) & 0xFF);
    key += hex_digit(value >> 4);
    key += hex_digit(value);
  }
  return key;
}

std::string hash_text_of_key(std::string_view key) {
  if (key.size() != KeyDigits) return "";
  for (char c : key)
    if (!is_hex(c)) return "";
  std::uint64_t size = 0;
  for (int byte = 0; byte < 4; ++byte) {
    const auto at = HashDigits + static_cast<std::size_t>(byte) * 2;
    size |= static_cast<std::uint64_t>(hex_value(key[at]) * 16 + hex_value(key[at + 1])) << (8 * byte);
  }
  return std::string(Prefix) + lower(key.substr(0, HashDigits)) + "-" + std::to_string(size);
}

SearchInput parse_search_input(std::string_view text) {
  text = trim(text);
  SearchInput input;
  if (auto key = key_of_hash_text(text)) {
    input.key = std::move(*key);
    return input;
  }
  if (text.size() == KeyDigits && hash_text_of_key(text).size() > 0) {
    input.key = lower(text);
    return input;
  }
  if (lower(text).rfind(lower(Prefix), 0) == 0) {
    input.error = "That is not a complete HASH> key (HASH>, 32 hex digits, '-', the size).";
    return input;
  }
  if (text.size() < MinWordChars) {
    input.error = "Type at least two letters, or paste a HASH> key.";
    return input;
  }
  input.words = std::string(text);
  return input;
}

}  // namespace wpn::tray
