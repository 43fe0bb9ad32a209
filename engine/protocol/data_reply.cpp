#include "protocol/data_reply.h"

#include <limits>

namespace wpn::protocol {
namespace {

bool is_digit(Byte byte) noexcept { return byte >= '0' && byte <= '9'; }
bool is_printable(Byte byte) noexcept { return byte >= 0x20 && byte <= 0x7E; }

std::string decimal(std::uint64_t value) { return std::to_string(value); }

}  // namespace

std::string_view refusal_text(Refusal refusal) noexcept {
  switch (refusal) {
    case Refusal::FileNotShared:
      return FileNotSharedText;
    case Refusal::InvalidRequest:
      return InvalidRequestText;
  }
  return InvalidRequestText;
}

void append_refusal(Bytes& out, Refusal refusal) { ByteWriter(out).text(refusal_text(refusal)); }

void append_decimal(Bytes& out, std::uint64_t value) { ByteWriter(out).text(decimal(value)); }

// --- SizeReplyParser --------------------------------------------------------

SizeReplyParser::SizeReplyParser(std::uint64_t expected_size, std::optional<std::uint64_t> opennap_offset)
    : expected_(expected_size), total_(decimal(expected_size)) {
  if (opennap_offset && *opennap_offset > 0 && *opennap_offset <= expected_size) {
    remaining_value_ = expected_size - *opennap_offset;
    remaining_ = decimal(remaining_value_);
  }
  digits_.reserve(total_.size());
  on_remaining_ = !remaining_.empty();
}

DecodeResult<bool> SizeReplyParser::fail(DecodeErrc code, std::size_t offset) {
  state_ = State::Failed;
  error_ = DecodeError{code, offset};
  return tl::unexpected<DecodeError>(error_);
}

// The digits read equal the remaining length, but they also begin the total:
// the next bytes decide.
bool SizeReplyParser::remaining_pending() const noexcept {
  return !remaining_.empty() && digits_ == remaining_ && remaining_.size() < total_.size() &&
         total_.starts_with(remaining_);
}

DecodeResult<bool> SizeReplyParser::complete_remaining() {
  reply_.kind = SizeReplyKind::Remaining;
  reply_.value = remaining_value_;
  const std::string_view extra = std::string_view(digits_).substr(remaining_.size());
  reply_.data_prefix.assign(extra.begin(), extra.end());
  state_ = State::Done;
  return true;
}

DecodeResult<bool> SizeReplyParser::step(Byte byte, bool& consumed) {
  consumed = false;
  if (state_ == State::Start) state_ = is_digit(byte) ? State::Digits : State::Text;

  if (state_ == State::Text) {
    consumed = true;
    reply_.kind = SizeReplyKind::Refused;
    reply_.text.push_back(static_cast<char>(byte));
    if (reply_.text.size() < MaxReplyTextLength) return false;
    state_ = State::Done;
    return true;
  }

  // Digits: take the byte only while it can still be part of one of the numbers.
  const std::size_t at = digits_.size();
  const bool fits_total = on_total_ && at < total_.size() && static_cast<Byte>(total_[at]) == byte;
  const bool fits_remaining = on_remaining_ && at < remaining_.size() && static_cast<Byte>(remaining_[at]) == byte;
  if (fits_total || fits_remaining) {
    consumed = true;
    on_total_ = fits_total;
    on_remaining_ = fits_remaining;
    digits_.push_back(static_cast<char>(byte));
    if (digits_ == total_) {
      reply_.kind = SizeReplyKind::Total;
      reply_.value = expected_;
      state_ = State::Done;
      return true;
    }
    if (digits_ == remaining_ && !remaining_pending()) return complete_remaining();
    return false;
  }
  if (!remaining_.empty() && digits_.starts_with(remaining_)) return complete_remaining();
  return fail(DecodeErrc::BadValue, consumed_);
}

DecodeResult<bool> SizeReplyParser::feed(ByteView& input) {
  while (state_ != State::Done) {
    if (state_ == State::Failed) return tl::unexpected<DecodeError>(error_);
    if (input.empty()) return false;
    bool consumed = false;
    auto complete = step(input.front(), consumed);
    if (consumed) {
      ++consumed_;
      input = input.subspan(1);
    }
    if (!complete || *complete) return complete;
  }
  return true;
}

DecodeResult<bool> SizeReplyParser::finish() {
  switch (state_) {
    case State::Done:
      return true;
    case State::Failed:
      return tl::unexpected<DecodeError>(error_);
    case State::Text:
      state_ = State::Done;
      return true;
    case State::Digits:
      if (!remaining_.empty() && digits_.starts_with(remaining_)) return complete_remaining();
      return fail(DecodeErrc::Truncated, consumed_);
    case State::Start:
      return fail(DecodeErrc::Truncated, consumed_);
  }
  return fail(DecodeErrc::Truncated, consumed_);  // not reached
}

// --- SendReplyParser --------------------------------------------------------

DecodeResult<bool> SendReplyParser::fail(DecodeErrc code, std::size_t offset) {
  state_ = State::Failed;
  error_ = DecodeError{code, offset};
  return tl::unexpected<DecodeError>(error_);
}

DecodeResult<bool> SendReplyParser::complete_digits() {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    const auto digit = static_cast<std::uint64_t>(bytes_[i] - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return fail(DecodeErrc::BadValue, i);
    value = value * 10 + digit;
  }
  reply_.kind = SendReplyKind::Offset;
  reply_.offset = value;
  state_ = State::Done;
  return true;
}

DecodeResult<bool> SendReplyParser::feed(ByteView& input) {
  while (state_ != State::Done) {
    if (state_ == State::Failed) return tl::unexpected<DecodeError>(error_);
    if (input.empty()) return false;
    const Byte byte = input.front();
    input = input.subspan(1);
    if (state_ == State::Reading && bytes_.size() < SegmentSize && !is_printable(byte)) state_ = State::Binary;
    bytes_.push_back(static_cast<char>(byte));

    if (state_ == State::Binary) {
      if (bytes_.size() < SegmentSize) continue;
      auto segment = decode_segment(as_bytes(bytes_), order_);
      if (!segment) return fail(segment.error().code, segment.error().offset);
      reply_.kind = SendReplyKind::Segment;
      reply_.segment = *segment;
      state_ = State::Done;
      return true;
    }
    all_digits_ = all_digits_ && is_digit(byte);
    if (all_digits_ && bytes_.size() == MaxReplyDigits) return complete_digits();
    if (bytes_.size() == MaxReplyTextLength) {
      reply_.kind = SendReplyKind::Refused;
      reply_.text = bytes_;
      state_ = State::Done;
      return true;
    }
  }
  return true;
}

DecodeResult<bool> SendReplyParser::finish() {
  switch (state_) {
    case State::Done:
      return true;
    case State::Failed:
      return tl::unexpected<DecodeError>(error_);
    case State::Binary:
      return fail(DecodeErrc::Truncated, bytes_.size());
    case State::Reading:
      if (bytes_.empty()) return fail(DecodeErrc::Truncated, 0);
      if (all_digits_) return complete_digits();
      reply_.kind = SendReplyKind::Refused;
      reply_.text = bytes_;
      state_ = State::Done;
      return true;
  }
  return fail(DecodeErrc::Truncated, bytes_.size());  // not reached
}

}  // namespace wpn::protocol
