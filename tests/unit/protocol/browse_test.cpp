#include "protocol/codecs/browse.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "message_test_support.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::capture;
using wpn::test::hex;
namespace bdata = boost::unit_test::data;

namespace {

// "WinMX 49d140511871" from filesharing.md §2.3: 81.64.209.73, UDP 6257.
const NodeHandle CaptureHandle{{0x51, 0x40, 0xD1, 0x49}, 6257};
const std::string CaptureHandleText("WinMX 49d140511871\0", 19);

Bytes concat(std::initializer_list<std::string> parts) {
  Bytes out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

std::string z(const std::string& text) { return text + std::string(1, '\0'); }

BrowseEntry sample_entry() {
  BrowseEntry entry;
  entry.handle = NodeHandle{{127, 0, 0, 1}, 6257};
  entry.name = "tester123_21270";
  entry.path = "Music\\song.mp3";
  for (std::size_t i = 0; i < entry.key.hash.size(); ++i) entry.key.hash[i] = static_cast<Byte>(0xA0 + i);
  entry.key.size = 4'000'000;
  entry.size = 4'000'000;
  entry.media = MediaInfo{192, 44100, 207};
  return entry;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(browse)

BOOST_AUTO_TEST_CASE(entry_capture_length_is_86_and_decodes_field_by_field) {
  const auto frame = wpn::test::split_frame(capture("browse_entry_0x1bbc.hex"));
  BOOST_TEST(frame.type == msg::BrowseEntry);
  BOOST_TEST(frame.length == frame.payload.size());
  BOOST_TEST(frame.length == 86u);

  const auto entry = decode_browse_entry(frame.payload);
  BOOST_REQUIRE(entry.has_value());
  BOOST_TEST((entry->handle == CaptureHandle));
  BOOST_TEST(entry->name == "Gumdrop609_21884");
  BOOST_TEST(entry->path == "Hello\\Robo Resources.rar");
  BOOST_TEST(entry->key.size == 22925u);
  BOOST_TEST(entry->size == 22925u);
  BOOST_TEST(entry->key.hash[15] == 0x0F);
  BOOST_TEST(entry->media.empty());
}

BOOST_AUTO_TEST_CASE(entry_capture_re_encodes_byte_for_byte) {
  const auto frame = wpn::test::split_frame(capture("browse_entry_0x1bbc.hex"));
  const auto entry = decode_browse_entry(frame.payload);
  BOOST_REQUIRE(entry.has_value());
  Bytes out;
  encode(*entry, out);
  BOOST_TEST(out == frame.payload, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(entry_with_media_round_trips_with_an_11_byte_block) {
  const BrowseEntry entry = sample_entry();
  Bytes out;
  encode(entry, out);
  // handle 19 + name 16 + path 15 + key 20 + size 4 + block 12
  BOOST_TEST(out.size() == 19u + 16u + 15u + 20u + 4u + 12u);
  const Bytes block(out.end() - 12, out.end());
  BOOST_TEST(block == hex("0B 4D C000 44AC0000 CF000000"), boost::test_tools::per_element());
  const auto decoded = decode_browse_entry(out);
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == entry));
}

BOOST_AUTO_TEST_CASE(entry_accepts_a_meta_len_of_10) {
  Bytes wire = concat({CaptureHandleText, z("a_00001"), z("x.mp3")});
  const Bytes tail = hex("00000000000000000000000000000000 10000000 10000000 0A 4D C000 44AC0000 CF000000");
  wire.insert(wire.end(), tail.begin(), tail.end());
  const auto entry = decode_browse_entry(wire);
  BOOST_REQUIRE(entry.has_value());
  BOOST_TEST((entry->media == MediaInfo{192, 44100, 207}));
  BOOST_TEST(entry->size == 16u);
}

BOOST_AUTO_TEST_CASE(entry_truncated_at_every_byte_fails) {
  Bytes out;
  encode(sample_entry(), out);
  wpn::test::require_truncations_fail(out, out.size(), [](ByteView p) { return decode_browse_entry(p); });
}

BOOST_AUTO_TEST_CASE(request_is_handle_then_name) {
  const BrowseRequest request{CaptureHandle, "Gumdrop609_21884"};
  Bytes out;
  encode(request, out);
  BOOST_TEST(out == concat({CaptureHandleText, z("Gumdrop609_21884")}), boost::test_tools::per_element());
  const auto decoded = decode_browse_request(out);
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == request));
}

BOOST_AUTO_TEST_CASE(end_notification_carries_the_request_payload) {
  Bytes request_bytes;
  encode(BrowseRequest{CaptureHandle, "Gumdrop609_21884"}, request_bytes);
  const auto end = decode_browse_end(request_bytes);
  BOOST_REQUIRE(end.has_value());
  BOOST_TEST(end->name == "Gumdrop609_21884");
  Bytes end_bytes;
  encode(*end, end_bytes);
  BOOST_TEST(end_bytes == request_bytes, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(target_only_messages_fail_on_every_truncation) {
  const Bytes wire = concat({CaptureHandleText, z("Gumdrop609_21884")});
  wpn::test::require_truncations_fail(wire, wire.size(), [](ByteView p) { return decode_browse_request(p); });
  wpn::test::require_truncations_fail(wire, wire.size(), [](ByteView p) { return decode_browse_end(p); });
  wpn::test::require_truncations_fail(wire, wire.size(), [](ByteView p) { return decode_browse_failed(p); });
  wpn::test::require_truncations_fail(wire, wire.size(), [](ByteView p) { return decode_browse_complete(p); });
}

BOOST_AUTO_TEST_CASE(failed_round_trips) {
  const BrowseFailed failed{CaptureHandle, "gone_00042"};
  Bytes out;
  encode(failed, out);
  const auto decoded = decode_browse_failed(out);
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == failed));
}

BOOST_AUTO_TEST_CASE(complete_keeps_trailing_bytes_and_reads_a_queue_status) {
  const Bytes wire = concat({CaptureHandleText, z("Gumdrop609_21884"), z("9006 6 of 6 available")});
  const auto complete = decode_browse_complete(wire);
  BOOST_REQUIRE(complete.has_value());
  BOOST_TEST(complete->trailing == bytes_of(z("9006 6 of 6 available")), boost::test_tools::per_element());
  BOOST_TEST(trailing_queue_status(*complete).value() == "9006 6 of 6 available");
  Bytes out;
  encode(*complete, out);
  BOOST_TEST(out == wire, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(complete_without_trailing_bytes_has_no_queue_status) {
  const auto complete = decode_browse_complete(concat({CaptureHandleText, z("Gumdrop609_21884")}));
  BOOST_REQUIRE(complete.has_value());
  BOOST_TEST(complete->trailing.empty());
  BOOST_TEST(!trailing_queue_status(*complete).has_value());
}

BOOST_AUTO_TEST_CASE(complete_rejects_trailing_bytes_above_the_limit) {
  Bytes wire = concat({CaptureHandleText, z("Gumdrop609_21884")});
  wire.resize(wire.size() + MaxBrowseTrailingLength + 1, 'x');
  const auto complete = decode_browse_complete(wire);
  BOOST_REQUIRE(!complete.has_value());
  BOOST_TEST(complete.error().code == DecodeErrc::LengthOverLimit);
}

BOOST_AUTO_TEST_CASE(make_complete_appends_the_status_only_when_configured) {
  WireOptions options;
  options.browse_complete_queue_status = false;
  BOOST_TEST(make_browse_complete(CaptureHandle, "u_00001", "9001 1 of 1 available", options).trailing.empty());
  options.browse_complete_queue_status = true;
  const auto with_status = make_browse_complete(CaptureHandle, "u_00001", "9001 1 of 1 available", options);
  BOOST_TEST(with_status.trailing == bytes_of(z("9001 1 of 1 available")), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(dispatch_selects_the_message_by_type_and_rejects_others) {
  const Bytes wire = concat({CaptureHandleText, z("Gumdrop609_21884")});
  const auto failed = decode_browse_message(msg::BrowseFailed, wire);
  BOOST_REQUIRE(failed.has_value());
  BOOST_TEST(std::holds_alternative<BrowseFailed>(*failed));
  BOOST_TEST(type_of(*failed) == 0x1BD0);
  const auto other = decode_browse_message(msg::WhoisRequest, wire);
  BOOST_REQUIRE(!other.has_value());
  BOOST_TEST(other.error().code == DecodeErrc::WrongType);
}

BOOST_AUTO_TEST_CASE(handle_hex_case_and_prefix_case_are_accepted) {
  for (const std::string handle : {"WinMX 49D140511871", "Winmx 49d140511871", "WINMX 49D140511871"}) {
    const auto request = decode_browse_request(concat({z(handle), z("a_00001")}));
    BOOST_REQUIRE(request.has_value());
    BOOST_TEST((request->handle == CaptureHandle));
  }
}

struct HostileCase {
  std::string label;
  Bytes payload;
  DecodeErrc expected;
};

std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.label; }

const std::vector<HostileCase> HostileRequests{
    {"non-hex digit in handle", concat({z("WinMX 49d14051187g"), z("a_00001")}), DecodeErrc::BadHandle},
    {"handle one digit short", concat({z("WinMX 49d14051187"), z("a_00001")}), DecodeErrc::BadHandle},
    {"handle one digit long", concat({z("WinMX 49d1405118710"), z("a_00001")}), DecodeErrc::BadHandle},
    {"wrong prefix", concat({z("WinMY 49d140511871"), z("a_00001")}), DecodeErrc::BadHandle},
    {"handle missing its NUL", bytes_of("WinMX 49d140511871"), DecodeErrc::MissingTerminator},
    {"name missing its NUL", concat({CaptureHandleText, "a_00001"}), DecodeErrc::MissingTerminator},
    {"name above 255 bytes", concat({CaptureHandleText, z(std::string(256, 'n'))}), DecodeErrc::LengthOverLimit},
    {"empty payload", Bytes{}, DecodeErrc::MissingTerminator},
};

BOOST_DATA_TEST_CASE(hostile_requests_are_rejected_with_their_reason, bdata::make(HostileRequests), hostile) {
  const auto request = decode_browse_request(hostile.payload);
  BOOST_REQUIRE(!request.has_value());
  BOOST_TEST(request.error().code == hostile.expected);
}

const std::vector<HostileCase> HostileEntries{
    {"path above 4096 bytes", concat({CaptureHandleText, z("a_00001"), z(std::string(4097, 'p'))}),
     DecodeErrc::LengthOverLimit},
    {"key cut short", concat({CaptureHandleText, z("a_00001"), z("x"), std::string(19, '\x01')}),
     DecodeErrc::Truncated},
    {"meta_len promising more than remains",
     concat({CaptureHandleText, z("a_00001"), z("x"), std::string(24, '\x01'), std::string("\x0B\x4D\xC0", 3)}),
     DecodeErrc::Truncated},
};

BOOST_DATA_TEST_CASE(hostile_entries_are_rejected_with_their_reason, bdata::make(HostileEntries), hostile) {
  const auto entry = decode_browse_entry(hostile.payload);
  BOOST_REQUIRE(!entry.has_value());
  BOOST_TEST(entry.error().code == hostile.expected);
}

BOOST_AUTO_TEST_SUITE_END()
