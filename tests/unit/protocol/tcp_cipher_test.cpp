#include "protocol/tcp_cipher.h"

#include <random>
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

namespace {

Object::Ptr tcp_vectors() {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("crypto.json")))
      .extract<Object::Ptr>()
      ->getObject("tcp");
}

std::uint32_t number(const Object::Ptr& o, const char* key) {
  return static_cast<std::uint32_t>(std::stoul(o->getValue<std::string>(key), nullptr, 16));
}

Bytes field(const Object::Ptr& o, const char* key) { return wpn::test::hex(o->getValue<std::string>(key)); }

// The longest single vector: the chunking tests need many split points.
Object::Ptr longest_single() {
  const Array::Ptr list = tcp_vectors()->getArray("single");
  Object::Ptr best;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    if (!best || v->getValue<std::size_t>("length") > best->getValue<std::size_t>("length")) best = v;
  }
  return best;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tcp_cipher)

BOOST_AUTO_TEST_CASE(single_vectors_encrypt_and_decrypt_with_the_same_next_key) {
  const Array::Ptr list = tcp_vectors()->getArray("single");
  BOOST_REQUIRE(list->size() > 0u);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    Bytes data = field(v, "plaintext");
    TcpCipher enc(number(v, "key"));
    enc.encrypt(data);
    BOOST_TEST(to_hex(data) == v->getValue<std::string>("ciphertext"), "single[" << i << "]");
    BOOST_TEST(enc.key() == number(v, "next_key"));

    TcpCipher dec(number(v, "key"));
    dec.decrypt(data);
    BOOST_TEST(to_hex(data) == v->getValue<std::string>("plaintext"), "single[" << i << "]");
    BOOST_TEST(dec.key() == number(v, "next_key"));
  }
}

BOOST_AUTO_TEST_CASE(state_carries_over_between_chained_calls) {
  const Array::Ptr list = tcp_vectors()->getArray("chained");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    TcpCipher enc(number(v, "key"));
    const Array::Ptr steps = v->getArray("steps");
    for (std::size_t s = 0; s < steps->size(); ++s) {
      const Object::Ptr step = steps->getObject(static_cast<unsigned>(s));
      Bytes data = field(step, "plaintext");
      enc.encrypt(data);
      BOOST_TEST(to_hex(data) == step->getValue<std::string>("ciphertext"), "chained[" << i << "] step " << s);
      BOOST_TEST(enc.key() == number(step, "key_after"));
    }
  }
}

BOOST_AUTO_TEST_CASE(decrypts_arbitrary_ciphertext_like_the_reference) {
  const Array::Ptr list = tcp_vectors()->getArray("decrypt_only");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    Bytes data = field(v, "ciphertext");
    TcpCipher dec(number(v, "key"));
    dec.decrypt(data);
    BOOST_TEST(to_hex(data) == v->getValue<std::string>("plaintext"));
    BOOST_TEST(dec.key() == number(v, "next_key"));
  }
}

BOOST_AUTO_TEST_CASE(output_does_not_depend_on_a_split_at_any_offset) {
  const Object::Ptr v = longest_single();
  const Bytes plain = field(v, "plaintext");
  const std::string cipher = v->getValue<std::string>("ciphertext");
  BOOST_REQUIRE(plain.size() >= 1000u);
  for (std::size_t split = 0; split <= plain.size(); ++split) {
    Bytes data = plain;
    TcpCipher enc(number(v, "key"));
    enc.encrypt(std::span<Byte>(data).first(split));
    enc.encrypt(std::span<Byte>(data).subspan(split));
    BOOST_TEST_REQUIRE(to_hex(data) == cipher, "split at " << split);

    TcpCipher dec(number(v, "key"));
    dec.decrypt(std::span<Byte>(data).first(split));
    dec.decrypt(std::span<Byte>(data).subspan(split));
    BOOST_TEST_REQUIRE((data == plain), "decrypt split at " << split);
  }
}

BOOST_AUTO_TEST_CASE(output_does_not_depend_on_random_chunk_sizes) {
  const Object::Ptr v = longest_single();
  const Bytes plain = field(v, "plaintext");
  const std::string cipher = v->getValue<std::string>("ciphertext");
  std::mt19937 engine(12345);
  for (int round = 0; round < 200; ++round) {
    std::uniform_int_distribution<std::size_t> chunk(0, 1 + static_cast<std::size_t>(round % 40));
    Bytes data = plain;
    TcpCipher enc(number(v, "key"));
    TcpCipher dec(number(v, "key"));
    for (std::size_t pos = 0; pos < data.size();) {
      const std::size_t n = std::min(chunk(engine), data.size() - pos);
      enc.encrypt(std::span<Byte>(data).subspan(pos, n));
      pos += n;
    }
    BOOST_TEST_REQUIRE(to_hex(data) == cipher, "round " << round);
    BOOST_TEST(enc.key() == number(v, "next_key"));
    for (std::size_t pos = 0; pos < data.size();) {
      const std::size_t n = std::min(chunk(engine), data.size() - pos);
      dec.decrypt(std::span<Byte>(data).subspan(pos, n));
      pos += n;
    }
    BOOST_TEST_REQUIRE((data == plain), "round " << round);
  }
}

BOOST_AUTO_TEST_CASE(session_messages_decrypt_as_a_header_then_payload_stream) {
  const Object::Ptr session = tcp_vectors()->getObject("session");
  for (const auto& [name, key] : {std::pair{"client_to_server", "up_key"}, std::pair{"server_to_client", "down_key"}}) {
    TcpCipher dec(number(session, key));
    const Array::Ptr messages = session->getArray(name);
    for (std::size_t i = 0; i < messages->size(); ++i) {
      const Object::Ptr m = messages->getObject(static_cast<unsigned>(i));
      Bytes data = field(m, "ciphertext");
      BOOST_REQUIRE(data.size() >= 4u);
      // The 4-byte frame header first, as a reader does, then the payload.
      dec.decrypt(std::span<Byte>(data).first(4));
      dec.decrypt(std::span<Byte>(data).subspan(4));
      BOOST_TEST(to_hex(data) == m->getValue<std::string>("plaintext"), name << "[" << i << "]");
      BOOST_TEST(dec.key() == number(m, "key_after"));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
