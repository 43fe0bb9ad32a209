#include "protocol/data_request.h"

#include <algorithm>
#include <limits>

namespace wpn::protocol {
namespace {

constexpr std::string_view GetWord = "GET";
constexpr std::string_view SendWord = "SEND";
constexpr std::string_view ListWord = "LIST";
constexpr Byte Quote = '"';
constexpr Byte Space = ' ';

bool is_digit(Byte byte) noexcept { return byte >= '0' && byte <= '9'; }
bool is_control(Byte byte) noexcept { return byte < 0x20; }
bool is_nick_byte(Byte byte) noexcept { return byte > 0x20 && byte != Quote; }

std::string_view word_of(RequestCommand command) noexcept {
  return command == RequestCommand::Get ? GetWord : SendWord;
}

// True if `head` and `word` agree on their common length.
bool agrees(ByteView head, std::string_view word) noexcept {
  const std::size_t n = std::min(head.size(), word.size());
  return std::equal(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(n), word.begin());
}

DataRequestKind classify_after(ByteView head, std::string_view word, DataRequestKind plain, DataRequestKind list,
                               bool peer_idle) noexcept {
  if (head.size() < word.size()) return DataRequestKind::NeedMore;
  const ByteView rest = head.subspan(word.size());
  if (rest.empty()) return DataRequestKind::NeedMore;
  if (!agrees(rest, ListWord)) return plain;  // includes nicks starting with 'L'
  if (rest.size() < ListWord.size()) return DataRequestKind::NeedMore;
  if (rest.size() > ListWord.size()) return plain;  // a nick beginning "LIST"
  return peer_idle ? list : DataRequestKind::NeedMore;
}

void append_decimal_text(Bytes& out, std::uint64_t value) {
  std::array<Byte, 20> digits{};
  std::size_t count = 0;
  do {
    digits[count++] = static_cast<Byte>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count > 0) out.push_back(digits[--count]);
}

std::uint32_t u32_of(ByteView four, SegmentByteOrder order) noexcept {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const Byte byte = four[static_cast<std::size_t>(order == SegmentByteOrder::Little ? 3 - i : i)];
    value = value << 8 | byte;
  }
  return value;
}

std::size_t decimal_length(std::uint64_t value) noexcept {
  std::size_t length = 1;
  while (value >= 10) {
    value /= 10;
    ++length;
  }
  return length;
}

bool valid_nick(std::string_view nick, const RequestLimits& limits) noexcept {
  if (nick.empty() || nick.size() > limits.max_nick) return false;
  return std::all_of(nick.begin(), nick.end(), [](char c) { return is_nick_byte(static_cast<Byte>(c)); });
}

BuildResult append_line(Bytes& out, RequestCommand command, std::string_view nick, std::string_view file,
                        std::optional<std::uint64_t> number, const RequestLimits& limits) {
  if (!valid_nick(nick, limits)) return tl::unexpected<BuildErrc>(BuildErrc::BadNick);
  if (!is_requestable_file_name(file, command)) return tl::unexpected<BuildErrc>(BuildErrc::BadFileName);
  const std::string_view word = word_of(command);
  const std::size_t tail = number ? decimal_length(*number) : 1;
  if (number && tail > limits.max_digits) return tl::unexpected<BuildErrc>(BuildErrc::LineTooLong);
  if (word.size() + nick.size() + 2 + file.size() + 2 + tail > limits.max_line)
    return tl::unexpected<BuildErrc>(BuildErrc::LineTooLong);
  ByteWriter writer(out);
  writer.text(word);
  writer.text(nick);
  writer.text(" \"");
  writer.text(file);
  writer.text("\" ");
  if (number)
    append_decimal_text(out, *number);
  else
    writer.u8('M');
  return {};
}

}  // namespace

DataRequestKind classify_data_request(ByteView head, bool peer_idle) noexcept {
  if (head.empty()) return DataRequestKind::NeedMore;
  if (agrees(head, GetWord))
    return classify_after(head, GetWord, DataRequestKind::Get, DataRequestKind::GetList, peer_idle);
  if (agrees(head, SendWord))
    return classify_after(head, SendWord, DataRequestKind::Send, DataRequestKind::SendList, peer_idle);
  return DataRequestKind::SessionKey;
}

DecodeResult<Segment> decode_segment(ByteView bytes, SegmentByteOrder order) {
  if (bytes.size() < SegmentSize) return decode_error(DecodeErrc::Truncated, bytes.size());
  if (bytes.size() > SegmentSize) return decode_error(DecodeErrc::TrailingBytes, SegmentSize);
  Segment segment;
  segment.start = u32_of(bytes.first(4), order);
  segment.end = u32_of(bytes.subspan(4), order);
  if (segment.end < segment.start) return decode_error(DecodeErrc::BadValue, 4);
  return segment;
}

