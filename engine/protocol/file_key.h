#pragma once
// The 20-byte WPN file key: 16-byte sampled content hash + u32le file length
// (filesharing.md §2.6), and its "HASH>hex-length" text form (§7.5).

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/bytes.h"

namespace wpn::protocol {

using ContentHash = std::array<Byte, 16>;
using WireKey = std::array<Byte, 20>;

struct FileKey {
  ContentHash hash{};
  std::uint32_t size = 0;

  WireKey to_wire() const noexcept;
  static FileKey from_wire(std::span<const Byte, 20> wire) noexcept;

  std::string hex() const;                                               // 40 hex digits, exactly the wire bytes
  std::string hash_text() const;                                         // "HASH>" + 32 hex digits + "-" + decimal size
  static std::optional<FileKey> parse_hash_text(std::string_view text);  // any hex case

  friend auto operator<=>(const FileKey&, const FileKey&) = default;
};

}  // namespace wpn::protocol
