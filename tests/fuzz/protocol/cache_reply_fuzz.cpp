// Peer-cache reply: the first two input bytes choose the chunk size the
// incremental reader is fed with, the rest is the reply. The reader must agree
// with the one-shot decoder, and a decoded reply must re-encode (with fresh
// randomness) to 149 bytes that decode equal.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/cache.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;

namespace {

class StepRandom final : public RandomSource {
 public:
  explicit StepRandom(std::uint32_t seed) : state_(seed | 1u) {}
  void fill(std::span<Byte> out) override {
    for (auto& b : out) {
      state_ ^= state_ << 13;
      state_ ^= state_ >> 17;
      state_ ^= state_ << 5;
      b = static_cast<Byte>(state_ >> 24);
    }
  }

 private:
  std::uint32_t state_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto split = wpn::fuzz::split_input(data, size);
  if (!split) return 0;
  const std::uint16_t selector = split->selector;
  const ByteView input = split->payload;
  const std::size_t chunk = 1 + selector % CacheReplyLength;

  const auto whole = decode_cache_reply(input);
  CacheReplyReader reader;
  std::size_t fed = 0;
  while (fed < input.size() && reader.status() == CacheReplyReader::Status::NeedMore)
    fed += reader.feed(input.subspan(fed, std::min(chunk, input.size() - fed)));
  if (fed > CacheReplyLength) __builtin_trap();

  const auto exact = decode_cache_reply(input.first(std::min(input.size(), CacheReplyLength)));
  switch (reader.status()) {
    case CacheReplyReader::Status::Complete:
      if (!exact || !(*exact == *reader.reply())) __builtin_trap();
      break;
    case CacheReplyReader::Status::Failed:
      if (exact || !(exact.error() == *reader.error())) __builtin_trap();
      break;
    case CacheReplyReader::Status::NeedMore:
      if (input.size() >= CacheReplyLength || exact || exact.error().code != DecodeErrc::Truncated) __builtin_trap();
      break;
  }
  if (whole.has_value() != (input.size() == CacheReplyLength && exact.has_value())) __builtin_trap();

  if (whole) {
    StepRandom random(selector);
    Bytes out;
    encode(*whole, random, out);
    const auto again = decode_cache_reply(out);
    if (out.size() != CacheReplyLength || !again || !(*again == *whole)) __builtin_trap();
  }
  return 0;
}
