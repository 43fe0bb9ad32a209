// Data-connection requests: classification is stable as bytes arrive, the GET
// and SEND parsers give the same result at every chunk size from 1 to 64, and
// anything parsed is rebuilt by the builders into bytes that parse equal.
// Input: the bytes a peer sends after the greeting '1'.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/data_request.h"

using namespace wpn::protocol;

namespace {

struct Result {
  std::vector<GetProgress> progress;
  std::optional<GetRequest> get;
  std::optional<SendRequest> send;
  std::optional<DecodeError> error;
  std::size_t left = 0;  // bytes not consumed

  friend bool operator==(const Result&, const Result&) = default;
};

Result parse_get(ByteView stream, std::size_t chunk_size) {
  Result result;
  GetRequestParser parser;
  bool complete = false;
  std::size_t begin = 0;
  for (; begin < stream.size() && !complete; begin += chunk_size) {
    ByteView chunk = stream.subspan(begin, std::min(chunk_size, stream.size() - begin));
    while (!chunk.empty()) {
      auto step = parser.feed(chunk);
      if (!step) {
        result.error = step.error();
        return result;
      }
      if (*step != GetProgress::NeedMore) result.progress.push_back(*step);
      if (*step == GetProgress::Complete) {
        complete = true;
        result.left = chunk.size() + (stream.size() - std::min(stream.size(), begin + chunk_size));
        break;
      }
    }
  }
  if (!complete) {
    auto step = parser.finish();
    if (!step) {
      result.error = step.error();
      return result;
    }
    result.progress.push_back(*step);
  }
  result.get = parser.request();
  return result;
}

Result parse_send(ByteView stream, std::size_t chunk_size) {
  Result result;
  SendRequestParser parser;
  bool complete = false;
  for (std::size_t begin = 0; begin < stream.size() && !complete; begin += chunk_size) {
    ByteView chunk = stream.subspan(begin, std::min(chunk_size, stream.size() - begin));
    auto step = parser.feed(chunk);
    if (!step) {
      result.error = step.error();
      return result;
    }
    if (*step) {
      complete = true;
      result.left = chunk.size() + (stream.size() - std::min(stream.size(), begin + chunk_size));
    }
  }
  if (!complete) {
    auto step = parser.finish();
    if (!step) {
      result.error = step.error();
      return result;
    }
  }
  result.send = parser.request();
  return result;
}

void check_classification(ByteView stream) {
  const DataRequestKind final_kind = classify_data_request(stream, true);
  for (std::size_t n = 0; n <= stream.size() && n <= 16; ++n) {
    const DataRequestKind kind = classify_data_request(stream.first(n));
    if (kind != DataRequestKind::NeedMore && kind != final_kind) __builtin_trap();
  }
}

void check_get(ByteView stream) {
  const Result whole = parse_get(stream, stream.size() + 1);
  for (std::size_t chunk = 1; chunk <= 64; ++chunk)
    if (parse_get(stream, chunk) != whole) __builtin_trap();
  if (!whole.get) return;

  const GetRequest& request = *whole.get;
  Bytes rebuilt;
  if (request.form == RequestForm::Wpn) {
    if (!append_get_wpn(rebuilt, request.nick, request.file)) __builtin_trap();
    append_segment(rebuilt, Segment{static_cast<std::uint32_t>(request.start),
                                    static_cast<std::uint32_t>(request.end.value_or(0))});
  } else if (!append_get_opennap(rebuilt, request.nick, request.file, request.start)) {
    __builtin_trap();
  }
  const Result again = parse_get(rebuilt, rebuilt.size() + 1);
  if (!again.get || !(*again.get == request) || again.left != 0) __builtin_trap();
}

void check_send(ByteView stream) {
  const Result whole = parse_send(stream, stream.size() + 1);
  for (std::size_t chunk = 1; chunk <= 64; ++chunk)
    if (parse_send(stream, chunk) != whole) __builtin_trap();
  if (!whole.send) return;

  Bytes rebuilt;
  if (!append_send_line(rebuilt, whole.send->nick, whole.send->file, whole.send->size)) __builtin_trap();
  const Result again = parse_send(rebuilt, rebuilt.size() + 1);
  if (!again.send || !(*again.send == *whole.send) || again.left != 0) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView stream(data, size);
  check_classification(stream);
  check_get(stream);
  check_send(stream);
  return 0;
}
