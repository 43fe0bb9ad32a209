#pragma once
// Bounds-checked little-endian reading and writing of WPN payloads.
// Integers are assembled with shifts, never by casting pointers.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/errors.h"

namespace wpn::protocol {

using Byte = std::uint8_t;
using Bytes = std::vector<Byte>;
using ByteView = std::span<const Byte>;

inline ByteView as_bytes(std::string_view text) { return {reinterpret_cast<const Byte*>(text.data()), text.size()}; }

inline std::string_view as_chars(ByteView bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

class ByteReader {
 public:
  explicit ByteReader(ByteView data) noexcept : data_(data) {}

  std::size_t offset() const noexcept { return pos_; }
  std::size_t remaining() const noexcept { return data_.size() - pos_; }
  bool empty() const noexcept { return pos_ == data_.size(); }

  DecodeResult<std::uint8_t> u8();
  DecodeResult<std::uint16_t> u16le();
  DecodeResult<std::uint32_t> u32le();
  DecodeResult<ByteView> take(std::size_t count);

  // A NUL-terminated string of at most max_length bytes (the NUL excluded).
  DecodeResult<std::string> cstr(std::size_t max_length);
  // Like cstr, but the end of the input also ends the string (fields that
  // real clients send with or without the NUL).
  DecodeResult<std::string> cstr_or_rest(std::size_t max_length);

  ByteView rest() noexcept;
  // Fails with TrailingBytes unless everything was consumed.
  DecodeResult<void> expect_end() const;

 private:
  ByteView data_;
  std::size_t pos_ = 0;
};

class ByteWriter {
 public:
  explicit ByteWriter(Bytes& out) noexcept : out_(out) {}

  void u8(std::uint8_t value) { out_.push_back(value); }
  void u16le(std::uint16_t value);
  void u32le(std::uint32_t value);
  void bytes(ByteView data) { out_.insert(out_.end(), data.begin(), data.end()); }
  void text(std::string_view data) { bytes(as_bytes(data)); }
  // The bytes of value followed by one NUL.
  void cstr(std::string_view value);

  std::size_t size() const noexcept { return out_.size(); }

 private:
  Bytes& out_;
};

}  // namespace wpn::protocol
