// Frame decoder: the same stream split into every chunk size from 1 to 64 must
// give the same frames, skips and error as one whole chunk, with and without a
// cipher; the frames re-encoded with the same key must give back the stream.
// Input: [key u32le][options u8][stream...].
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/frame_decoder.h"
#include "protocol/frame_encoder.h"

using namespace wpn::protocol;

namespace {

struct Event {
  FrameStatus status;
  std::uint16_t type;
  std::size_t length;
  Bytes payload;
};

struct Outcome {
  std::vector<Event> events;
  std::optional<DecodeError> error;
  std::size_t consumed = 0;
  std::optional<std::uint32_t> cipher_state;
};

// Decodes `stream` in chunks of chunk_size. With a reference, every event is
// compared on the spot (no copies); without one, the events are recorded.
Outcome decode(ByteView stream, std::size_t chunk_size, std::optional<TcpCipher> cipher, FrameDecoderOptions options,
               const Outcome* reference) {
  FrameDecoder decoder(cipher, options);
  Outcome outcome;
  Frame frame;
  std::size_t index = 0;
  for (std::size_t begin = 0; begin < stream.size() && !outcome.error; begin += chunk_size) {
    ByteView chunk = stream.subspan(begin, std::min(chunk_size, stream.size() - begin));
    while (true) {
      auto status = decoder.next(chunk, frame);
      if (!status) {
        outcome.error = status.error();
        break;
      }
      if (*status == FrameStatus::NeedMore) break;
      const std::size_t length = *status == FrameStatus::Skipped ? decoder.skipped_length() : frame.payload.size();
      if (reference == nullptr) {
        outcome.events.push_back(Event{*status, frame.type, length, frame.payload});
        continue;
      }
      if (index >= reference->events.size()) __builtin_trap();
      const Event& expected = reference->events[index++];
      if (expected.status != *status || expected.type != frame.type || expected.length != length ||
          expected.payload != frame.payload)
        __builtin_trap();
    }
  }
  if (reference != nullptr && index != reference->events.size()) __builtin_trap();
  outcome.consumed = decoder.consumed();
  outcome.cipher_state = decoder.cipher_state();
  return outcome;
}

void check(ByteView stream, std::optional<TcpCipher> cipher, FrameDecoderOptions options) {
  const Outcome whole = decode(stream, stream.size() + 1, cipher, options, nullptr);
  for (std::size_t chunk = 1; chunk <= 64; ++chunk) {
    const Outcome split = decode(stream, chunk, cipher, options, &whole);
    if (split.error != whole.error || split.consumed != whole.consumed || split.cipher_state != whole.cipher_state)
      __builtin_trap();
  }

  // Re-encode the frames up to the first skip: the stream must come back.
  FrameEncoder encoder(cipher, ReceivePayloadCap);
  Bytes again;
  for (const Event& event : whole.events) {
    if (event.status != FrameStatus::Ready) break;
    if (!encoder.encode(event.type, event.payload, again)) __builtin_trap();
  }
  if (again.size() > stream.size()) __builtin_trap();
  for (std::size_t i = 0; i < again.size(); ++i)
    if (again[i] != stream[i]) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  const std::uint32_t key = static_cast<std::uint32_t>(data[0]) | static_cast<std::uint32_t>(data[1]) << 8 |
                            static_cast<std::uint32_t>(data[2]) << 16 | static_cast<std::uint32_t>(data[3]) << 24;
  // Options byte: bit 0 discard, bits 1-7 a small cap (0 = the default cap).
  const std::size_t cap_bits = data[4] >> 1;
  FrameDecoderOptions options;
  options.oversize = (data[4] & 1) != 0 ? OversizePolicy::Discard : OversizePolicy::Fail;
  options.max_payload = cap_bits == 0 ? ReceivePayloadCap : cap_bits * 8;
  const ByteView stream(data + 5, size - 5);
  check(stream, std::nullopt, options);
  check(stream, TcpCipher(key), options);
  return 0;
}
