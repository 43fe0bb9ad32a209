#include "protocol/codecs/common.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::capture;
using wpn::test::hex;

namespace {

const char* const HostileHandles[] = {
    "",
    "WinMX ",
    "WinMX 0100007f187",      // one digit short
    "WinMX 0100007f18711",    // one digit long
    "WinMX 0100007g1871",     // not hex
    "WinMX 0100007f 871",     // space inside
    "WinMX +100007f1871",     // sign
    "WinMX-0100007f1871",     // wrong separator
    "WinMY 0100007f1871",     // wrong prefix
    " WinMX 0100007f187",     // leading space
    "WinMX 0x00007f1871",     // 0x prefix
    "WinMX\t0100007f1871",    // tab for space
    "roomname_0100007F1A2B",  // room suffix, not a handle
};

}  // namespace

BOOST_AUTO_TEST_SUITE(common)

BOOST_AUTO_TEST_CASE(handle_capture_parses_to_primary_address) {
  const Bytes wire = capture("handle_49d140511871.hex");
  ByteReader reader(wire);
  const auto handle = read_handle(reader);
  BOOST_REQUIRE(handle.has_value());
  BOOST_TEST(reader.empty());
  // filesharing.md §2.3: the binary ip4 field would be 51 40 D1 49 = 81.64.209.73.
  const Ip4 expected_ip{81, 64, 209, 73};
  BOOST_TEST(handle->ip == expected_ip);
  BOOST_TEST(handle->udp_port == 6257);
}

BOOST_AUTO_TEST_CASE(handle_is_emitted_byte_for_byte_as_captured) {
  const NodeHandle handle{{81, 64, 209, 73}, 6257};
  Bytes out;
  ByteWriter writer(out);
  write_handle(writer, handle);
  BOOST_TEST(out == capture("handle_49d140511871.hex"));
}

BOOST_AUTO_TEST_CASE(whois_capture_handle_and_name_read_back) {
  const Bytes payload = capture("handle_whois_payload.hex");
  BOOST_TEST(payload.size() == 41u);
  ByteReader reader(payload);
  const auto handle = read_handle(reader);
  BOOST_REQUIRE(handle.has_value());
  const Ip4 expected_ip{0x7a, 0x79, 0xa1, 0xb8};  // hex b8a1797a read as u32le
  BOOST_TEST(handle->ip == expected_ip);
  BOOST_TEST(handle->udp_port == 0x1871);
  BOOST_TEST(handle->to_string() == "WinMX b8a1797a1871");
  const auto name = reader.cstr(MaxNameLength);
  BOOST_REQUIRE(name.has_value());
  BOOST_TEST(*name == "DaBees-Knees233_48113");
  BOOST_TEST(std::string(base_name_of(*name)) == "DaBees-Knees233");
}

BOOST_AUTO_TEST_CASE(handle_reverses_octets_of_loopback_and_lan_addresses) {
  BOOST_TEST((NodeHandle{{127, 0, 0, 1}, 6257}.to_string() == "WinMX 0100007f1871"));
  BOOST_TEST((NodeHandle{{192, 168, 1, 20}, 0x1A2B}.to_string() == "WinMX 1401a8c01a2b"));
  BOOST_TEST((NodeHandle{{0, 0, 0, 0}, 0}.to_string() == "WinMX 000000000000"));
}

BOOST_AUTO_TEST_CASE(handle_parse_accepts_either_case_and_bot_prefix) {
  const NodeHandle expected{{192, 168, 1, 20}, 0x1A2B};
  BOOST_TEST((NodeHandle::parse("WinMX 1401a8c01a2b") == expected));
  BOOST_TEST((NodeHandle::parse("WinMX 1401A8C01A2B") == expected));
  BOOST_TEST((NodeHandle::parse("Winmx 1401A8C01a2B") == expected));
  BOOST_TEST((NodeHandle::parse("WINMX 1401a8c01a2b") == expected));
}

