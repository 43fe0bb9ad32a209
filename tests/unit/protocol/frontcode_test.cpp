#include "protocol/frontcode.h"

#include <algorithm>
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

Array::Ptr frontcode_list(const char* name) {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("crypto.json")))
      .extract<Object::Ptr>()
      ->getObject("frontcode")
      ->getArray(name);
}

template <std::size_t N>
std::array<Byte, N> fixed(const Object::Ptr& o, const char* key) {
  const Bytes raw = wpn::test::hex(o->getValue<std::string>(key));
  BOOST_REQUIRE_EQUAL(raw.size(), N);
  std::array<Byte, N> out{};
  std::copy(raw.begin(), raw.end(), out.begin());
  return out;
}

// Hands out a fixed script of bytes, then repeats the last 12 forever.
class ScriptedRandom final : public RandomSource {
 public:
  explicit ScriptedRandom(Bytes script) : script_(std::move(script)) {}
  void fill(std::span<Byte> out) override {
    for (Byte& b : out) {
      if (next_ == script_.size()) next_ -= 12;
      b = script_[next_++];
    }
    ++draws_;
  }
  int draws() const { return draws_; }

 private:
  Bytes script_;
  std::size_t next_ = 0;
  int draws_ = 0;
};

class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(unsigned seed) : engine_(seed) {}
  void fill(std::span<Byte> out) override {
    for (Byte& b : out) b = static_cast<Byte>(engine_() & 0xFF);
    ++draws_;
  }
  int draws() const { return draws_; }

 private:
  std::mt19937 engine_;
  int draws_ = 0;
};

// Checked directly on the bytes, independent of node_list_avoids_disputed_entry.
bool first_bytes_avoid_disputed_entry(const NodeListCipher& cipher) {
  for (std::size_t b = 0; b < 9; ++b) {
    const Byte first = cipher[12 * (b + 1)];
    if (first == 0x00 || first == 0x5C) return false;
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(frontcode)

BOOST_AUTO_TEST_CASE(decrypts_the_vector_node_lists) {
  const Array::Ptr list = frontcode_list("decrypt");
  BOOST_REQUIRE(list->size() > 0u);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    const auto plain = decrypt_node_list(fixed<NodeListCipherSize>(v, "input"));
    BOOST_TEST(to_hex(plain) == v->getValue<std::string>("output"), "decrypt[" << i << "]");
  }
}

BOOST_AUTO_TEST_CASE(disputed_entry_uses_0xca_and_reproduces_mxsock_on_request) {
  const Array::Ptr list = frontcode_list("decrypt_disputed_table_entry");
  BOOST_REQUIRE(list->size() > 0u);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    const auto input = fixed<NodeListCipherSize>(v, "input");
    BOOST_TEST(to_hex(decrypt_node_list(input)) == v->getValue<std::string>("output"));
    BOOST_TEST(to_hex(decrypt_node_list(input, FrontcodeTable::MxSock)) == v->getValue<std::string>("output_mxsock"));
    BOOST_TEST(!node_list_avoids_disputed_entry(input));
  }
}

BOOST_AUTO_TEST_CASE(backwards_encoder_reproduces_every_vector_output) {
  const Array::Ptr list = frontcode_list("encrypt");
  BOOST_REQUIRE(list->size() > 0u);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    const auto out = encrypt_node_list_from_final_state(fixed<NodeListPlainSize>(v, "plaintext"),
                                                        fixed<FrontcodeBlockSize>(v, "random_state"));
    BOOST_TEST(to_hex(out) == v->getValue<std::string>("output"), "encrypt[" << i << "]");
  }
}

BOOST_AUTO_TEST_CASE(forward_encoder_rebuilds_vector_inputs_from_their_header) {
  const Array::Ptr list = frontcode_list("decrypt");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Object::Ptr v = list->getObject(static_cast<unsigned>(i));
    const auto input = fixed<NodeListCipherSize>(v, "input");
    const auto out = encrypt_node_list_with_header(fixed<NodeListPlainSize>(v, "output"),
                                                   std::span<const Byte, 12>(input.data(), 12));
    BOOST_TEST(to_hex(out) == v->getValue<std::string>("input"), "decrypt[" << i << "]");
  }
}

BOOST_AUTO_TEST_CASE(redraws_the_header_when_the_first_draw_hits_the_disputed_entry) {
  const Object::Ptr v = frontcode_list("encrypt")->getObject(0);
  const auto plain = fixed<NodeListPlainSize>(v, "plaintext");
  const Bytes good_header = wpn::test::hex(v->getValue<std::string>("output").substr(0, 24));
  for (const Byte bad_first : {Byte{0x00}, Byte{0x5C}}) {
    // Header byte 0 chosen so that ciphertext byte 12 = plain[0] + header[0] is bad.
    BOOST_REQUIRE(good_header.size() == 12u);
    Bytes script(24, 0x11);
    script[0] = static_cast<Byte>(bad_first - plain[0]);
    for (std::size_t i = 0; i < 12; ++i) script[12 + i] = good_header[i];
    ScriptedRandom random(script);
    const NodeListCipher out = encrypt_node_list(plain, random);
    BOOST_TEST(random.draws() == 2);
    BOOST_TEST(to_hex(out) == v->getValue<std::string>("output"));
  }
}

BOOST_AUTO_TEST_CASE(output_decodes_identically_with_both_table_variants) {
  SeededRandom plaintexts(777);
  SeededRandom headers(778);
  constexpr int Rounds = 300;
  for (int round = 0; round < Rounds; ++round) {
    NodeListPlain plain{};
    plaintexts.fill(plain);
    const NodeListCipher out = encrypt_node_list(plain, headers);
    BOOST_TEST_REQUIRE(first_bytes_avoid_disputed_entry(out), "round " << round);
    BOOST_TEST_REQUIRE((decrypt_node_list(out) == plain), "round " << round);
    BOOST_TEST_REQUIRE((decrypt_node_list(out, FrontcodeTable::MxSock) == plain), "round " << round);
  }
  // About 7 % of first draws break the rule, so some redraws must have happened.
  BOOST_TEST(headers.draws() > Rounds);
}

BOOST_AUTO_TEST_CASE(terminates_with_a_valid_output_when_the_source_keeps_failing) {
  const Object::Ptr v = frontcode_list("encrypt")->getObject(0);
  const auto plain = fixed<NodeListPlainSize>(v, "plaintext");
  Bytes stuck(12, 0x22);
  stuck[0] = static_cast<Byte>(0x00 - plain[0]);
  ScriptedRandom random(stuck);
  const NodeListCipher out = encrypt_node_list(plain, random);
  BOOST_TEST((decrypt_node_list(out) == plain));
  BOOST_TEST(first_bytes_avoid_disputed_entry(out));
  BOOST_TEST(random.draws() > 1);
}

BOOST_AUTO_TEST_CASE(disputed_detection_ignores_the_last_block) {
  NodeListCipher cipher{};
  std::fill(cipher.begin(), cipher.end(), Byte{0x33});
  BOOST_TEST(node_list_avoids_disputed_entry(cipher));
  cipher[120] = 0x00;  // block 9 feeds no later block
  BOOST_TEST(node_list_avoids_disputed_entry(cipher));
  cipher[108] = 0x5C;  // block 8
  BOOST_TEST(!node_list_avoids_disputed_entry(cipher));
}

BOOST_AUTO_TEST_SUITE_END()
