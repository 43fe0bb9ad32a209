#include "protocol/udp_cipher.h"

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

Array::Ptr udp_list(const char* name) {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("crypto.json")))
      .extract<Object::Ptr>()
      ->getObject("udp")
      ->getArray(name);
}

Bytes field(const Object::Ptr& o, const char* key) { return wpn::test::hex(o->getValue<std::string>(key)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(udp_cipher)

BOOST_AUTO_TEST_CASE(encrypts_every_vector_length_including_short_ones) {
  const Array::Ptr list = udp_list("encrypt");
  BOOST_REQUIRE(list->size() > 0u);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    Bytes data = field(v, "plaintext");
    encrypt_datagram(data);
    BOOST_TEST(to_hex(data) == v->getValue<std::string>("ciphertext"), "encrypt[" << i << "]");
  }
}

BOOST_AUTO_TEST_CASE(decrypts_the_vectors) {
  const Array::Ptr list = udp_list("decrypt");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    Bytes data = field(v, "ciphertext");
    decrypt_datagram(data);
    BOOST_TEST(to_hex(data) == v->getValue<std::string>("plaintext"), "decrypt[" << i << "]");
  }
}

BOOST_AUTO_TEST_CASE(leaves_datagrams_of_one_to_five_bytes_unchanged_on_decrypt) {
  const Array::Ptr list = udp_list("short_decrypt_divergence");
  BOOST_REQUIRE(list->size() == 5u);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    Bytes data = field(v, "ciphertext");
    decrypt_datagram(data);
    BOOST_TEST(to_hex(data) == v->getObject("outputs")->getValue<std::string>("mxsock"));
    BOOST_TEST(to_hex(data) == v->getObject("outputs")->getValue<std::string>("nuggit"));
  }
}

BOOST_AUTO_TEST_CASE(round_trips_datagrams_of_six_bytes_and_more) {
  std::mt19937 engine(4242);
  for (std::size_t length = 6; length < 600; length += (length < 40 ? 1 : 37)) {
    Bytes plain(length);
    for (Byte& b : plain) b = static_cast<Byte>(engine() & 0xFF);
    Bytes data = plain;
    encrypt_datagram(data);
    BOOST_TEST((data != plain), "length " << length);
    decrypt_datagram(data);
    BOOST_TEST((data == plain), "length " << length);
  }
}

BOOST_AUTO_TEST_CASE(accepts_an_empty_datagram) {
  Bytes empty;
  encrypt_datagram(empty);
  decrypt_datagram(empty);
  BOOST_TEST(empty.empty());
}

BOOST_AUTO_TEST_SUITE_END()
