#include "protocol/file_key.h"

#include <limits>

#include "protocol/hex.h"

namespace wpn::protocol {
namespace {

constexpr std::string_view HashTextPrefix = "HASH>";
constexpr std::size_t HashHexDigits = 32;
constexpr std::size_t MaxSizeDigits = 10;  // 4294967295

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

WireKey FileKey::to_wire() const noexcept {
  WireKey wire{};
  for (std::size_t i = 0; i < hash.size(); ++i) wire[i] = hash[i];
  for (std::size_t i = 0; i < 4; ++i) wire[16 + i] = static_cast<Byte>(size >> (8 * i));
  return wire;
}

FileKey FileKey::from_wire(std::span<const Byte, 20> wire) noexcept {
  FileKey key;
  for (std::size_t i = 0; i < key.hash.size(); ++i) key.hash[i] = wire[i];
  for (std::size_t i = 0; i < 4; ++i) key.size |= static_cast<std::uint32_t>(wire[16 + i]) << (8 * i);
  return key;
}

std::string FileKey::hex() const { return to_hex(to_wire()); }

std::string FileKey::hash_text() const {
  return std::string(HashTextPrefix) + to_hex(hash) + "-" + std::to_string(size);
}

std::optional<FileKey> FileKey::parse_hash_text(std::string_view text) {
  if (text.size() < HashTextPrefix.size() + HashHexDigits + 2) return std::nullopt;
  if (!equals_ignoring_case(text.substr(0, HashTextPrefix.size()), HashTextPrefix)) return std::nullopt;
  text.remove_prefix(HashTextPrefix.size());
  const auto digest = from_hex(text.substr(0, HashHexDigits));
  if (!digest || digest->size() != 16) return std::nullopt;
  text.remove_prefix(HashHexDigits);
  if (text.front() != '-') return std::nullopt;
  text.remove_prefix(1);
  if (text.empty() || text.size() > MaxSizeDigits) return std::nullopt;
  std::uint64_t size = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    size = size * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (size > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  FileKey key;
  for (std::size_t i = 0; i < key.hash.size(); ++i) key.hash[i] = (*digest)[i];
  key.size = static_cast<std::uint32_t>(size);
  return key;
}

}  // namespace wpn::protocol
