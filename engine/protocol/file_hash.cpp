#include "protocol/file_hash.h"

#include <algorithm>
#include <limits>

namespace wpn::protocol {
namespace {

constexpr std::uint64_t StrideDivisor = 10;
constexpr Byte InitialCarry = 0xC9;
constexpr std::size_t ChunkSize = 16;

// The state is two 64-bit lanes of eight bytes each (byte i of the state is bits 8i..8i+7 of
// its lane), so the per-byte add and the running XOR over the 16 bytes take a few word
// operations per chunk instead of one dependent step per byte.
constexpr std::uint64_t Low7 = 0x7F7F7F7F7F7F7F7FULL;
constexpr std::uint64_t High1 = 0x8080808080808080ULL;
constexpr std::uint64_t EveryByte = 0x0101010101010101ULL;

std::uint64_t load_lane(const Byte* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store_lane(Byte* p, std::uint64_t v) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<Byte>(v >> (8 * i));
}

// Eight independent byte additions modulo 256.
std::uint64_t add_bytes(std::uint64_t a, std::uint64_t b) noexcept {
  return ((a & Low7) + (b & Low7)) ^ ((a ^ b) & High1);
}

// Byte i becomes the XOR of bytes 0..i.
std::uint64_t running_xor(std::uint64_t x) noexcept {
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

}  // namespace

tl::expected<std::size_t, std::error_code> SpanBlockReader::read_at(std::uint64_t offset, std::span<Byte> out) {
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
  std::uint64_t low = load_lane(state_.data());
  std::uint64_t high = load_lane(state_.data() + 8);
  Byte carry = InitialCarry;
  Byte counter = 0;
  // Strict '<': the last 16 bytes of the block are never mixed in.
  for (std::size_t off = 0; off < n - ChunkSize; off += ChunkSize) {
    low = add_bytes(low, load_lane(block.data() + off)) ^ carry;
    high = add_bytes(high, load_lane(block.data() + off + 8));
    low = running_xor(low);
    high = running_xor(high) ^ ((low >> 56) * EveryByte);
    const auto t = static_cast<Byte>(counter + static_cast<Byte>(high >> 56));
    carry = static_cast<Byte>((t << 1) | (t >> 7));
    ++counter;
  }
  store_lane(state_.data(), low);
  store_lane(state_.data() + 8, high);
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
