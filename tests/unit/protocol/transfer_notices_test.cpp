#include "protocol/codecs/transfer_notices.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <vector>

#include "message_test_support.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::hex;
namespace bdata = boost::unit_test::data;

namespace {

const NodeHandle CaptureHandle{{0x51, 0x40, 0xD1, 0x49}, 6257};
const TransferAddress CaptureAddress{CaptureHandle, "Gumdrop609_21884", "Hello\\Robo Resources.rar"};
const Ip4 HolderIp{192, 168, 1, 20};

std::string z(const std::string& text) { return text + std::string(1, '\0'); }

Bytes addr_bytes(const std::string& handle = "WinMX 49d140511871") {
  return bytes_of(z(handle) + z("Gumdrop609_21884") + z("Hello\\Robo Resources.rar"));
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

template <class T>
Bytes encoded(const T& message) {
  Bytes out;
  encode(message, out);
  return out;
}

// 192.168.1.20 as wire bytes, then port 6699 as u16le.
const Bytes EndpointBytes = hex("C0A80114 2B1A");

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_notices)

struct StartCase {
  std::string label;
  Bytes prefix;
  std::string handle;
  std::optional<LeadingField> leading;
};

std::ostream& operator<<(std::ostream& out, const StartCase& c) { return out << c.label; }

const std::vector<StartCase> StartCases{
    {"no leading name", Bytes{}, "WinMX 49d140511871", std::nullopt},
    {"leading name with NUL", bytes_of(z("tester123_21270")), "WinMX 49d140511871",
     LeadingField{"tester123_21270", true}},
    {"leading name without NUL", bytes_of("tester123_21270"), "WinMX 49d140511871",
     LeadingField{"tester123_21270", false}},
    {"upper-case handle", bytes_of(z("tester123_21270")), "WinMX 49D140511871", LeadingField{"tester123_21270", true}},
    {"lower-case prefix, no leading", Bytes{}, "winmx 49d140511871", std::nullopt},
    {"RoboMX prefix without NUL", bytes_of("tester123_21270"), "Winmx 49D140511871",
     LeadingField{"tester123_21270", false}},
};

BOOST_DATA_TEST_CASE(download_start_is_found_behind_any_leading_name, bdata::make(StartCases), c) {
  const Bytes wire = concat({c.prefix, addr_bytes(c.handle), EndpointBytes});
  const auto start = decode_download_start(wire);
  BOOST_REQUIRE(start.has_value());
  BOOST_TEST((start->leading == c.leading));
  BOOST_TEST((start->holder == CaptureAddress));
  BOOST_TEST((start->ip == HolderIp));
  BOOST_TEST(start->data_port == 6699u);
  const auto again = decode_download_start(encoded(*start));
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST((*again == *start));
}

// winmxworld's 0x1FC2 page: [Requesting Nodes UserName String : N]["WinMX":6]... with no
// [00 : 1] after the name, unlike every other string on its pages (wire audit D8).
BOOST_AUTO_TEST_CASE(make_download_start_leads_with_the_requester_name_without_nul_by_default) {
  const auto start = make_download_start("tester123_21270", CaptureAddress, HolderIp, 6699);
  BOOST_TEST(encoded(start) == concat({bytes_of("tester123_21270"), addr_bytes(), EndpointBytes}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(make_download_start_follows_the_leading_name_options) {
  WireOptions options;
  options.leading_name_nul = true;
  BOOST_TEST(encoded(make_download_start("me_00001", CaptureAddress, HolderIp, 6699, options)) ==
                 concat({bytes_of(z("me_00001")), addr_bytes(), EndpointBytes}),
             boost::test_tools::per_element());
  options.download_start_leading_name = false;
  BOOST_TEST(encoded(make_download_start("me_00001", CaptureAddress, HolderIp, 6699, options)) ==
                 concat({addr_bytes(), EndpointBytes}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(download_start_fails_when_cut_anywhere) {
  const Bytes wire = concat({bytes_of(z("tester123_21270")), addr_bytes(), EndpointBytes});
  wpn::test::require_truncations_fail(wire, wire.size(), [](ByteView p) { return decode_download_start(p); });
}

struct OptionCase {
  std::string label;
  Bytes tail;
  std::uint32_t option;
  OptionWidth width;
};

std::ostream& operator<<(std::ostream& out, const OptionCase& c) { return out << c.label; }

const std::vector<OptionCase> OptionCases{
    {"one byte", hex("01"), 1u, OptionWidth::OneByte},
    {"four bytes", hex("01000000"), 1u, OptionWidth::FourBytes},
    {"absent", Bytes{}, 0u, OptionWidth::Absent},
    {"two bytes read as one", hex("0100"), 1u, OptionWidth::OneByte},
    {"four bytes and more", hex("00000000 FF"), 0u, OptionWidth::FourBytes},
};

BOOST_DATA_TEST_CASE(upload_requested_option_is_one_or_four_bytes, bdata::make(OptionCases), c) {
  const auto request = decode_upload_requested(concat({addr_bytes(), c.tail}));
  BOOST_REQUIRE(request.has_value());
  BOOST_TEST((request->requester == CaptureAddress));
  BOOST_TEST(request->option == c.option);
  BOOST_TEST((request->option_width == c.width));
  const auto again = decode_upload_requested(encoded(*request));
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST((*again == *request));
}

// TrapperKeeper reads a real primary's 0x1FB8 option as a DWORD (wire audit D7).
BOOST_AUTO_TEST_CASE(make_upload_requested_uses_the_configured_width) {
  BOOST_TEST(encoded(make_upload_requested(CaptureAddress, DownloadOption::JoinQueue)) ==
                 concat({addr_bytes(), hex("01000000")}),
             boost::test_tools::per_element());
  WireOptions options;
  options.upload_requested_option_width = 1;
  BOOST_TEST(encoded(make_upload_requested(CaptureAddress, DownloadOption::JoinQueue, options)) ==
                 concat({addr_bytes(), hex("01")}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(download_failed_carries_a_status_text_with_or_without_nul) {
  const auto with_nul = decode_download_failed(concat({addr_bytes(), bytes_of(z("Busy (3 in queue)"))}));
  BOOST_REQUIRE(with_nul.has_value());
  BOOST_TEST(with_nul->status == "Busy (3 in queue)");
  BOOST_TEST((classify_download_failure(with_nul->status) == TransferRefusal::Busy));
  BOOST_TEST(busy_queue_length(with_nul->status).value() == 3u);
  const auto without_nul = decode_download_failed(concat({addr_bytes(), bytes_of("File Not Shared")}));
  BOOST_REQUIRE(without_nul.has_value());
  BOOST_TEST(without_nul->status == "File Not Shared");
}

BOOST_AUTO_TEST_CASE(make_download_failed_writes_the_documented_status) {
  const auto failed = make_download_failed(CaptureAddress, TransferRefusal::TimedOut, 0);
  BOOST_TEST(encoded(failed) == concat({addr_bytes(), bytes_of(z("Request timed out"))}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(withdrawn_round_trips_with_its_status) {
  const UploadWithdrawn withdrawn{std::nullopt, CaptureAddress, "Request withdrawn"};
  const Bytes wire = encoded(withdrawn);
  BOOST_TEST(wire == concat({addr_bytes(), bytes_of(z("Request withdrawn"))}), boost::test_tools::per_element());
  BOOST_TEST((decode_upload_withdrawn(wire).value() == withdrawn));
}

BOOST_AUTO_TEST_CASE(queued_position_and_length_round_trip) {
  const DownloadQueued queued{std::nullopt, CaptureAddress, 3u, 10u};
  const Bytes wire = encoded(queued);
  BOOST_TEST(wire == concat({addr_bytes(), hex("03000000 0A000000")}), boost::test_tools::per_element());
  BOOST_TEST((decode_download_queued(wire).value() == queued));
  const auto bare = decode_download_queued(addr_bytes());
  BOOST_REQUIRE(bare.has_value());
  BOOST_TEST(!bare->position.has_value());
}

// Wire audit D3: no reference publishes 0x1FCC; a primary's "in queue" notice in another
// shape (here a u16 position, then odd lengths) still decodes and keeps its bytes.
BOOST_AUTO_TEST_CASE(queued_notice_with_any_tail_decodes_and_keeps_it) {
  const Bytes u16_position = concat({addr_bytes(), hex("0300")});
  const auto two = decode_download_queued(u16_position);
  BOOST_REQUIRE(two.has_value());
  BOOST_TEST(two->position.value() == 3u);
  BOOST_TEST(two->tail == hex("0300"), boost::test_tools::per_element());
  BOOST_TEST(encoded(*two) == u16_position, boost::test_tools::per_element());
  for (const Bytes& tail : {hex("030000"), hex("03000000 0A00"), hex("03000000 0A000000 FF")}) {
    const Bytes wire = concat({addr_bytes(), tail});
    const auto odd = decode_download_queued(wire);
    BOOST_REQUIRE(odd.has_value());
    BOOST_TEST((odd->holder == CaptureAddress));
    BOOST_TEST(!odd->position.has_value());
    BOOST_TEST(odd->tail == tail, boost::test_tools::per_element());
    BOOST_TEST(encoded(*odd) == wire, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(upload_start_carries_the_requester_endpoint) {
  const UploadStart start{std::nullopt, CaptureAddress, HolderIp, 6699};
  const Bytes wire = encoded(start);
  BOOST_TEST(wire == concat({addr_bytes(), EndpointBytes}), boost::test_tools::per_element());
  BOOST_TEST((decode_upload_start(wire).value() == start));
  const Bytes addr = addr_bytes();
  wpn::test::require_truncations_fail(addr, addr.size(), [](ByteView p) { return decode_upload_start(p); });
}

// Wire audit D3: a push request without the endpoint, with part of it, or with more.
BOOST_AUTO_TEST_CASE(upload_start_with_any_tail_decodes_and_keeps_it) {
  const auto bare = decode_upload_start(addr_bytes());
  BOOST_REQUIRE(bare.has_value());
  BOOST_TEST(bare->data_port == 0u);
  BOOST_TEST(bare->tail.empty());
  const Bytes cut = concat({addr_bytes(), hex("C0A80114 2B")});
  const auto partial = decode_upload_start(cut);
  BOOST_REQUIRE(partial.has_value());
  BOOST_TEST(partial->data_port == 0u);  // no endpoint: the uploader cannot connect
  BOOST_TEST(partial->tail == hex("C0A80114 2B"), boost::test_tools::per_element());
  BOOST_TEST(encoded(*partial) == cut, boost::test_tools::per_element());
  const Bytes longer = concat({addr_bytes(), EndpointBytes, hex("01 02")});
  const auto more = decode_upload_start(longer);
  BOOST_REQUIRE(more.has_value());
  BOOST_TEST((more->ip == HolderIp));
  BOOST_TEST(more->data_port == 6699u);
  BOOST_TEST(encoded(*more) == longer, boost::test_tools::per_element());
}

// Every P->S type tolerates a leading field and reads the same address behind it.
BOOST_DATA_TEST_CASE(every_notice_tolerates_a_leading_field,
                     bdata::make(std::vector<std::uint16_t>{0x1FA4, 0x1FAE, 0x1FB8, 0x1FC2, 0x1FCC, 0x1FD6}), type) {
  const Bytes tail = (type == 0x1FC2 || type == 0x1FD6) ? EndpointBytes : hex("01000000 02000000");
  const Bytes plain = concat({addr_bytes(), tail});
  const Bytes led = concat({bytes_of(z("unknown field")), plain});
  const auto without = decode_transfer_notice(type, plain);
  const auto with = decode_transfer_notice(type, led);
  BOOST_REQUIRE(without.has_value());
  BOOST_REQUIRE(with.has_value());
  BOOST_TEST(type_of(*with) == type);
  Bytes without_bytes;
  encode(*without, without_bytes);
  Bytes with_bytes;
  encode(*with, with_bytes);
  const Bytes lead = bytes_of(z("unknown field"));
  BOOST_TEST(with_bytes == concat({lead, without_bytes}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(dispatch_rejects_secondary_to_primary_types) {
  const auto wrong = decode_transfer_notice(0x1F41, addr_bytes());
  BOOST_REQUIRE(!wrong.has_value());
  BOOST_TEST(wrong.error().code == DecodeErrc::WrongType);
}

struct HostileCase {
  std::string label;
  Bytes payload;
  DecodeErrc expected;
};

std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.label; }

const std::vector<HostileCase> HostileStarts{
    {"no handle anywhere", bytes_of(z("name") + z("file")), DecodeErrc::BadHandle},
    {"handle with non-hex digits", concat({bytes_of(z("WinMX 49d14051187q") + z("n") + z("f")), EndpointBytes}),
     DecodeErrc::BadHandle},
    {"handle missing its NUL", bytes_of("WinMX 49d140511871"), DecodeErrc::BadHandle},
    {"leading field too long", concat({Bytes(MaxTransferLeadingLength + 1, 'L'), addr_bytes(), EndpointBytes}),
     DecodeErrc::BadHandle},
    {"oversized name", concat({bytes_of(z("WinMX 49d140511871") + z(std::string(256, 'n')) + z("f")), EndpointBytes}),
     DecodeErrc::LengthOverLimit},
    {"port cut short", concat({addr_bytes(), hex("C0A80114 2B")}), DecodeErrc::Truncated},
};

BOOST_DATA_TEST_CASE(hostile_download_starts_are_rejected_with_their_reason, bdata::make(HostileStarts), hostile) {
  const auto start = decode_download_start(hostile.payload);
  BOOST_REQUIRE(!start.has_value());
  BOOST_TEST(start.error().code == hostile.expected);
}

BOOST_AUTO_TEST_CASE(status_above_its_limit_is_rejected) {
  const auto failed =
      decode_download_failed(concat({addr_bytes(), bytes_of(z(std::string(MaxTransferStatusLength + 1, 's')))}));
  BOOST_REQUIRE(!failed.has_value());
  BOOST_TEST(failed.error().code == DecodeErrc::LengthOverLimit);
}

BOOST_AUTO_TEST_SUITE_END()
