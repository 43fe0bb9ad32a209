#include "protocol/frame_decoder.h"

#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include "protocol/frame_encoder.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using Poco::JSON::Array;
using Poco::JSON::Object;
using wpn::test::bytes_of;
using wpn::test::hex;

BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::FrameStatus)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::FrameDecoder::State)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::Frame)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::DecodeError)

namespace {

constexpr std::uint32_t StreamKey = 0x9a22d76b;

// A chunk-by-chunk decode: frames, skips and the error in the order they came.
struct Outcome {
  std::vector<Frame> frames;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> skipped;  // type, length
  std::optional<DecodeError> error;
};

Outcome decode_in_chunks(FrameDecoder& decoder, ByteView stream, const std::vector<std::size_t>& cuts) {
  Outcome outcome;
  std::size_t begin = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(stream.size());
  Frame frame;
  for (const std::size_t end : ends) {
    ByteView chunk = stream.subspan(begin, end - begin);
    begin = end;
    while (true) {
      auto status = decoder.next(chunk, frame);
      if (!status) {
        outcome.error = status.error();
        return outcome;
      }
      if (*status == FrameStatus::NeedMore) break;
      if (*status == FrameStatus::Ready) outcome.frames.push_back(frame);
      if (*status == FrameStatus::Skipped) outcome.skipped.emplace_back(frame.type, decoder.skipped_length());
    }
    BOOST_REQUIRE(chunk.empty());
  }
  return outcome;
}

std::vector<Frame> sample_frames() {
  Bytes big(700);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<Byte>(i * 7 + 3);
  return {
      Frame{0x03E9, bytes_of(std::string("tester123\0\x08\x00\x2b\x1a", 14))},
      Frame{0x03A1, {}},
      Frame{0x0384, bytes_of("9006 6 of 6 available")},
      Frame{0x1771, {0x42}},
      Frame{0x0FA3, big},
      Frame{0x0460, hex("1653")},
  };
}

Bytes encode_all(const std::vector<Frame>& frames, std::optional<TcpCipher> cipher,
                 std::size_t max_payload = MaxSendPayload) {
  FrameEncoder encoder(cipher, max_payload);
  Bytes stream;
  for (const Frame& frame : frames) BOOST_REQUIRE(encoder.encode(frame, stream).has_value());
  return stream;
}

Object::Ptr session_vectors() {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("crypto.json")))
      .extract<Object::Ptr>()
      ->getObject("tcp")
      ->getObject("session");
}

