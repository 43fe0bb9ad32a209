#include "protocol/frame_encoder.h"

#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include "protocol/hex.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using Poco::JSON::Array;
using Poco::JSON::Object;
using wpn::test::bytes_of;
using wpn::test::hex;

BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::EncodeErrc)

namespace {

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

BOOST_AUTO_TEST_SUITE(frame_encoder)

BOOST_AUTO_TEST_CASE(writes_type_and_length_little_endian_before_the_payload) {
  Bytes out = hex("ff");  // appended to, never cleared
  const auto written = encode_frame(0x03E9, bytes_of("abc"), out);
  BOOST_REQUIRE(written.has_value());
  BOOST_TEST(*written == 7u);
  BOOST_TEST(out == hex("ff e903 0300 616263"));
}

BOOST_AUTO_TEST_CASE(writes_a_bare_header_for_an_empty_payload) {
  Bytes out;
  BOOST_REQUIRE(encode_frame(0x03A1, {}, out).has_value());
  BOOST_TEST(out == hex("a103 0000"));
}

BOOST_AUTO_TEST_CASE(reproduces_the_golden_session_ciphertexts) {
  const Object::Ptr session = session_vectors();
  for (const auto& [direction, key_name] :
       {std::pair{"client_to_server", "up_key"}, std::pair{"server_to_client", "down_key"}}) {
    const Array::Ptr messages = session->getArray(direction);
    BOOST_REQUIRE(messages->size() > 0u);
    FrameEncoder encoder(TcpCipher(key_of(session, key_name)));
    for (std::size_t i = 0; i < messages->size(); ++i) {
      const Object::Ptr message = messages->getObject(static_cast<unsigned>(i));
      const Bytes plain = hex(message->getValue<std::string>("plaintext"));
      BOOST_REQUIRE(plain.size() >= 4u);
      const auto type = static_cast<std::uint16_t>(plain[0] | plain[1] << 8);
      Bytes out;
      BOOST_REQUIRE(encoder.encode(type, ByteView(plain).subspan(4), out).has_value());
      BOOST_TEST(to_hex(out) == message->getValue<std::string>("ciphertext"), direction << "[" << i << "]");
      BOOST_TEST(*encoder.cipher_state() == key_of(message, "key_after"));
    }
  }
}

BOOST_AUTO_TEST_CASE(encrypts_only_the_appended_bytes) {
  Bytes out = bytes_of("prefix");
  TcpCipher cipher(0x9a22d76b);
  BOOST_REQUIRE(encode_frame(0x0384, bytes_of("x"), out, &cipher).has_value());
  BOOST_TEST(Bytes(out.begin(), out.begin() + 6) == bytes_of("prefix"));

  Bytes alone;
  TcpCipher fresh(0x9a22d76b);
  BOOST_REQUIRE(encode_frame(0x0384, bytes_of("x"), alone, &fresh).has_value());
  BOOST_TEST(Bytes(out.begin() + 6, out.end()) == alone);
  BOOST_TEST(cipher.key() == fresh.key());
}

// protocol.md §5 (payload below 3072) and filesharing.md §2.2 (frame at most
// 3072 bytes): the largest payload sent makes a frame of exactly 3072 bytes.
BOOST_AUTO_TEST_CASE(sends_frames_of_at_most_3072_bytes) {
  Bytes out;
  BOOST_REQUIRE(encode_frame(0x0FA3, Bytes(3068, 0x41), out).has_value());
  BOOST_TEST(out.size() == 3072u);
}

BOOST_AUTO_TEST_CASE(refuses_payloads_over_the_send_limit_without_side_effects) {
  for (const std::size_t size : {std::size_t{3069}, std::size_t{3071}, std::size_t{3072}, std::size_t{65535}}) {
    FrameEncoder encoder(TcpCipher(0x9a22d76b));
    Bytes out = hex("0102");
    const auto result = encoder.encode(0x0FA3, Bytes(size, 0x41), out);
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error() == EncodeErrc::PayloadTooLarge);
    BOOST_TEST(out == hex("0102"));
    BOOST_TEST(*encoder.cipher_state() == 0x9a22d76bu);
  }
}

BOOST_AUTO_TEST_CASE(a_raised_limit_stops_at_the_u16_length) {
  FrameEncoder encoder(std::nullopt, 1u << 20);
  Bytes out;
  BOOST_TEST(encoder.encode(0x0FA3, Bytes(65535, 0), out).has_value());
  BOOST_TEST(out.size() == 65539u);
  BOOST_TEST(!encoder.encode(0x0FA3, Bytes(65536, 0), out).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
