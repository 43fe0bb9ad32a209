#include "protocol/hex.h"

#include <cstdio>

namespace wpn::protocol {
namespace {

constexpr std::string_view Digits = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(ByteView bytes) {
  std::string text;
  text.reserve(bytes.size() * 2);
  for (const Byte b : bytes) {
    text.push_back(Digits[b >> 4]);
    text.push_back(Digits[b & 0x0F]);
  }
  return text;
}

std::optional<Bytes> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  Bytes bytes;
  bytes.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = nibble(text[i]);
    const int low = nibble(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<Byte>(high << 4 | low));
  }
  return bytes;
}

std::string hex_dump(ByteView bytes) {
  std::string out;
  for (std::size_t line = 0; line < bytes.size(); line += 16) {
    char offset[24];
    std::snprintf(offset, sizeof offset, "%04zx  ", line);
    out += offset;
    std::string ascii;
    for (std::size_t i = line; i < line + 16; ++i) {
      if (i < bytes.size()) {
        out.push_back(Digits[bytes[i] >> 4]);
        out.push_back(Digits[bytes[i] & 0x0F]);
        out.push_back(' ');
        ascii.push_back(bytes[i] >= 0x20 && bytes[i] < 0x7F ? static_cast<char>(bytes[i]) : '.');
      } else {
        out += "   ";
      }
    }
    out += ' ';
    out += ascii;
    out += '\n';
  }
  return out;
}

}  // namespace wpn::protocol
