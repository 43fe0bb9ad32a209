#include "protocol/bytes.h"

#include <boost/test/unit_test.hpp>

#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::hex;

BOOST_AUTO_TEST_SUITE(bytes)

BOOST_AUTO_TEST_CASE(reads_little_endian_integers_with_shifts) {
  const Bytes data = hex("2b1a 78563412 ff");
  ByteReader reader(data);
  BOOST_TEST(reader.u16le().value() == 6699);
  BOOST_TEST(reader.u32le().value() == 0x12345678u);
  BOOST_TEST(reader.u8().value() == 0xFF);
  BOOST_TEST(reader.empty());
}

BOOST_AUTO_TEST_CASE(reports_truncation_at_the_offset_of_the_short_field) {
  const Bytes data = hex("010203");
  ByteReader reader(data);
  BOOST_TEST(reader.u16le().has_value());
  const auto result = reader.u32le();
  BOOST_REQUIRE(!result.has_value());
  BOOST_TEST(result.error().code == DecodeErrc::Truncated);
  BOOST_TEST(result.error().offset == 2u);
}

BOOST_AUTO_TEST_CASE(cstr_requires_a_terminator_and_respects_its_limit) {
  const Bytes data = bytes_of(std::string("abc\0de", 6));
  ByteReader reader(data);
  BOOST_TEST(reader.cstr(3).value() == "abc");
  const auto missing = reader.cstr(10);
  BOOST_REQUIRE(!missing.has_value());
  BOOST_TEST(missing.error().code == DecodeErrc::MissingTerminator);

  ByteReader limited(data);
  BOOST_TEST(limited.cstr(2).error().code == DecodeErrc::LengthOverLimit);
}

BOOST_AUTO_TEST_CASE(cstr_or_rest_accepts_a_missing_final_nul) {
  const Bytes data = bytes_of("9006 6 of 6 available");
  ByteReader reader(data);
  BOOST_TEST(reader.cstr_or_rest(64).value() == "9006 6 of 6 available");
  BOOST_TEST(reader.empty());
}

BOOST_AUTO_TEST_CASE(writer_round_trips_through_reader) {
  Bytes out;
  ByteWriter writer(out);
  writer.u16le(0x03E9);
  writer.u32le(0xDEADBEEF);
  writer.cstr("tester123");
  BOOST_TEST(out.size() == 2u + 4u + 10u);
  ByteReader reader(out);
  BOOST_TEST(reader.u16le().value() == 0x03E9);
  BOOST_TEST(reader.u32le().value() == 0xDEADBEEFu);
  BOOST_TEST(reader.cstr(32).value() == "tester123");
  BOOST_TEST(reader.expect_end().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