void append_segment(Bytes& out, const Segment& segment, SegmentByteOrder order) {
  for (const std::uint32_t value : {segment.start, segment.end}) {
    for (int i = 0; i < 4; ++i) {
      const int shift = order == SegmentByteOrder::Little ? 8 * i : 8 * (3 - i);
      out.push_back(static_cast<Byte>((value >> shift) & 0xFF));
    }
  }
}

std::size_t command_word_length(ByteView line) noexcept {
  for (const std::string_view word : {SendWord, GetWord}) {
    if (line.size() >= word.size() && agrees(line, word)) return word.size();
  }
  return 0;
}

bool is_requestable_file_name(std::string_view file, RequestCommand command) noexcept {
  if (file.empty()) return false;
  for (std::size_t i = 0; i < file.size(); ++i) {
    const auto byte = static_cast<Byte>(file[i]);
    if (is_control(byte)) return false;
    if (byte == Quote && i + 2 < file.size() && file[i + 1] == ' ') {
      const auto after = static_cast<Byte>(file[i + 2]);
      if (is_digit(after) || (command == RequestCommand::Get && after == 'M')) return false;
    }
  }
  return true;
}

BuildResult append_get_wpn(Bytes& out, std::string_view nick, std::string_view file, const RequestLimits& limits) {
  return append_line(out, RequestCommand::Get, nick, file, std::nullopt, limits);
}

BuildResult append_get_opennap(Bytes& out, std::string_view nick, std::string_view file, std::uint64_t offset,
                               const RequestLimits& limits) {
  return append_line(out, RequestCommand::Get, nick, file, offset, limits);
}

BuildResult append_send_line(Bytes& out, std::string_view nick, std::string_view file, std::uint64_t size,
                             const RequestLimits& limits) {
  return append_line(out, RequestCommand::Send, nick, file, size, limits);
}

// --- RequestLineParser ------------------------------------------------------

RequestLineParser::RequestLineParser(RequestCommand command, RequestLimits limits) noexcept
    : command_(command), limits_(limits) {}

DecodeResult<bool> RequestLineParser::fail(DecodeErrc code, std::size_t offset) {
  state_ = State::Failed;
  error_ = DecodeError{code, offset};
  return tl::unexpected<DecodeError>(error_);
}

DecodeResult<bool> RequestLineParser::feed(ByteView& input) {
  while (state_ != State::Done) {
    if (state_ == State::Failed) return tl::unexpected<DecodeError>(error_);
    if (input.empty()) return false;
    if (consumed_ == limits_.max_line) return fail(DecodeErrc::LengthOverLimit, consumed_);
    auto stepped = step(input.front());
    if (!stepped) return stepped;
    ++consumed_;
    input = input.subspan(1);
  }
  return true;
}