BOOST_DATA_TEST_CASE(hostile_handles_are_rejected, boost::unit_test::data::make(HostileHandles), text) {
  BOOST_TEST(!NodeHandle::parse(text).has_value());
  Bytes wire = bytes_of(text);
  wire.push_back(0);
  ByteReader reader(wire);
  const auto read = read_handle(reader);
  BOOST_REQUIRE(!read.has_value());
  BOOST_TEST((read.error().code == DecodeErrc::BadHandle));
  BOOST_TEST(read.error().offset == 0u);
}

BOOST_AUTO_TEST_CASE(handle_without_nul_or_overlong_fails_cleanly) {
  const Bytes unterminated = bytes_of("WinMX 0100007f1871");
  ByteReader a(unterminated);
  BOOST_TEST((read_handle(a).error().code == DecodeErrc::MissingTerminator));
  Bytes overlong(200, 'a');
  overlong.push_back(0);
  ByteReader b(overlong);
  BOOST_TEST((read_handle(b).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_CASE(ip4_text_writes_wire_bytes_first_octet_first) {
  BOOST_TEST(ip4_text({127, 0, 0, 1}) == "127.0.0.1");
  BOOST_TEST(ip4_text({192, 168, 10, 255}) == "192.168.10.255");
  BOOST_TEST(ip4_text({0, 0, 0, 0}) == "0.0.0.0");
}

BOOST_AUTO_TEST_CASE(ip_hex_round_trips_and_rejects_bad_digits) {
  BOOST_TEST(ip_hex({127, 0, 0, 1}) == "0100007f");
  BOOST_TEST(ip_hex({127, 0, 0, 1}, true) == "0100007F");
  const Ip4 loopback{127, 0, 0, 1};
  BOOST_TEST((parse_ip_hex("0100007F") == loopback));
  BOOST_TEST(!parse_ip_hex("0100007").has_value());
  BOOST_TEST(!parse_ip_hex("0100007z").has_value());
}

BOOST_AUTO_TEST_CASE(full_name_pads_client_id_to_five_digits) {
  BOOST_TEST(full_name("tester123", 21270) == "tester123_21270");
  BOOST_TEST(full_name("Gumdrop609", 7) == "Gumdrop609_00007");
  BOOST_TEST(full_name("x", 0) == "x_00000");
  BOOST_TEST(full_name("x", 65535) == "x_65535");
}

BOOST_AUTO_TEST_CASE(base_name_strips_only_a_five_digit_suffix) {
  BOOST_TEST(std::string(base_name_of("DaBees-Knees233_48113")) == "DaBees-Knees233");
  BOOST_TEST(std::string(base_name_of("tester123_21270")) == "tester123");
  BOOST_TEST(std::string(base_name_of("tester123")) == "tester123");
  BOOST_TEST(std::string(base_name_of("tester_1234")) == "tester_1234");      // four digits
  BOOST_TEST(std::string(base_name_of("tester_123456")) == "tester_123456");  // six digits
  BOOST_TEST(std::string(base_name_of("tester-21270")) == "tester-21270");    // no underscore
  BOOST_TEST(std::string(base_name_of("a_2127x")) == "a_2127x");
  BOOST_TEST(std::string(base_name_of("_21270")) == "");
  BOOST_TEST(std::string(base_name_of("")) == "");
  BOOST_TEST(std::string(base_name_of("a_b_21270_00001")) == "a_b_21270");  // one suffix only
}

BOOST_AUTO_TEST_CASE(metadata_block_reads_the_eleven_byte_form) {
  // meta_len 11, 'M', 192 kbit/s, 44100 Hz, 207 s (filesharing.md §2.7 units example).
  const Bytes wire = hex("0B 4D C000 44AC0000 CF000000");
  ByteReader reader(wire);
  const auto media = read_metadata_block(reader);
  BOOST_REQUIRE(media.has_value());
  BOOST_TEST(media->bitrate == 192);
  BOOST_TEST(media->frequency == 44100u);
  BOOST_TEST(media->duration == 207u);
  BOOST_TEST(reader.empty());
}

BOOST_AUTO_TEST_CASE(metadata_block_with_length_ten_still_reads_ten_data_bytes) {
  const Bytes wire = hex("0A 4D C000 44AC0000 CF000000 EE");
  ByteReader reader(wire);
  const auto media = read_metadata_block(reader);
  BOOST_REQUIRE(media.has_value());
  BOOST_TEST(media->duration == 207u);
  BOOST_TEST(reader.remaining() == 1u);
}

BOOST_AUTO_TEST_CASE(metadata_block_skips_extra_declared_bytes) {
  const Bytes wire = hex("0D 4D C000 44AC0000 CF000000 1122 EE");
  ByteReader reader(wire);
  const auto media = read_metadata_block(reader);
  BOOST_REQUIRE(media.has_value());
  BOOST_TEST(media->bitrate == 192);
  BOOST_TEST(reader.remaining() == 1u);
}

BOOST_AUTO_TEST_CASE(metadata_block_of_unknown_type_is_skipped_by_its_length) {
  const Bytes wire = hex("04 58 010203 EE");
  ByteReader reader(wire);
  const auto media = read_metadata_block(reader);
  BOOST_REQUIRE(media.has_value());
  BOOST_TEST(media->empty());
  BOOST_TEST(reader.remaining() == 1u);
}

BOOST_AUTO_TEST_CASE(metadata_block_zero_length_means_no_metadata) {
  const Bytes wire = hex("00 EE");
  ByteReader reader(wire);
  BOOST_TEST(read_metadata_block(reader).value().empty());
  BOOST_TEST(reader.remaining() == 1u);
}

BOOST_AUTO_TEST_CASE(metadata_block_truncated_anywhere_fails) {
  const Bytes wire = hex("0D 4D C000 44AC0000 CF000000 1122");
  for (std::size_t cut = 0; cut < wire.size(); ++cut) {
    ByteReader reader(ByteView(wire).first(cut));
    const auto media = read_metadata_block(reader);
    BOOST_TEST_CONTEXT("cut at " << cut) {
      BOOST_REQUIRE(!media.has_value());
      BOOST_TEST((media.error().code == DecodeErrc::Truncated));
    }
  }
}

BOOST_AUTO_TEST_CASE(metadata_block_writer_uses_wire_option_length) {
  const MediaInfo media{192, 44100, 207};
  Bytes out;
  ByteWriter writer(out);
  write_metadata_block(writer, media);
  BOOST_TEST(out == hex("0B 4D C000 44AC0000 CF000000"));

  WireOptions ten;
  ten.metadata_length = 10;
  Bytes out_ten;
  ByteWriter writer_ten(out_ten);
  write_metadata_block(writer_ten, media, ten);
  BOOST_TEST(out_ten == hex("0A 4D C000 44AC0000 CF000000"));

  Bytes empty;
  ByteWriter writer_empty(empty);
  write_metadata_block(writer_empty, MediaInfo{});
  BOOST_TEST(empty == hex("00"));
}

BOOST_AUTO_TEST_CASE(file_key_is_hash_then_little_endian_length) {
  FileKey key;
  for (std::size_t i = 0; i < key.hash.size(); ++i) key.hash[i] = static_cast<Byte>(i + 1);
  key.size = 22925;  // 8D 59 00 00 in the browse capture (filesharing.md §2.6)
  Bytes out;
  ByteWriter writer(out);
  write_file_key(writer, key);
  BOOST_TEST(out == hex("0102030405060708090A0B0C0D0E0F10 8D590000"));
  ByteReader reader(out);
  BOOST_TEST((read_file_key(reader).value() == key));
  ByteReader short_reader(ByteView(out).first(19));
  BOOST_TEST((read_file_key(short_reader).error().code == DecodeErrc::Truncated));
}

BOOST_AUTO_TEST_SUITE_END()
