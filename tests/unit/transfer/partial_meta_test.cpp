#include "transfer/partial_meta.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

#include "support/test_data.h"

using namespace wpn::transfer;
using wpn::protocol::Bytes;
using wpn::protocol::ByteView;
using wpn::protocol::DecodeErrc;
using wpn::test::hex;
namespace bdata = boost::unit_test::data;

namespace {

// The layout of partial_meta.h, byte by byte: key hash 00..0F, size 22925,
// 192 kbit/s, 44100 Hz, 207 s, name "a.mp3", one source, ranges [0,100) and
// [200,300), then the CRC-32 of the 119 bytes before it.
const Bytes Documented =
    hex("57 50 4E 50 01 00 00 01 02 03 04 05 06 07 08 09 "
        "0A 0B 0C 0D 0E 0F 8D 59 00 00 8D 59 00 00 00 00 "
        "00 00 C0 00 44 AC 00 00 CF 00 00 00 05 00 61 2E "
        "6D 70 33 01 00 51 40 D1 49 71 18 10 47 75 6D 64 "
        "72 6F 70 36 30 39 5F 32 31 38 38 34 05 00 61 2E "
        "6D 70 33 02 00 00 00 00 00 00 00 00 00 00 00 64 "
        "00 00 00 00 00 00 00 C8 00 00 00 00 00 00 00 2C "
        "01 00 00 00 00 00 00 77 C3 E3 89");

PartialMeta documented_meta() {
  PartialMeta meta;
  for (std::uint8_t i = 0; i < 16; ++i) meta.key.hash[i] = i;
  meta.key.size = 22925;
  meta.size = 22925;
  meta.media = {192, 44100, 207};
  meta.name = "a.mp3";
  meta.sources.push_back({{{0x51, 0x40, 0xD1, 0x49}, 6257}, "Gumdrop609_21884", "a.mp3"});
  meta.received.insert({0, 100});
  meta.received.insert({200, 300});
  return meta;
}

Bytes encoded(const PartialMeta& meta) {
  Bytes out;
  encode(meta, out);
  return out;
}

struct Mutation {
  const char* name;
  std::size_t at;
  Bytes bytes;  // written over Documented from `at` (empty: append one 00)
  DecodeErrc code;
  std::size_t offset;
};

std::ostream& operator<<(std::ostream& os, const Mutation& m) { return os << m.name; }

const std::vector<Mutation> Mutations{
    {"bad magic", 0, hex("58"), DecodeErrc::BadValue, 0},
    {"future version", 4, hex("02"), DecodeErrc::BadValue, 4},
    {"size differs from the key", 26, hex("8E"), DecodeErrc::BadValue, 26},
    {"name longer than the limit", 44, hex("FF FF"), DecodeErrc::LengthOverLimit, 44},
    {"more sources than bytes", 51, hex("FF 00"), DecodeErrc::LengthOverLimit, 51},
    {"source name over the limit", 59, hex("41"), DecodeErrc::LengthOverLimit, 59},
    {"range count beyond the bytes", 83, hex("FF FF FF FF"), DecodeErrc::LengthOverLimit, 83},
    {"empty range", 95, hex("00"), DecodeErrc::BadValue, 87},
    {"overlapping ranges", 103, hex("32"), DecodeErrc::BadValue, 103},
    {"touching ranges", 103, hex("64 00"), DecodeErrc::BadValue, 103},
    {"range past the end", 111, hex("8E 59"), DecodeErrc::BadValue, 103},
    {"checksum mismatch", 119, hex("78"), DecodeErrc::BadValue, 119},
    {"trailing byte", 123, {}, DecodeErrc::TrailingBytes, 123},
};

}  // namespace

BOOST_TEST_DONT_PRINT_LOG_VALUE(PartialMeta)

BOOST_AUTO_TEST_SUITE(partial_meta)