// Handles one byte at offset consumed_. A byte that belongs to another state is
// handed on within this call, so every byte is consumed exactly once.
DecodeResult<bool> RequestLineParser::step(Byte byte) {
  const std::size_t at = consumed_;
  while (true) {
    switch (state_) {
      case State::Command: {
        const std::string_view word = word_of(command_);
        if (byte != static_cast<Byte>(word[at])) return fail(DecodeErrc::BadRequest, at);
        if (at + 1 == word.size()) state_ = State::AfterCommand;
        return true;
      }
      case State::AfterCommand:
        state_ = State::Nick;
        if (byte == Space) return true;  // tolerated, never sent
        continue;
      case State::Nick:
        if (byte == Space) {
          if (nick_.empty()) return fail(DecodeErrc::BadRequest, at);
          state_ = State::NameOpen;
          return true;
        }
        if (!is_nick_byte(byte)) return fail(DecodeErrc::BadRequest, at);
        if (nick_.size() == limits_.max_nick) return fail(DecodeErrc::LengthOverLimit, at);
        nick_.push_back(static_cast<char>(byte));
        return true;
      case State::NameOpen:
        if (byte != Quote) return fail(DecodeErrc::BadRequest, at);
        state_ = State::Name;
        return true;
      case State::Name:
        if (byte == Quote) {
          state_ = State::NameQuote;
          return true;
        }
        if (is_control(byte)) return fail(DecodeErrc::BadRequest, at);
        file_.push_back(static_cast<char>(byte));
        return true;
      case State::NameQuote:
        if (byte == Space) {
          state_ = State::NameQuoteSpace;
          return true;
        }
        file_.push_back('"');  // the quote did not end the name
        state_ = State::Name;
        continue;
      case State::NameQuoteSpace:
        if ((byte == 'M' && command_ == RequestCommand::Get) || is_digit(byte)) {
          if (file_.empty()) return fail(DecodeErrc::BadRequest, at);
          if (byte == 'M') {
            form_ = RequestForm::Wpn;
            state_ = State::Done;
            return true;
          }
          form_ = RequestForm::OpenNap;
          state_ = State::Digits;
          continue;
        }
        file_.append("\" ");  // nor did quote + space
        state_ = State::Name;
        continue;
      case State::Digits: {
        if (!is_digit(byte)) return fail(DecodeErrc::BadRequest, at);
        const auto digit = static_cast<std::uint64_t>(byte - '0');
        if (number_ > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return fail(DecodeErrc::BadValue, at);
        number_ = number_ * 10 + digit;
        if (++digits_ == limits_.max_digits) state_ = State::Done;
        return true;
      }
      case State::Done:
      case State::Failed:
        return fail(DecodeErrc::BadRequest, at);  // not reached: feed() stops first
    }
  }
}

DecodeResult<bool> RequestLineParser::finish() {
  switch (state_) {
    case State::Done:
      return true;
    case State::Failed:
      return tl::unexpected<DecodeError>(error_);
    case State::Digits:
      state_ = State::Done;
      return true;
    default:
      return fail(DecodeErrc::Truncated, consumed_);
  }
}

// --- GetRequestParser -------------------------------------------------------

DecodeResult<GetProgress> GetRequestParser::on_line_complete() {
  request_.nick = line_.nick();
  request_.file = line_.file();
  request_.form = line_.form();
  if (request_.form == RequestForm::OpenNap) {
    request_.start = line_.number();
    request_.end.reset();
    phase_ = Phase::Done;
    return GetProgress::Complete;
  }
  phase_ = Phase::Segment;
  return GetProgress::LineComplete;
}

DecodeResult<GetProgress> GetRequestParser::feed(ByteView& input) {
  switch (phase_) {
    case Phase::Failed:
      return tl::unexpected<DecodeError>(error_);
    case Phase::Done:
      return GetProgress::Complete;
    case Phase::Line: {
      auto complete = line_.feed(input);
      if (!complete) {
        error_ = complete.error();
        phase_ = Phase::Failed;
        return tl::unexpected<DecodeError>(error_);
      }
      if (!*complete) return GetProgress::NeedMore;
      return on_line_complete();
    }
    case Phase::Segment: {
      const std::size_t count = std::min(input.size(), SegmentSize - segment_filled_);
      std::copy_n(input.begin(), count, segment_.begin() + static_cast<std::ptrdiff_t>(segment_filled_));
      segment_filled_ += count;
      input = input.subspan(count);
      if (segment_filled_ < SegmentSize) return GetProgress::NeedMore;
      auto segment = decode_segment(segment_, order_);
      if (!segment) {
        error_ = DecodeError{segment.error().code, line_.consumed() + segment.error().offset};
        phase_ = Phase::Failed;
        return tl::unexpected<DecodeError>(error_);
      }
      request_.start = segment->start;
      request_.end = segment->end;
      phase_ = Phase::Done;
      return GetProgress::Complete;
    }
  }
  return GetProgress::NeedMore;  // not reached
}

DecodeResult<GetProgress> GetRequestParser::finish() {
  switch (phase_) {
    case Phase::Failed:
      return tl::unexpected<DecodeError>(error_);
    case Phase::Done:
      return GetProgress::Complete;
    case Phase::Line: {
      auto complete = line_.finish();
      if (!complete) {
        error_ = complete.error();
        phase_ = Phase::Failed;
        return tl::unexpected<DecodeError>(error_);
      }
      return on_line_complete();
    }
    case Phase::Segment:
      error_ = DecodeError{DecodeErrc::Truncated, line_.consumed() + segment_filled_};
      phase_ = Phase::Failed;
      return tl::unexpected<DecodeError>(error_);
  }
  return GetProgress::NeedMore;  // not reached
}

// --- SendRequestParser ------------------------------------------------------

DecodeResult<bool> SendRequestParser::on_result(DecodeResult<bool> result) {
  if (result && *result) {
    request_.nick = line_.nick();
    request_.file = line_.file();
    request_.size = line_.number();
  }
  return result;
}

DecodeResult<bool> SendRequestParser::feed(ByteView& input) { return on_result(line_.feed(input)); }

DecodeResult<bool> SendRequestParser::finish() { return on_result(line_.finish()); }

}  // namespace wpn::protocol