std::uint32_t key_of(const Object::Ptr& o, const char* name) {
  return static_cast<std::uint32_t>(std::stoul(o->getValue<std::string>(name), nullptr, 16));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(frame_decoder)

BOOST_AUTO_TEST_CASE(decodes_plaintext_frames_from_literal_bytes) {
  // 0x03E9 with "ab", then an empty 0x03A1 (protocol.md §5 layout).
  const Bytes stream = hex("e903 0200 6162  a103 0000");
  FrameDecoder decoder;
  std::vector<Frame> frames;
  const auto summary = decoder.feed(stream, frames);
  BOOST_REQUIRE(summary.has_value());
  BOOST_TEST(summary->frames == 2u);
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(frames[0].type == 0x03E9);
  BOOST_TEST(frames[0].payload == bytes_of("ab"));
  BOOST_TEST(frames[1].type == 0x03A1);
  BOOST_TEST(frames[1].payload.empty());
  BOOST_TEST(decoder.consumed() == stream.size());
  BOOST_TEST(!decoder.cipher_state().has_value());
}

BOOST_AUTO_TEST_CASE(decrypts_the_golden_session_streams_into_their_framed_messages) {
  const Object::Ptr session = session_vectors();
  for (const auto& [direction, key_name] :
       {std::pair{"client_to_server", "up_key"}, std::pair{"server_to_client", "down_key"}}) {
    const Array::Ptr messages = session->getArray(direction);
    BOOST_REQUIRE(messages->size() > 0u);
    Bytes stream;
    for (std::size_t i = 0; i < messages->size(); ++i) {
      const Bytes cipher = hex(messages->getObject(static_cast<unsigned>(i))->getValue<std::string>("ciphertext"));
      stream.insert(stream.end(), cipher.begin(), cipher.end());
    }
    // Byte by byte: the harshest chunking.
    FrameDecoder decoder(TcpCipher(key_of(session, key_name)));
    Frame frame;
    std::size_t index = 0;
    for (const Byte byte : stream) {
      ByteView one(&byte, 1);
      auto status = decoder.next(one, frame);
      BOOST_REQUIRE(status.has_value());
      if (*status != FrameStatus::Ready) continue;
      const Object::Ptr message = messages->getObject(static_cast<unsigned>(index));
      const Bytes plain = hex(message->getValue<std::string>("plaintext"));
      BOOST_REQUIRE(plain.size() >= FrameHeaderSize);
      BOOST_TEST(frame.type == (plain[0] | plain[1] << 8), direction << "[" << index << "]");
      BOOST_TEST((plain[2] | plain[3] << 8) == static_cast<int>(frame.payload.size()));
      BOOST_TEST(frame.payload == Bytes(plain.begin() + FrameHeaderSize, plain.end()));
      BOOST_TEST(*decoder.cipher_state() == key_of(message, "key_after"), direction << "[" << index << "]");
      ++index;
    }
    BOOST_TEST(index == messages->size());
  }
}

BOOST_AUTO_TEST_CASE(gives_the_same_frames_for_a_split_at_every_offset) {
  const std::vector<Frame> frames = sample_frames();
  const Bytes stream = encode_all(frames, TcpCipher(StreamKey));
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    FrameDecoder decoder{TcpCipher(StreamKey)};
    const Outcome outcome = decode_in_chunks(decoder, stream, {cut});
    BOOST_REQUIRE_MESSAGE(outcome.frames == frames, "split at " << cut);
    BOOST_TEST(!outcome.error.has_value());
    BOOST_TEST(decoder.state() == FrameDecoder::State::AwaitingHeader);
  }
}

BOOST_AUTO_TEST_CASE(gives_the_same_frames_for_every_pair_of_split_offsets) {
  const std::vector<Frame> frames = {Frame{0x0384, bytes_of("ok")}, Frame{0x03A1, {}}, Frame{0x1389, hex("01020304")},
                                     Frame{0x0460, hex("1653")}};
  const Bytes stream = encode_all(frames, TcpCipher(StreamKey));
  for (std::size_t first = 0; first <= stream.size(); ++first) {
    for (std::size_t second = first; second <= stream.size(); ++second) {
      FrameDecoder decoder{TcpCipher(StreamKey)};
      const Outcome outcome = decode_in_chunks(decoder, stream, {first, second});
      BOOST_REQUIRE_MESSAGE(outcome.frames == frames, "splits at " << first << ", " << second);
    }
  }
}

BOOST_AUTO_TEST_CASE(resumes_after_header_split_across_reads) {
  const Bytes stream = encode_all({Frame{0x0460, hex("1653")}}, TcpCipher(StreamKey));
  FrameDecoder decoder{TcpCipher(StreamKey)};
  Frame frame;
  ByteView first = ByteView(stream).first(1);
  BOOST_TEST(decoder.next(first, frame).value() == FrameStatus::NeedMore);
  BOOST_TEST(decoder.state() == FrameDecoder::State::AwaitingHeader);
  ByteView second = ByteView(stream).subspan(1, 3);
  BOOST_TEST(decoder.next(second, frame).value() == FrameStatus::NeedMore);
  BOOST_TEST(decoder.state() == FrameDecoder::State::AwaitingBody);
  ByteView rest = ByteView(stream).subspan(4);
  BOOST_TEST(decoder.next(rest, frame).value() == FrameStatus::Ready);
  BOOST_TEST(frame.type == 0x0460);
  BOOST_TEST(frame.payload == hex("1653"));
}

BOOST_AUTO_TEST_CASE(emits_zero_length_frames_even_at_the_end_of_a_chunk) {
  const Bytes stream = encode_all({Frame{0x03A1, {}}, Frame{0x03A1, {}}}, TcpCipher(StreamKey));
  FrameDecoder decoder{TcpCipher(StreamKey)};
  std::vector<Frame> frames;
  BOOST_TEST(decoder.feed(ByteView(stream).first(4), frames).value().frames == 1u);
  BOOST_TEST(decoder.feed(ByteView(stream).subspan(4), frames).value().frames == 1u);
  BOOST_REQUIRE(frames.size() == 2u);
  BOOST_TEST(frames[1].type == 0x03A1);
  BOOST_TEST(frames[1].payload.empty());
}

