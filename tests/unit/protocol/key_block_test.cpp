#include "protocol/key_block.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include "protocol/hex.h"
#include "protocol/tcp_cipher.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Object::Ptr crypto_vectors() {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("crypto.json"))).extract<Object::Ptr>();
}

Array::Ptr key_block_list(const char* name) { return crypto_vectors()->getObject("key_blocks")->getArray(name); }

KeyBlock block_of(const std::string& text) {
  const Bytes raw = wpn::test::hex(text);
  BOOST_REQUIRE_EQUAL(raw.size(), 16u);
  KeyBlock block{};
  std::copy(raw.begin(), raw.end(), block.begin());
  return block;
}

std::uint32_t number(const Object::Ptr& o, const char* key) {
  return static_cast<std::uint32_t>(std::stoul(o->getValue<std::string>(key), nullptr, 16));
}

// Hands out a fixed script of bytes, in order.
class ScriptedRandom final : public RandomSource {
 public:
  explicit ScriptedRandom(Bytes script) : script_(std::move(script)) {}
  void fill(std::span<Byte> out) override {
    for (Byte& b : out) b = next_ < script_.size() ? script_[next_++] : 0;
  }
  std::size_t consumed() const { return next_; }

 private:
  Bytes script_;
  std::size_t next_ = 0;
};

class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(unsigned seed) : engine_(seed) {}
  void fill(std::span<Byte> out) override {
    for (Byte& b : out) b = static_cast<Byte>(engine_() & 0xFF);
  }

 private:
  std::mt19937 engine_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(key_block)

BOOST_AUTO_TEST_CASE(creates_the_vector_blocks_from_their_random_bytes) {
  const Array::Ptr list = key_block_list("create");
  BOOST_REQUIRE(list->size() > 0u);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    const Bytes random = wpn::test::hex(v->getValue<std::string>("random_bytes"));
    BOOST_REQUIRE_EQUAL(random.size(), 16u);
    const auto id = static_cast<std::uint8_t>(number(v, "id"));
    const KeyBlock made = create_key_block(id, std::span<const Byte, 16>(random.data(), 16));
    BOOST_TEST(to_hex(made) == v->getValue<std::string>("block"), "create[" << i << "]");
  }
}

BOOST_AUTO_TEST_CASE(random_source_overload_consumes_sixteen_draws_in_order) {
  const Object::Ptr v = key_block_list("create")->getObject(0);
  ScriptedRandom random(wpn::test::hex(v->getValue<std::string>("random_bytes")));
  const KeyBlock made = create_key_block(static_cast<std::uint8_t>(number(v, "id")), random);
  BOOST_TEST(random.consumed() == 16u);
  BOOST_TEST(to_hex(made) == v->getValue<std::string>("block"));
}

