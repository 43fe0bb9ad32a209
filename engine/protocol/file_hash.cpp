#include "protocol/file_hash.h"

#include <algorithm>
#include <limits>

namespace wpn::protocol {
namespace {

constexpr std::uint64_t StrideDivisor = 10;
constexpr Byte InitialCarry = 0xC9;
constexpr std::size_t ChunkSize = 16;

}  // namespace

tl::expected<std::size_t, std::error_code> SpanBlockReader::read_at(std::uint64_t offset,
                                                                   std::span<Byte> out) {
  if (offset >= data_.size()) return std::size_t{0};
  const auto start = static_cast<std::size_t>(offset);
  const std::size_t count = std::min(out.size(), data_.size() - start);
  std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(start), count, out.begin());
  return count;
}

std::uint64_t hash_stride_blocks(std::uint64_t size) noexcept {
  return std::max(HashMinStride, size / HashBlockSize / StrideDivisor);
}

std::vector<HashSample> hash_sampling_plan(std::uint64_t size) {
  std::vector<HashSample> plan;
  const std::uint64_t step = hash_stride_blocks(size) * HashBlockSize;
  // A block shorter than HashBlockSize ends the reference loop; every block
  // before the last sampled one is full because step >= HashBlockSize.
  for (std::uint64_t offset = 0; offset < size; offset += step) {
    const std::uint64_t length = std::min(HashBlockSize, size - offset);
    plan.push_back(HashSample{offset, static_cast<std::uint32_t>(length)});
    if (length < HashBlockSize || size - offset <= step) break;
  }
  return plan;
}

void ContentHasher::absorb_block(ByteView block) noexcept {
  const std::size_t n = std::min<std::size_t>(block.size(), HashBlockSize);
  if (n <= ChunkSize) return;
  Byte carry = InitialCarry;
  Byte counter = 0;
  // Strict '<': the last 16 bytes of the block are never mixed in.
  for (std::size_t off = 0; off < n - ChunkSize; off += ChunkSize) {
    for (std::size_t i = 0; i < ChunkSize; ++i) {
      state_[i] = static_cast<Byte>(state_[i] + block[off + i]);
    }
    state_[0] ^= carry;
    for (std::size_t i = 1; i < ChunkSize; ++i) state_[i] ^= state_[i - 1];
    const auto t = static_cast<Byte>(counter + state_[15]);
    carry = static_cast<Byte>((t << 1) | (t >> 7));
    ++counter;
  }
}

tl::expected<ContentHash, std::error_code> hash_content(BlockReader& reader, std::uint64_t size) {
  ContentHasher hasher;
  std::vector<Byte> buffer(static_cast<std::size_t>(std::min(size, HashBlockSize)));
  for (const HashSample& sample : hash_sampling_plan(size)) {
    const std::span<Byte> block(buffer.data(), sample.length);
    std::size_t filled = 0;
    // Readers may return less than asked before the end; keep reading until
    // the block is complete or the content ends.
    while (filled < block.size()) {
      auto got = reader.read_at(sample.offset + filled, block.subspan(filled));
      if (!got) return tl::unexpected(got.error());
      if (*got == 0) break;
      filled += std::min(*got, block.size() - filled);
    }
    if (filled != block.size()) return tl::unexpected(std::make_error_code(std::errc::io_error));
    hasher.absorb_block(block);
  }
  return hasher.digest();
}

std::optional<FileKey> make_file_key(const ContentHash& hash, std::uint64_t size) noexcept {
  if (size > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return FileKey{hash, static_cast<std::uint32_t>(size)};
}

tl::expected<FileKey, std::error_code> compute_file_key(BlockReader& reader, std::uint64_t size) {
  if (size > std::numeric_limits<std::uint32_t>::max()) {
    return tl::unexpected(std::make_error_code(std::errc::file_too_large));
  }
  return hash_content(reader, size).map([size](const ContentHash& hash) {
    return FileKey{hash, static_cast<std::uint32_t>(size)};
  });
}

}  // namespace wpn::protocol