BOOST_AUTO_TEST_CASE(stops_after_one_frame_and_leaves_the_rest_of_the_input) {
  const Bytes stream = hex("e903 0100 61  e903 0100 62");
  FrameDecoder decoder;
  Frame frame;
  ByteView input(stream);
  BOOST_TEST(decoder.next(input, frame).value() == FrameStatus::Ready);
  BOOST_TEST(input.size() == 5u);
  BOOST_TEST(decoder.next(input, frame).value() == FrameStatus::Ready);
  BOOST_TEST(frame.payload == bytes_of("b"));
  BOOST_TEST(input.empty());
}

BOOST_AUTO_TEST_CASE(rejects_length_above_limit_with_the_offset_of_the_length_field) {
  const Bytes stream =
      encode_all({Frame{0x0384, bytes_of("0123456789")}, Frame{0x0FA3, Bytes(101, 0x41)}}, TcpCipher(StreamKey));
  FrameDecoder decoder(TcpCipher(StreamKey), FrameDecoderOptions{100, OversizePolicy::Fail});
  std::vector<Frame> frames;
  const auto result = decoder.feed(stream, frames);
  BOOST_REQUIRE(!result.has_value());
  BOOST_TEST(result.error().code == DecodeErrc::LengthOverLimit);
  BOOST_TEST(result.error().offset == 4u + 10u + 2u);
  BOOST_TEST(frames.size() == 1u);  // the frame before the error is kept
  BOOST_TEST(decoder.state() == FrameDecoder::State::Failed);
}

BOOST_AUTO_TEST_CASE(accepts_a_payload_exactly_at_the_limit) {
  const std::vector<Frame> frames = {Frame{0x0FA3, Bytes(100, 0x41)}};
  const Bytes stream = encode_all(frames, TcpCipher(StreamKey));
  FrameDecoder decoder(TcpCipher(StreamKey), FrameDecoderOptions{100, OversizePolicy::Fail});
  std::vector<Frame> out;
  BOOST_REQUIRE(decoder.feed(stream, out).has_value());
  BOOST_TEST(out == frames);
}

BOOST_AUTO_TEST_CASE(stays_failed_until_reset) {
  const Bytes stream = hex("e903 0500 6162636465  e903 0100 61");
  FrameDecoder decoder(std::nullopt, FrameDecoderOptions{4, OversizePolicy::Fail});
  Frame frame;
  ByteView input(stream);
  const auto first = decoder.next(input, frame);
  BOOST_REQUIRE(!first.has_value());
  const std::size_t left = input.size();
  const auto again = decoder.next(input, frame);
  BOOST_REQUIRE(!again.has_value());
  BOOST_TEST(again.error() == first.error());
  BOOST_TEST(input.size() == left);  // nothing consumed while failed

  decoder.reset();
  BOOST_TEST(decoder.state() == FrameDecoder::State::AwaitingHeader);
  BOOST_TEST(decoder.consumed() == 0u);
  ByteView tail = ByteView(stream).subspan(9);
  BOOST_TEST(decoder.next(tail, frame).value() == FrameStatus::Ready);
  BOOST_TEST(frame.payload == bytes_of("a"));
}

BOOST_AUTO_TEST_CASE(reset_restores_the_initial_cipher_key) {
  const std::vector<Frame> frames = {Frame{0x0384, bytes_of("again")}};
  const Bytes stream = encode_all(frames, TcpCipher(StreamKey));
  FrameDecoder decoder{TcpCipher(StreamKey)};
  std::vector<Frame> out;
  BOOST_REQUIRE(decoder.feed(ByteView(stream).first(6), out).has_value());
  decoder.reset();
  BOOST_TEST(*decoder.cipher_state() == StreamKey);
  BOOST_REQUIRE(decoder.feed(stream, out).has_value());
  BOOST_TEST(out == frames);
}

