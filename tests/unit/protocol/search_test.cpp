#include "protocol/codecs/search.h"

#include <boost/test/unit_test.hpp>

#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::capture;
using wpn::test::hex;

namespace {

// A 0x177A payload laid out by hand from the protocol.md §9.3 table:
// search 7, primary 81.64.209.73:6257, the observed dummy bytes, a media file,
// DSL, ping IP 10.0.0.5, user and queue status.
const char* const ResultHex =
    "07000000"  // search id
    "5140d149"
    "7118"                                           // primary IP, UDP port
    "4e5b0400a9"                                     // unknown
    "4d757369635c612e6d703300"                       // "Music\a.mp3"
    "000102030405060708090a0b0c0d0e0f 40420f00"      // key
    "40420f00"                                       // size 1000000
    "0b 4d c000 44ac0000 cf000000"                   // metadata block
    "08"                                             // line type DSL
    "0a000005"                                       // ping IP
    "7465737465723132335f323132373000"               // "tester123_21270"
    "393030362036206f66203620617661696c61626c6500";  // "9006 6 of 6 available"

SearchResult expected_result() {
  SearchResult result;
  result.search_id = 7;
  result.primary_ip = {81, 64, 209, 73};
  result.primary_udp_port = 6257;
  result.unknown = std::array<Byte, 5>{0x4E, 0x5B, 0x04, 0x00, 0xA9};
  result.path = "Music\\a.mp3";
  for (std::size_t i = 0; i < result.key.hash.size(); ++i) result.key.hash[i] = static_cast<Byte>(i);
  result.key.size = 1000000;
  result.size = 1000000;
  result.media = MediaInfo{192, 44100, 207};
  result.line_type = LineType::Dsl;
  result.ping_ip = {10, 0, 0, 5};
  result.user = "tester123_21270";
  result.queue_status = "9006 6 of 6 available";
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(search)

BOOST_AUTO_TEST_CASE(search_encodes_documented_layout_with_extra_nul) {
  Bytes out;
  encode(Search{7, 0, FileType::Audio, 0, "abba gold"}, out);
  BOOST_TEST(out == hex("07000000 0000 02 00 6162626120676f6c6400 00"));
  WireOptions without;
  without.search_trailing_nul = false;
  Bytes plain;
  encode(Search{7, 0, FileType::Audio, 0, "abba gold"}, plain, without);
  BOOST_TEST(plain == hex("07000000 0000 02 00 6162626120676f6c6400"));
}

BOOST_AUTO_TEST_CASE(search_parses_leniently) {
  const Search expected{7, 0, FileType::Video, 0, "abba gold"};
  for (const char* const form : {"07000000 0000 03 00 6162626120676f6c6400 00",           // working client
                                 "07000000 0000 03 00 6162626120676f6c6400",              // no extra NUL
                                 "07000000 0000 03 00 6162626120676f6c64",                // no NUL at all
                                 "07000000 0000 03 00 6162626120676f6c6400 00 ff ff"}) {  // trailing junk
    BOOST_TEST_CONTEXT(form) { BOOST_TEST((decode_search(hex(form)).value() == expected)); }
  }
}

BOOST_AUTO_TEST_CASE(search_keeps_unknown_bytes_and_types) {
  const auto search = decode_search(hex("01000000 3412 09 77 6100"));
  BOOST_REQUIRE(search.has_value());
  BOOST_TEST(search->unknown_4 == 0x1234);
  BOOST_TEST(static_cast<unsigned>(search->file_type) == 9u);
  BOOST_TEST(search->unknown_7 == 0x77);
  WireOptions without;
  without.search_trailing_nul = false;
  Bytes out;
  encode(*search, out, without);
  BOOST_TEST(out == hex("01000000 3412 09 77 6100"));
}

// Wire audit §2 (hub side): a 0x1771 shorter than 8 bytes keeps its whole fields and
// searches for nothing (an empty query matches no file).
BOOST_AUTO_TEST_CASE(search_short_forms_keep_their_whole_fields_and_long_query_fails) {
  const Bytes payload = hex("07000000 3412 02 05");
  for (std::size_t cut = 0; cut < payload.size(); ++cut) {
    const auto search = decode_search(ByteView(payload).first(cut));
    BOOST_TEST_CONTEXT("cut at " << cut) {
      BOOST_REQUIRE(search.has_value());
      BOOST_TEST(search->query.empty());
      BOOST_TEST(search->search_id == (cut >= 4 ? 7u : 0u));
      BOOST_TEST(search->unknown_4 == (cut >= 6 ? 0x1234u : 0u));
      BOOST_TEST((search->file_type == (cut >= 7 ? FileType::Audio : FileType::Any)));
      BOOST_TEST(search->unknown_7 == 0u);
    }
  }
  BOOST_TEST(decode_search(payload).value().query.empty());
  Bytes overlong = payload;
  overlong.insert(overlong.end(), MaxQueryLength + 1, 'q');
  BOOST_TEST((decode_search(overlong).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_CASE(hash_search_capture_decodes_and_re_encodes) {
  const Bytes wire = capture("hash_search_0x1772.hex");
  BOOST_REQUIRE(wire.size() == 28u);
  BOOST_TEST(wire[0] == 0x72);
  BOOST_TEST(wire[1] == 0x17);
  const Bytes payload(wire.begin() + 4, wire.end());
  BOOST_TEST(payload.size() == 0x18u);
  const auto search = decode_hash_search(payload);
  BOOST_REQUIRE(search.has_value());
  BOOST_TEST(search->search_id == 12u);
  BOOST_TEST((search->min_line_type == LineType::Unknown));
  BOOST_TEST((search->file_type == FileType::Audio));
  BOOST_TEST(search->hash[0] == 0xAF);
  BOOST_TEST(search->hash[15] == 0x13);
  Bytes out;
  encode(*search, out);
  BOOST_TEST(out == payload);
}

// Wire audit §2: a 0x1772 shorter than 24 bytes decodes, says how much hash it carried,
// and is never complete (the hub answers it with nothing).
BOOST_AUTO_TEST_CASE(hash_search_short_forms_are_incomplete) {
  const Bytes wire = capture("hash_search_0x1772.hex");
  const Bytes payload(wire.begin() + 4, wire.end());
  for (std::size_t cut = 0; cut < payload.size(); ++cut) {
    const auto search = decode_hash_search(ByteView(payload).first(cut));
    BOOST_TEST_CONTEXT("cut at " << cut) {
      BOOST_REQUIRE(search.has_value());
      BOOST_TEST(!search->complete());
      BOOST_TEST(search->hash_length == (cut > 8 ? cut - 8 : 0u));
      BOOST_TEST(search->search_id == (cut >= 4 ? 12u : 0u));
      Bytes out;
      encode(*search, out);
      if (cut >= 8) BOOST_TEST(out == Bytes(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(cut)));
    }
  }
  BOOST_TEST(decode_hash_search(payload).value().complete());
  Bytes longer = payload;
  longer.push_back(1);
  BOOST_TEST(decode_hash_search(longer).value().search_id == 12u);
}

BOOST_AUTO_TEST_CASE(search_stop_carries_the_id) {
  Bytes out;
  encode(SearchStop{0x01020304}, out);
  BOOST_TEST(out == hex("04030201"));
  BOOST_TEST(decode_search_stop(out).value().search_id == 0x01020304u);
  BOOST_TEST(!decode_search_stop(hex("040302")).has_value());
}

BOOST_AUTO_TEST_CASE(search_result_decodes_documented_layout) {
  const auto result = decode_search_result(hex(ResultHex));
  BOOST_REQUIRE(result.has_value());
  BOOST_TEST((*result == expected_result()));
  BOOST_TEST(holder_handle(*result).to_string() == "WinMX 49d140511871");
}

BOOST_AUTO_TEST_CASE(search_result_encodes_documented_layout) {
  Bytes out;
  encode(expected_result(), out);
  BOOST_TEST(out == hex(ResultHex));
  SearchResult fresh = expected_result();
  fresh.unknown.reset();  // our primary's results use the configured filler
  Bytes filled;
  encode(fresh, filled);
  BOOST_TEST(filled == hex(ResultHex));
  WireOptions zeros;
  zeros.search_result_filler = {0, 0, 0, 0, 0};
  Bytes zeroed;
  encode(fresh, zeroed, zeros);
  BOOST_TEST(std::vector<Byte>(zeroed.begin() + 10, zeroed.begin() + 15) == std::vector<Byte>(5, 0));
}

BOOST_AUTO_TEST_CASE(search_result_truncation_fails_until_the_final_status) {
  const Bytes payload = hex(ResultHex);
  const std::size_t status_start = payload.size() - 22;
  for (std::size_t cut = 0; cut < payload.size(); ++cut) {
    const auto result = decode_search_result(ByteView(payload).first(cut));
    BOOST_TEST_CONTEXT("cut at " << cut) {
      if (cut < status_start) {
        BOOST_TEST(!result.has_value());
      } else {
        // The last text may lack its NUL: it simply ends early.
        BOOST_REQUIRE(result.has_value());
        BOOST_TEST(result->queue_status.size() == cut - status_start);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(search_result_without_metadata_and_with_length_ten) {
  SearchResult plain = expected_result();
  plain.media = MediaInfo{};
  Bytes out;
  encode(plain, out);
  BOOST_TEST(out.size() == hex(ResultHex).size() - 11);
  BOOST_TEST((decode_search_result(out).value() == plain));

  Bytes ten = hex(ResultHex);
  const std::size_t meta_at = 15 + 12 + 20 + 4;
  BOOST_REQUIRE(ten[meta_at] == 0x0B);
  ten[meta_at] = 0x0A;
  BOOST_TEST((decode_search_result(ten).value() == expected_result()));
}

BOOST_AUTO_TEST_CASE(search_result_rejects_overlong_fields) {
  SearchResult result = expected_result();
  result.user = std::string(MaxNameLength + 1, 'u');
  Bytes out;
  encode(result, out);
  BOOST_TEST((decode_search_result(out).error().code == DecodeErrc::LengthOverLimit));
  result = expected_result();
  result.path = std::string(MaxPathLength + 1, 'p');
  out.clear();
  encode(result, out);
  BOOST_TEST((decode_search_result(out).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_CASE(search_result_line_type_is_one_byte) {
  Bytes out = hex(ResultHex);
  const std::size_t line_at = 15 + 12 + 20 + 4 + 12;
  BOOST_REQUIRE(out[line_at] == 0x08);
  out[line_at] = 0xC8;
  BOOST_TEST(static_cast<unsigned>(decode_search_result(out).value().line_type) == 200u);
}

BOOST_AUTO_TEST_CASE(dispatch_decodes_by_frame_type_and_rejects_others) {
  const auto message = decode_search_message(0x177A, hex(ResultHex));
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(type_of(*message) == 0x177A);
  BOOST_TEST((std::get<SearchResult>(*message) == expected_result()));
  Bytes out;
  encode(*message, out);
  BOOST_TEST(out == hex(ResultHex));
  BOOST_TEST(type_of(decode_search_message(0x1775, hex("07000000")).value()) == 0x1775);
  BOOST_TEST((decode_search_message(0x1776, hex("07000000")).error().code == DecodeErrc::WrongType));
}

BOOST_AUTO_TEST_SUITE_END()
