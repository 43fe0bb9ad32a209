#pragma once
// Small helpers for share tests on real files: writing content, the expected key computed
// straight from the protocol hash over the whole file in memory; polling comes from
// support/eventually.h.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>

#include "protocol/bytes.h"
#include "protocol/file_hash.h"
#include "protocol/file_key.h"
#include "support/eventually.h"

namespace wpn::test {

// Deterministic, position-dependent content so every block differs.
inline protocol::Bytes pattern_bytes(std::size_t size, std::uint32_t seed) {
  protocol::Bytes out(size);
  std::uint32_t x = seed * 2654435761U + 1;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<protocol::Byte>(x);
  }
  return out;
}

// MPEG-1 Layer III frames at 128 kbit/s, 44.1 kHz, no padding: 417 bytes each
// (144 * 128000 / 44100), header FF FB 90 64, silent payload. `count` frames last
// count * 417 * 8 / 128000 seconds.
inline protocol::Bytes mp3_frames(std::size_t count) {
  constexpr std::size_t FrameSize = 417;
  protocol::Bytes out(count * FrameSize, 0);
  for (std::size_t i = 0; i < count; ++i) {
    out[i * FrameSize] = 0xFF;
    out[i * FrameSize + 1] = 0xFB;
    out[i * FrameSize + 2] = 0x90;
    out[i * FrameSize + 3] = 0x64;
  }
  return out;
}

inline void write_file(const std::filesystem::path& path, const protocol::Bytes& data) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

inline protocol::Bytes read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return protocol::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The key from the whole content in memory, independent of the share code's file reading.
inline protocol::FileKey expected_key(const protocol::Bytes& content) {
  protocol::SpanBlockReader reader(content);
  const auto hash = protocol::hash_content(reader, content.size());
  return *protocol::make_file_key(*hash, content.size());
}

inline protocol::FileKey expected_key_of_file(const std::filesystem::path& path) {
  return expected_key(read_file(path));
}

}  // namespace wpn::test