BOOST_AUTO_TEST_CASE(reset_with_a_new_cipher_decodes_a_new_stream) {
  const std::vector<Frame> frames = {Frame{0x0384, bytes_of("other key")}};
  const Bytes stream = encode_all(frames, TcpCipher(0x01020304));
  FrameDecoder decoder{TcpCipher(StreamKey)};
  decoder.reset(TcpCipher(0x01020304));
  std::vector<Frame> out;
  BOOST_REQUIRE(decoder.feed(stream, out).has_value());
  BOOST_TEST(out == frames);
}

BOOST_AUTO_TEST_CASE(discard_mode_skips_oversize_frames_and_keeps_the_cipher_in_sync) {
  const Frame before{0x0384, bytes_of("before")};
  const Frame oversize{0x0FA3, Bytes(1500, 0x5A)};
  const Frame after{0x0460, hex("1653")};
  const Bytes stream = encode_all({before, oversize, after}, TcpCipher(StreamKey));
  for (std::size_t cut = 0; cut <= stream.size(); cut += 7) {
    FrameDecoder decoder(TcpCipher(StreamKey), FrameDecoderOptions{1000, OversizePolicy::Discard});
    const Outcome outcome = decode_in_chunks(decoder, stream, {cut});
    BOOST_TEST(!outcome.error.has_value());
    BOOST_REQUIRE_MESSAGE(outcome.frames == (std::vector<Frame>{before, after}), "split at " << cut);
    BOOST_REQUIRE(outcome.skipped.size() == 1u);
    BOOST_TEST(outcome.skipped[0].first == 0x0FA3);
    BOOST_TEST(outcome.skipped[0].second == 1500u);
  }
}

BOOST_AUTO_TEST_CASE(robomx_options_drop_payloads_of_3072_bytes_and_keep_3071) {
  const Frame kept{0x0FA3, Bytes(3071, 0x11)};
  const Frame dropped{0x0FA3, Bytes(3072, 0x22)};
  const Frame last{0x03A1, {}};
  const Bytes stream = encode_all({kept, dropped, last}, TcpCipher(StreamKey), ReceivePayloadCap);
  FrameDecoder decoder(TcpCipher(StreamKey), RoboMxReceiveOptions);
  std::vector<Frame> out;
  const auto summary = decoder.feed(stream, out);
  BOOST_REQUIRE(summary.has_value());
  BOOST_TEST(summary->skipped == 1u);
  BOOST_TEST(out == (std::vector<Frame>{kept, last}));
}

BOOST_AUTO_TEST_CASE(accepts_the_largest_u16_length_by_default) {
  const std::vector<Frame> frames = {Frame{0x0FA3, Bytes(65535, 0x33)}, Frame{0x03A1, {}}};
  const Bytes stream = encode_all(frames, TcpCipher(StreamKey), ReceivePayloadCap);
  FrameDecoder decoder{TcpCipher(StreamKey)};
  std::vector<Frame> out;
  BOOST_REQUIRE(decoder.feed(stream, out).has_value());
  BOOST_TEST(out == frames);
}

BOOST_AUTO_TEST_CASE(a_reused_frame_carries_no_stale_payload) {
  const Bytes stream = hex("e903 0300 616263  a103 0000  e903 0100 7a");
  FrameDecoder decoder;
  Frame frame;
  ByteView input(stream);
  BOOST_TEST(decoder.next(input, frame).value() == FrameStatus::Ready);
  BOOST_TEST(frame.payload == bytes_of("abc"));
  BOOST_TEST(decoder.next(input, frame).value() == FrameStatus::Ready);
  BOOST_TEST(frame.payload.empty());
  BOOST_TEST(decoder.next(input, frame).value() == FrameStatus::Ready);
  BOOST_TEST(frame.payload == bytes_of("z"));
}

BOOST_AUTO_TEST_CASE(plaintext_and_encrypted_modes_disagree_on_the_same_bytes) {
  const std::vector<Frame> frames = {Frame{0x0384, bytes_of("secret")}};
  const Bytes stream = encode_all(frames, TcpCipher(StreamKey));
  FrameDecoder plain(std::nullopt, FrameDecoderOptions{64, OversizePolicy::Discard});
  std::vector<Frame> out;
  BOOST_REQUIRE(plain.feed(stream, out).has_value());
  BOOST_TEST(out != frames);
}

BOOST_AUTO_TEST_SUITE_END()
