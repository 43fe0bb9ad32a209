#include "protocol/file_key.h"

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

Array::Ptr documented_keys() {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("hash_patterns.json")))
      .extract<Object::Ptr>()
      ->getArray("keys");
}

FileKey key_from_hex(const std::string& text) {
  const Bytes wire = wpn::test::hex(text);
  BOOST_REQUIRE_EQUAL(wire.size(), 20u);
  return FileKey::from_wire(std::span<const Byte, 20>(wire.data(), 20));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_key)

BOOST_AUTO_TEST_CASE(wire_form_is_hash_then_u32le_size) {
  const Array::Ptr keys = documented_keys();
  BOOST_REQUIRE(keys->size() == 3u);
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const Object::Ptr row = keys->getObject(static_cast<unsigned>(i));
    const std::string text = row->getValue<std::string>("key");
    const FileKey key = key_from_hex(text);
    BOOST_TEST(key.size == row->getValue<std::uint32_t>("size"));
    BOOST_TEST(to_hex(key.hash) == text.substr(0, 32));
    BOOST_TEST(to_hex(key.to_wire()) == text);
    BOOST_TEST(key.hex() == text);
  }
}

BOOST_AUTO_TEST_CASE(size_field_of_the_browse_capture_reads_back) {
  // filesharing.md §2.6: a 22,925-byte file ends its key with 8D 59 00 00.
  const FileKey key = key_from_hex("000102030405060708090a0b0c0d0e0f 8d590000");
  BOOST_TEST(key.size == 22925u);
  FileKey built;
  built.size = 22925;
  BOOST_TEST(to_hex(built.to_wire()).substr(32) == "8d590000");
}

BOOST_AUTO_TEST_CASE(hash_text_is_prefix_lower_hex_dash_decimal) {
  const FileKey key = key_from_hex("a9b6f0285d5939eb756d8d181bd4e611e8030000");
  BOOST_TEST(key.hash_text() == "HASH>a9b6f0285d5939eb756d8d181bd4e611-1000");
  const FileKey big = key_from_hex("8dd8daefd7bd053796f858d9bf934524002d3101");
  BOOST_TEST(big.hash_text() == "HASH>8dd8daefd7bd053796f858d9bf934524-20000000");
}

BOOST_AUTO_TEST_CASE(parses_hash_text_in_any_case) {
  const FileKey want = key_from_hex("31c061b90f6071226c44bf54cb2b4c39 5bdf4b00");
  for (const char* text :
       {"HASH>31c061b90f6071226c44bf54cb2b4c39-4972379", "HASH>31C061B90F6071226C44BF54CB2B4C39-4972379",
        "hash>31c061b90F6071226c44bf54cb2b4c39-4972379"}) {
    const auto parsed = FileKey::parse_hash_text(text);
    BOOST_REQUIRE_MESSAGE(parsed.has_value(), text);
    BOOST_TEST((*parsed == want), text);
    BOOST_TEST(parsed->size == 4972379u);
  }
}

BOOST_AUTO_TEST_CASE(hash_text_round_trips) {
  const FileKey key = key_from_hex("dcfa0bd03470ee8d9517fd62ff2d3920ffffffff");
  const auto parsed = FileKey::parse_hash_text(key.hash_text());
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((*parsed == key));
  BOOST_TEST(parsed->size == 4294967295u);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_hash_text) {
  for (const char* text : {
           "",
           "HASH>",
           "31c061b90f6071226c44bf54cb2b4c39-4972379",          // no prefix
           "HASH<31c061b90f6071226c44bf54cb2b4c39-4972379",     // wrong prefix
           "HASH>31c061b90f6071226c44bf54cb2b4c3-4972379",      // 31 digits
           "HASH>31c061b90f6071226c44bf54cb2b4c399-4972379",    // 33 digits
           "HASH>31c061b90f6071226c44bf54cb2b4cxx-4972379",     // not hex
           "HASH>31c061b90f6071226c44bf54cb2b4c39-",            // no size
           "HASH>31c061b90f6071226c44bf54cb2b4c39+4972379",     // wrong separator
           "HASH>31c061b90f6071226c44bf54cb2b4c39--4972379",    // sign
           "HASH>31c061b90f6071226c44bf54cb2b4c39-4972379 ",    // trailing junk
           "HASH>31c061b90f6071226c44bf54cb2b4c39-4294967296",  // over u32
           "HASH>31c061b90f6071226c44bf54cb2b4c39-99999999999",
       }) {
    BOOST_TEST(!FileKey::parse_hash_text(text).has_value(), "'" << text << "'");
  }
}

BOOST_AUTO_TEST_CASE(keys_order_by_hash_then_size) {
  const FileKey a = key_from_hex("00000000000000000000000000000001 02000000");
  const FileKey b = key_from_hex("00000000000000000000000000000002 01000000");
  const FileKey c = key_from_hex("00000000000000000000000000000002 02000000");
  BOOST_TEST((a < b));
  BOOST_TEST((b < c));
  BOOST_TEST((a != c));
}

BOOST_AUTO_TEST_SUITE_END()
