#include "ipc/frame_codec.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace {

using wpn::ipc::FrameDecoder;
using wpn::ipc::FrameErrc;

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) out.push_back(static_cast<char>(v));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(frame_codec)

BOOST_AUTO_TEST_CASE(header_is_u32_little_endian_length) {
  const std::string payload(0x0102, 'x');
  const std::string frame = wpn::ipc::encode_frame(payload);
  BOOST_TEST(frame.substr(0, 4) == bytes({0x02, 0x01, 0x00, 0x00}));
  BOOST_TEST(frame.size() == 4 + payload.size());
}

BOOST_AUTO_TEST_CASE(decodes_a_frame_split_at_every_byte_position) {
  const std::string payload = R"({"id":1,"method":"status"})";
  const std::string frame = wpn::ipc::encode_frame(payload);
  for (std::size_t split = 0; split <= frame.size(); ++split) {
    FrameDecoder decoder;
    decoder.feed(std::string_view(frame).substr(0, split));
    auto first = decoder.next();
    BOOST_REQUIRE(first.has_value());
    if (split < frame.size()) {
      BOOST_TEST(!first->has_value());
      decoder.feed(std::string_view(frame).substr(split));
      first = decoder.next();
      BOOST_REQUIRE(first.has_value());
    }
    BOOST_REQUIRE(first->has_value());
    BOOST_TEST(**first == payload);
    BOOST_TEST(decoder.buffered() == 0u);
  }
}

BOOST_AUTO_TEST_CASE(decodes_several_frames_from_one_chunk_in_order) {
  std::string stream;
  wpn::ipc::append_frame(stream, "{\"a\":1}");
  wpn::ipc::append_frame(stream, "{\"b\":2}");
  wpn::ipc::append_frame(stream, "{\"c\":3}");
  FrameDecoder decoder;
  decoder.feed(stream);
  for (const char* expected : {"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}) {
    auto frame = decoder.next();
    BOOST_REQUIRE(frame.has_value());
    BOOST_REQUIRE(frame->has_value());
    BOOST_TEST(**frame == expected);
  }
  auto none = decoder.next();
  BOOST_REQUIRE(none.has_value());
  BOOST_TEST(!none->has_value());
}

BOOST_AUTO_TEST_CASE(rejects_length_above_limit_from_the_header_alone) {
  FrameDecoder decoder(1000);
  decoder.feed(bytes({0xE9, 0x03, 0x00, 0x00}));  // 1001
  auto frame = decoder.next();
  BOOST_REQUIRE(!frame.has_value());
  BOOST_TEST(static_cast<int>(frame.error().code) == static_cast<int>(FrameErrc::TooLarge));
  BOOST_TEST(frame.error().announced == 1001u);
  BOOST_TEST(decoder.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(accepts_length_exactly_at_limit) {
  FrameDecoder decoder(8);
  decoder.feed(wpn::ipc::encode_frame("12345678"));
  auto frame = decoder.next();
  BOOST_REQUIRE(frame.has_value());
  BOOST_REQUIRE(frame->has_value());
  BOOST_TEST(**frame == "12345678");
}

BOOST_AUTO_TEST_CASE(rejects_empty_frame) {
  FrameDecoder decoder;
  decoder.feed(bytes({0, 0, 0, 0}));
  auto frame = decoder.next();
  BOOST_REQUIRE(!frame.has_value());
  BOOST_TEST(static_cast<int>(frame.error().code) == static_cast<int>(FrameErrc::EmptyFrame));
}

BOOST_AUTO_TEST_CASE(stays_failed_after_an_error) {
  FrameDecoder decoder(4);
  decoder.feed(bytes({5, 0, 0, 0}));
  BOOST_TEST(!decoder.next().has_value());
  decoder.feed(wpn::ipc::encode_frame("ok"));
  BOOST_TEST(!decoder.next().has_value());
  BOOST_TEST(decoder.failed());
}

BOOST_AUTO_TEST_CASE(keeps_memory_bounded_over_many_frames) {
  FrameDecoder decoder;
  const std::string frame = wpn::ipc::encode_frame(std::string(100, 'x'));
  for (int i = 0; i < 10000; ++i) {
    decoder.feed(frame.substr(0, 50));
    decoder.feed(frame.substr(50));
    auto out = decoder.next();
    BOOST_REQUIRE(out.has_value() && out->has_value());
  }
  BOOST_TEST(decoder.buffered() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
