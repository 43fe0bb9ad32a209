// Data-connection replies: the size-reply and SEND-reply parsers give the same
// result at every chunk size from 1 to 64, and every reply they accept is
// rebuilt into bytes that parse to the same reply.
// Input: [expected size u32le][offset u32le][flags u8][reply bytes...].
#include <cstddef>
#include <cstdint>
#include <optional>

#include "protocol/data_reply.h"

using namespace wpn::protocol;

namespace {

template <class Reply>
struct Result {
  std::optional<Reply> reply;
  std::optional<DecodeError> error;
  std::size_t left = 0;

  friend bool operator==(const Result&, const Result&) = default;
};

template <class Parser>
auto parse(Parser parser, ByteView stream, std::size_t chunk_size) {
  Result<std::decay_t<decltype(parser.reply())>> result;
  for (std::size_t begin = 0; begin < stream.size(); begin += chunk_size) {
    ByteView chunk = stream.subspan(begin, std::min(chunk_size, stream.size() - begin));
    auto done = parser.feed(chunk);
    if (!done) {
      result.error = done.error();
      return result;
    }
    if (*done) {
      result.reply = parser.reply();
      result.left = chunk.size() + (stream.size() - std::min(stream.size(), begin + chunk_size));
      return result;
    }
  }
  auto done = parser.finish();
  if (!done)
    result.error = done.error();
  else
    result.reply = parser.reply();
  return result;
}

std::uint32_t u32_at(const std::uint8_t* data) {
  return static_cast<std::uint32_t>(data[0]) | static_cast<std::uint32_t>(data[1]) << 8 |
         static_cast<std::uint32_t>(data[2]) << 16 | static_cast<std::uint32_t>(data[3]) << 24;
}

void check_size_reply(ByteView stream, std::uint64_t expected, std::optional<std::uint64_t> offset) {
  const auto whole = parse(SizeReplyParser(expected, offset), stream, stream.size() + 1);
  for (std::size_t chunk = 1; chunk <= 64; ++chunk)
    if (parse(SizeReplyParser(expected, offset), stream, chunk) != whole) __builtin_trap();
  if (!whole.reply) return;

  const SizeReply& reply = *whole.reply;
  Bytes rebuilt;
  if (reply.kind == SizeReplyKind::Refused)
    ByteWriter(rebuilt).text(reply.text);
  else
    append_size_reply(rebuilt, reply.value);
  const auto again = parse(SizeReplyParser(expected, offset), rebuilt, rebuilt.size() + 1);
  if (!again.reply || again.reply->kind != reply.kind || again.reply->value != reply.value ||
      again.reply->text != reply.text)
    __builtin_trap();
}

void check_send_reply(ByteView stream) {
  const auto whole = parse(SendReplyParser{}, stream, stream.size() + 1);
  for (std::size_t chunk = 1; chunk <= 64; ++chunk)
    if (parse(SendReplyParser{}, stream, chunk) != whole) __builtin_trap();
  if (!whole.reply) return;

  const SendReply& reply = *whole.reply;
  Bytes rebuilt;
  switch (reply.kind) {
    case SendReplyKind::Offset:
      append_offset_reply(rebuilt, reply.offset);
      break;
    case SendReplyKind::Segment:
      append_segment(rebuilt, reply.segment);
      break;
    case SendReplyKind::Refused:
      ByteWriter(rebuilt).text(reply.text);
      break;
  }
  const auto again = parse(SendReplyParser{}, rebuilt, rebuilt.size() + 1);
  if (!again.reply || !(*again.reply == reply)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 9) return 0;
  const std::uint64_t expected = u32_at(data);
  const std::optional<std::uint64_t> offset =
      (data[8] & 1) != 0 ? std::optional<std::uint64_t>(u32_at(data + 4)) : std::nullopt;
  const ByteView stream(data + 9, size - 9);
  check_size_reply(stream, expected, offset);
  check_send_reply(stream);
  return 0;
}
