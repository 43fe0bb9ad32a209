#pragma once
// The WinMX sampled content hash (filesharing.md §7, protocol.md §2.7). The
// core does no I/O: content arrives through a BlockReader, or block by block
// through ContentHasher when a pipeline reads the sampled blocks itself.
// Offsets are 64-bit; only the wire key (file_key.h) is limited to 32 bits.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/bytes.h"
#include "protocol/file_key.h"

namespace wpn::protocol {

inline constexpr std::uint64_t HashBlockSize = 131072;  // one sampled block (0x20000)
inline constexpr std::uint64_t HashMinStride = 5;       // blocks between samples, at least

class BlockReader {
 public:
  virtual ~BlockReader() = default;
  // Reads up to out.size() bytes at `offset`; returns the count read, which is
  // smaller only at the end of the content.
  virtual tl::expected<std::size_t, std::error_code> read_at(std::uint64_t offset, std::span<Byte> out) = 0;
};

// Content held in memory (tests, small buffers).
class SpanBlockReader final : public BlockReader {
 public:
  explicit SpanBlockReader(ByteView data) noexcept : data_(data) {}
  tl::expected<std::size_t, std::error_code> read_at(std::uint64_t offset, std::span<Byte> out) override;

 private:
  ByteView data_;
};

// Blocks between two sampled blocks: max(5, size / 131072 / 10).
std::uint64_t hash_stride_blocks(std::uint64_t size) noexcept;

struct HashSample {
  std::uint64_t offset = 0;
  std::uint32_t length = 0;  // bytes to read: min(131072, size - offset)

  friend bool operator==(const HashSample&, const HashSample&) = default;
};

// The blocks the hash reads for content of `size` bytes, in order. The
// reference also reads once at or past the end after a full last block; that
// read returns nothing and is left out here.
std::vector<HashSample> hash_sampling_plan(std::uint64_t size);

// Absorbs sampled blocks one at a time, in plan order.
class ContentHasher {
 public:
  // `block` is one whole sampled block (at most HashBlockSize bytes). Its last
  // 16 bytes and any final partial chunk are never mixed in (§7.2).
  void absorb_block(ByteView block) noexcept;
  ContentHash digest() const noexcept { return state_; }

 private:
  ContentHash state_{};
};

// Reads every block of hash_sampling_plan(size). A read that returns fewer
// bytes than planned means the content changed: std::errc::io_error.
tl::expected<ContentHash, std::error_code> hash_content(BlockReader& reader, std::uint64_t size);

// The 20-byte key; nullopt when size does not fit the u32 wire field.
std::optional<FileKey> make_file_key(const ContentHash& hash, std::uint64_t size) noexcept;

// hash_content + make_file_key; std::errc::file_too_large (before any read)
// when size does not fit the wire field.
tl::expected<FileKey, std::error_code> compute_file_key(BlockReader& reader, std::uint64_t size);

}  // namespace wpn::protocol