BOOST_AUTO_TEST_CASE(decodes_ids_and_keys_exactly_as_the_reference) {
  for (const char* name : {"create", "decode"}) {
    const Array::Ptr list = key_block_list(name);
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
      const KeyBlock block = block_of(v->getValue<std::string>("block"));
      const auto id = decode_key_block_id(block);
      BOOST_TEST((id ? *id : 0xFFFFu) == number(v, "key_id"), name << "[" << i << "]");

      const Object::Ptr expected = v->getObject("get_crypt_key");
      const CryptKeyResult got = get_crypt_key(block);
      BOOST_TEST(got.id == number(expected, "return"), name << "[" << i << "]");
      for (const auto& [key, field] : {std::pair{got.up, "up_key"}, std::pair{got.down, "down_key"}}) {
        if (expected->isNull(field)) {
          BOOST_TEST(!key.has_value(), name << "[" << i << "]." << field);
        } else {
          BOOST_REQUIRE_MESSAGE(key.has_value(), name << "[" << i << "]." << field);
          BOOST_TEST(*key == number(expected, field), name << "[" << i << "]." << field);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_id_round_trips_through_decode) {
  SeededRandom random(20240601);
  for (unsigned id = 0; id <= 0xFF; ++id) {
    for (int round = 0; round < 8; ++round) {
      const KeyBlock block = create_key_block(static_cast<std::uint8_t>(id), random);
      const auto decoded = decode_key_block_id(block);
      BOOST_REQUIRE_MESSAGE(decoded.has_value(), "id " << id);
      BOOST_TEST(*decoded == id);
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_random_and_mutated_vector_blocks) {
  const Array::Ptr list = key_block_list("decode");
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    if (number(v, "key_id") != InvalidKeyId) continue;
    const KeyBlock block = block_of(v->getValue<std::string>("block"));
    BOOST_TEST(!decode_key_block_id(block).has_value(), "decode[" << i << "]");
    BOOST_TEST(get_crypt_key(block).id == InvalidKeyId);
    ++rejected;
  }
  BOOST_TEST(rejected >= 10u);
}

BOOST_AUTO_TEST_CASE(rejects_a_flipped_bit_outside_the_check_feeding_bytes) {
  // Flips in bytes 3, 4, 8 and 15 can leave a block valid (the vectors keep
  // such a case); every other single-bit flip breaks a check.
  SeededRandom random(7);
  const std::uint8_t ids[] = {key_id::PrimaryServer, key_id::SecondaryClient, key_id::ChatServer};
  for (const std::uint8_t id : ids) {
    for (int round = 0; round < 50; ++round) {
      const KeyBlock block = create_key_block(id, random);
      for (std::size_t byte = 0; byte < 16; ++byte) {
        if (byte == 3 || byte == 4 || byte == 8 || byte == 15) continue;
        for (unsigned bit = 0; bit < 8; ++bit) {
          KeyBlock mutated = block;
          mutated[byte] = static_cast<Byte>(mutated[byte] ^ (1u << bit));
          BOOST_TEST(!decode_key_block_id(mutated).has_value(), "byte " << byte << " bit " << bit);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(session_keys_follow_the_server_block_of_the_vector_session) {
  const Object::Ptr session = crypto_vectors()->getObject("tcp")->getObject("session");
  const auto keys = session_keys_from_server_block(block_of(session->getValue<std::string>("server_block")));
  BOOST_REQUIRE(keys.has_value());
  BOOST_TEST(keys->client_to_server == number(session, "up_key"));
  BOOST_TEST(keys->server_to_client == number(session, "down_key"));
}

BOOST_AUTO_TEST_CASE(client_and_server_talk_both_ways_with_keys_from_the_server_block) {
  SeededRandom random(99);
  for (const std::uint8_t client_id : {key_id::PrimaryClient, key_id::SecondaryClient, key_id::ChatClient}) {
    const auto server_id = server_id_for(client_id);
    BOOST_REQUIRE(server_id.has_value());
    const KeyBlock server_block = create_key_block(*server_id, random);
    // Each side derives on its own copy of the block it saw on the wire.
    const auto client_keys = session_keys_from_server_block(server_block);
    const auto server_keys = session_keys_from_server_block(KeyBlock(server_block));
    BOOST_REQUIRE(client_keys.has_value());
    BOOST_REQUIRE(server_keys.has_value());
    BOOST_TEST(client_keys->client_to_server != client_keys->server_to_client);

    TcpCipher client_send(client_keys->client_to_server);
    TcpCipher client_recv(client_keys->server_to_client);
    TcpCipher server_send(server_keys->server_to_client);
    TcpCipher server_recv(server_keys->client_to_server);
    for (int message = 0; message < 3; ++message) {
      const Bytes hello = wpn::test::bytes_of("login request " + std::to_string(message));
      Bytes wire = hello;
      client_send.encrypt(wire);
      BOOST_TEST(wire != hello);
      server_recv.decrypt(wire);
      BOOST_TEST(wire == hello);

      const Bytes reply = wpn::test::bytes_of("welcome " + std::to_string(message));
      wire = reply;
      server_send.encrypt(wire);
      client_recv.decrypt(wire);
      BOOST_TEST(wire == reply);
    }
  }
}

BOOST_AUTO_TEST_CASE(session_keys_need_a_valid_server_type_block) {
  SeededRandom random(3);
  for (const std::uint8_t id : {key_id::PrimaryClient, key_id::SecondaryClient, key_id::ChatClient,
                                key_id::CacheNodeList, std::uint8_t{0x55}, std::uint8_t{0x56}}) {
    BOOST_TEST(!session_keys_from_server_block(create_key_block(id, random)).has_value(), "id " << int{id});
  }
  KeyBlock broken = create_key_block(key_id::SecondaryServer, random);
  broken[0] = static_cast<Byte>(broken[0] ^ 0x01);
  BOOST_TEST(!session_keys_from_server_block(broken).has_value());
}

BOOST_AUTO_TEST_CASE(server_id_answers_each_client_id) {
  BOOST_TEST(server_id_for(0x50).value() == 0x51);
  BOOST_TEST(server_id_for(0x52).value() == 0x53);
  BOOST_TEST(server_id_for(0x57).value() == 0x58);
  for (const std::uint8_t other :
       {std::uint8_t{0x51}, std::uint8_t{0x53}, std::uint8_t{0x54}, std::uint8_t{0x58}, std::uint8_t{0x00}}) {
    BOOST_TEST(!server_id_for(other).has_value());
  }
}

// Wire audit D4: the KM-era mangling, worked out by hand from its description
// (bytes 0-14 in groups of five: NOT, ^F0, ^0F, ^77, ^77; byte 15 kept).
BOOST_AUTO_TEST_CASE(km_unmangle_applies_the_five_byte_pattern_to_bytes_0_to_14) {
  const KeyBlock counting = block_of("000102030405060708090A0B0C0D0E0F");
  const KeyBlock expected = block_of("FFF10D7473FAF6087F7EF5FB037A790F");
  BOOST_TEST(km_unmangle(counting) == expected, boost::test_tools::per_element());
  BOOST_TEST(km_unmangle(expected) == counting, boost::test_tools::per_element());  // its own inverse
}

BOOST_AUTO_TEST_CASE(a_mangled_server_block_decodes_only_after_unmangling) {
  std::array<Byte, 16> draws{};
  for (std::size_t i = 0; i < draws.size(); ++i) draws[i] = static_cast<Byte>(0x31 * i + 7);
  const KeyBlock plain = create_key_block(key_id::SecondaryServer, draws);
  const KeyBlock mangled = km_unmangle(plain);
  BOOST_TEST((decode_key_block_id(mangled) != std::optional<std::uint8_t>(key_id::SecondaryServer)));
  BOOST_TEST((decode_key_block_id(km_unmangle(mangled)) == std::optional<std::uint8_t>(key_id::SecondaryServer)));
  BOOST_TEST((session_keys_from_server_block(km_unmangle(mangled)) == session_keys_from_server_block(plain)));
}

BOOST_AUTO_TEST_SUITE_END()