BOOST_AUTO_TEST_CASE(decodes_the_documented_layout) {
  const auto meta = decode_partial_meta(Documented);
  BOOST_TEST_REQUIRE(meta.has_value());
  BOOST_TEST(meta->key.size == 22925u);
  BOOST_TEST(meta->key.hash[15] == 0x0Fu);
  BOOST_TEST(meta->media.frequency == 44100u);
  BOOST_TEST(meta->name == "a.mp3");
  BOOST_TEST_REQUIRE(meta->sources.size() == 1u);
  BOOST_TEST(meta->sources[0].name == "Gumdrop609_21884");
  BOOST_TEST(meta->sources[0].handle.udp_port == 6257u);
  BOOST_TEST(meta->received.count() == 2u);
  BOOST_TEST(meta->received.covered() == 200u);
}

BOOST_AUTO_TEST_CASE(encodes_to_the_documented_bytes) {
  BOOST_TEST(encoded(documented_meta()) == Documented, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_truncation_fails) {
  for (std::size_t cut = 0; cut < Documented.size(); ++cut) {
    BOOST_TEST_CONTEXT("cut at " << cut) {
      const auto result = decode_partial_meta(ByteView(Documented.data(), cut));
      BOOST_TEST(!result.has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(any_single_byte_change_is_rejected) {
  for (std::size_t at = 0; at < Documented.size(); ++at) {
    Bytes damaged = Documented;
    damaged[at] ^= 0xFF;
    BOOST_TEST_CONTEXT("byte " << at) { BOOST_TEST(!decode_partial_meta(damaged).has_value()); }
  }
}

BOOST_DATA_TEST_CASE(rejects_hostile_fields_at_their_offset, bdata::make(Mutations), mutation) {
  Bytes input = Documented;
  if (mutation.bytes.empty()) {
    input.push_back(0);
  } else {
    std::copy(mutation.bytes.begin(), mutation.bytes.end(), input.begin() + static_cast<std::ptrdiff_t>(mutation.at));
  }
  const auto result = decode_partial_meta(input);
  BOOST_TEST_REQUIRE(!result.has_value());
  BOOST_TEST((result.error().code == mutation.code));
  BOOST_TEST(result.error().offset == mutation.offset);
}

BOOST_AUTO_TEST_CASE(encoder_drops_bytes_outside_the_file) {
  PartialMeta meta = documented_meta();
  meta.received.insert({22900, 30000});
  const auto back = decode_partial_meta(encoded(meta));
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(back->received.ranges().back().end == 22925u);
}

BOOST_AUTO_TEST_CASE(encoder_cuts_overlong_names_so_the_output_decodes) {
  PartialMeta meta = documented_meta();
  meta.name = std::string(5000, 'n');
  meta.sources[0].name = std::string(300, 'u');
  const auto back = decode_partial_meta(encoded(meta));
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(back->name.size() == 1024u);
  BOOST_TEST(back->sources[0].name.size() == 64u);
}

BOOST_DATA_TEST_CASE(random_metas_round_trip, bdata::xrange(25), seed) {
  std::mt19937 engine(static_cast<std::uint32_t>(seed) + 101u);
  auto rng = [&] { return static_cast<std::uint32_t>(engine()); };
  PartialMeta meta;
  for (auto& b : meta.key.hash) b = static_cast<std::uint8_t>(rng());
  meta.key.size = rng() % 100000u + 1u;
  meta.size = meta.key.size;
  meta.media = {static_cast<std::uint16_t>(rng()), static_cast<std::uint32_t>(rng()),
                static_cast<std::uint32_t>(rng())};
  meta.name = std::string(rng() % 40, static_cast<char>('a' + rng() % 26));
  for (unsigned i = rng() % 5; i > 0; --i)
    meta.sources.push_back({{{1, 2, 3, static_cast<std::uint8_t>(i)}, static_cast<std::uint16_t>(rng())},
                            "user_" + std::to_string(i),
                            std::string(i, '\0') + "f"});
  for (unsigned i = rng() % 20; i > 0; --i) {
    const std::uint64_t a = rng() % meta.size;
    meta.received.insert({a, a + rng() % (meta.size - a) + 1});
  }
  const auto back = decode_partial_meta(encoded(meta));
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((*back == meta));
}

BOOST_AUTO_TEST_SUITE_END()
