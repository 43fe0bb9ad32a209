#include "protocol/bytes.h"

#include <algorithm>

namespace wpn::protocol {

DecodeResult<std::uint8_t> ByteReader::u8() {
  if (remaining() < 1) return decode_error(DecodeErrc::Truncated, pos_);
  return data_[pos_++];
}

DecodeResult<std::uint16_t> ByteReader::u16le() {
  if (remaining() < 2) return decode_error(DecodeErrc::Truncated, pos_);
  const auto value = static_cast<std::uint16_t>(data_[pos_] | (data_[pos_ + 1] << 8));
  pos_ += 2;
  return value;
}

DecodeResult<std::uint32_t> ByteReader::u32le() {
  if (remaining() < 4) return decode_error(DecodeErrc::Truncated, pos_);
  const std::uint32_t value =
      static_cast<std::uint32_t>(data_[pos_]) | static_cast<std::uint32_t>(data_[pos_ + 1]) << 8 |
      static_cast<std::uint32_t>(data_[pos_ + 2]) << 16 | static_cast<std::uint32_t>(data_[pos_ + 3]) << 24;
  pos_ += 4;
  return value;
}

DecodeResult<ByteView> ByteReader::take(std::size_t count) {
  if (remaining() < count) return decode_error(DecodeErrc::Truncated, pos_);
  const ByteView view = data_.subspan(pos_, count);
  pos_ += count;
  return view;
}

DecodeResult<std::string> ByteReader::cstr(std::size_t max_length) {
  const auto tail = data_.subspan(pos_);
  const auto nul = std::find(tail.begin(), tail.end(), Byte{0});
  const auto length = static_cast<std::size_t>(nul - tail.begin());
  if (length > max_length) return decode_error(DecodeErrc::LengthOverLimit, pos_);
  if (nul == tail.end()) return decode_error(DecodeErrc::MissingTerminator, data_.size());
  std::string value(as_chars(tail.first(length)));
  pos_ += length + 1;
  return value;
}

DecodeResult<std::string> ByteReader::cstr_or_rest(std::size_t max_length) {
  const auto tail = data_.subspan(pos_);
  const auto nul = std::find(tail.begin(), tail.end(), Byte{0});
  const auto length = static_cast<std::size_t>(nul - tail.begin());
  if (length > max_length) return decode_error(DecodeErrc::LengthOverLimit, pos_);
  std::string value(as_chars(tail.first(length)));
  pos_ += length + (nul == tail.end() ? 0 : 1);
  return value;
}

ByteView ByteReader::rest() noexcept {
  const ByteView view = data_.subspan(pos_);
  pos_ = data_.size();
  return view;
}

DecodeResult<void> ByteReader::expect_end() const {
  if (!empty()) return decode_error(DecodeErrc::TrailingBytes, pos_);
  return {};
}

void ByteWriter::u16le(std::uint16_t value) {
  out_.push_back(static_cast<Byte>(value & 0xFF));
  out_.push_back(static_cast<Byte>(value >> 8));
}

void ByteWriter::u32le(std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out_.push_back(static_cast<Byte>((value >> shift) & 0xFF));
}

void ByteWriter::cstr(std::string_view value) {
  text(value);
  out_.push_back(0);
}

}  // namespace wpn::protocol
