#include "protocol/codecs/transfer.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "message_test_support.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::capture;
namespace bdata = boost::unit_test::data;

namespace {

const NodeHandle CaptureHandle{{0x51, 0x40, 0xD1, 0x49}, 6257};

std::string z(const std::string& text) { return text + std::string(1, '\0'); }

Bytes addr_bytes(const std::string& handle) {
  return bytes_of(z(handle) + z("Gumdrop609_21884") + z("Hello\\Robo Resources.rar"));
}

DecodeResult<ScannedAddress> scan(const Bytes& wire) {
  ByteReader reader(wire);
  return read_scanned_address(reader);
}

}  // namespace

namespace wpn::protocol {
inline std::ostream& operator<<(std::ostream& out, TransferRefusal refusal) { return out << static_cast<int>(refusal); }
}  // namespace wpn::protocol

BOOST_AUTO_TEST_SUITE(transfer)

BOOST_AUTO_TEST_CASE(address_of_the_worked_capture_reads_strictly) {
  const auto frame = wpn::test::split_frame(capture("download_request_0x1f41.hex"));
  ByteReader reader(frame.payload);
  const auto address = read_transfer_address(reader);
  BOOST_REQUIRE(address.has_value());
  BOOST_TEST((address->handle == CaptureHandle));
  BOOST_TEST(address->name == "Gumdrop609_21884");
  BOOST_TEST(address->file == "Hello\\Robo Resources.rar");
  BOOST_TEST(reader.remaining() == 1u);  // the option byte
}

BOOST_AUTO_TEST_CASE(scan_finds_a_handle_at_the_start_without_a_leading_field) {
  const auto scanned = scan(addr_bytes("WinMX 49d140511871"));
  BOOST_REQUIRE(scanned.has_value());
  BOOST_TEST(!scanned->leading.has_value());
  BOOST_TEST((scanned->address.handle == CaptureHandle));
  BOOST_TEST(scanned->address.file == "Hello\\Robo Resources.rar");
}

struct LeadingCase {
  std::string label;
  std::string prefix;
  std::string handle;
  std::optional<LeadingField> expected;
};

std::ostream& operator<<(std::ostream& out, const LeadingCase& c) { return out << c.label; }

const std::vector<LeadingCase> LeadingCases{
    {"name with NUL", z("tester123_21270"), "WinMX 49d140511871", LeadingField{"tester123_21270", true}},
    {"name without NUL", "tester123_21270", "WinMX 49d140511871", LeadingField{"tester123_21270", false}},
    {"lone NUL", z(""), "WinMX 49d140511871", LeadingField{"", true}},
    {"upper-case hex", z("a_00001"), "WinMX 49D140511871", LeadingField{"a_00001", true}},
    {"lower-case prefix", "a_00001", "winmx 49d140511871", LeadingField{"a_00001", false}},
    {"RoboMX prefix", z("a_00001"), "Winmx 49D140511871", LeadingField{"a_00001", true}},
    {"two unknown fields", std::string("ab\0cd\0", 6), "WinMX 49d140511871",
     LeadingField{std::string("ab\0cd", 5), true}},
    {"handle-like text without NUL", "WinMX 000000000000", "WinMX 49d140511871",
     LeadingField{"WinMX 000000000000", false}},
    {"non-hex near miss", z("WinMX 49d1405118zz"), "WinMX 49d140511871", LeadingField{"WinMX 49d1405118zz", true}},
};

BOOST_DATA_TEST_CASE(scan_separates_the_leading_field_from_the_handle, bdata::make(LeadingCases), c) {
  Bytes wire = bytes_of(c.prefix);
  const Bytes addr = addr_bytes(c.handle);
  wire.insert(wire.end(), addr.begin(), addr.end());
  const auto scanned = scan(wire);
  BOOST_REQUIRE(scanned.has_value());
  BOOST_TEST((scanned->leading == c.expected));
  BOOST_TEST((scanned->address.handle == CaptureHandle));
  BOOST_TEST(scanned->address.name == "Gumdrop609_21884");

  // Writing the decoded value back reproduces the prefix exactly.
  Bytes out;
  ByteWriter writer(out);
  write_scanned_address(writer, scanned->leading, scanned->address);
  const Bytes expected_prefix = bytes_of(c.prefix);
  BOOST_TEST(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(expected_prefix.size())) == expected_prefix,
             boost::test_tools::per_element());
  BOOST_TEST((scan(out).value() == *scanned));
}

struct MissCase {
  std::string label;
  Bytes wire;
};

std::ostream& operator<<(std::ostream& out, const MissCase& c) { return out << c.label; }

const std::vector<MissCase> MissCases{
    {"no handle at all", bytes_of(z("just a name") + z("file"))},
    {"handle without its NUL", bytes_of("WinMX 49d140511871")},
    {"non-hex handle", bytes_of(z("WinMX 49d14051187x") + z("n") + z("f"))},
    {"short handle", bytes_of(z("WinMX 49d14051187") + z("n") + z("f"))},
    {"leading field above the limit",
     [] {
       Bytes wire(MaxTransferLeadingLength + 1, 'x');
       const Bytes addr = addr_bytes("WinMX 49d140511871");
       wire.insert(wire.end(), addr.begin(), addr.end());
       return wire;
     }()},
    {"empty", Bytes{}},
};

BOOST_DATA_TEST_CASE(scan_without_a_handle_is_a_bad_handle, bdata::make(MissCases), c) {
  const auto scanned = scan(c.wire);
  BOOST_REQUIRE(!scanned.has_value());
  BOOST_TEST(scanned.error().code == DecodeErrc::BadHandle);
}

BOOST_AUTO_TEST_CASE(scan_accepts_a_leading_field_at_the_limit) {
  Bytes wire(MaxTransferLeadingLength, 'x');
  const Bytes addr = addr_bytes("WinMX 49d140511871");
  wire.insert(wire.end(), addr.begin(), addr.end());
  const auto scanned = scan(wire);
  BOOST_REQUIRE(scanned.has_value());
  BOOST_TEST(scanned->leading->name.size() == MaxTransferLeadingLength);
}

BOOST_AUTO_TEST_CASE(scan_still_requires_name_and_file_after_the_handle) {
  const Bytes full = bytes_of(z("lead") + z("WinMX 49d140511871") + z("n_00001") + z("f"));
  wpn::test::require_truncations_fail(full, full.size(), [](ByteView p) {
    ByteReader reader(p);
    return read_scanned_address(reader);
  });
}

struct StatusCase {
  std::string text;
  TransferRefusal refusal;
  std::optional<std::uint32_t> queue;
};

std::ostream& operator<<(std::ostream& out, const StatusCase& c) { return out << '"' << c.text << '"'; }

const std::vector<StatusCase> StatusCases{
    {"Busy (3 in queue)", TransferRefusal::Busy, 3u},
    {"Busy ( 12 in queue)", TransferRefusal::Busy, 12u},
    {"busy(0 in queue)", TransferRefusal::Busy, 0u},
    {"BUSY", TransferRefusal::Busy, std::nullopt},
    {"Busy (4294967295 in queue)", TransferRefusal::Busy, 4294967295u},
    {"Busy (4294967296 in queue)", TransferRefusal::Busy, std::nullopt},
    {"Request timed out", TransferRefusal::TimedOut, std::nullopt},
    {"request TIMED OUT.", TransferRefusal::TimedOut, std::nullopt},
    {"File Not Shared", TransferRefusal::NotShared, std::nullopt},
    {"file not shared", TransferRefusal::NotShared, std::nullopt},
    {"File Not", TransferRefusal::Other, std::nullopt},
    {"Remotely Queued 3", TransferRefusal::Other, std::nullopt},
    {" Busy (3 in queue)", TransferRefusal::Other, std::nullopt},
    {"", TransferRefusal::Other, std::nullopt},
};

BOOST_DATA_TEST_CASE(status_texts_are_classified_by_prefix, bdata::make(StatusCases), c) {
  BOOST_TEST((classify_download_failure(c.text) == c.refusal));
  BOOST_TEST((busy_queue_length(c.text) == c.queue));
}

BOOST_AUTO_TEST_CASE(failure_texts_of_our_hub_match_the_documented_wording) {
  WireOptions options;
  BOOST_TEST(download_failure_text(TransferRefusal::Busy, 3, options) == "Busy (3 in queue)");
  BOOST_TEST(download_failure_text(TransferRefusal::TimedOut, 3, options) == "Request timed out");
  BOOST_TEST(download_failure_text(TransferRefusal::NotShared, 3, options) == "File Not Shared");
  options.busy_status_inner_space = true;
  BOOST_TEST(download_failure_text(TransferRefusal::Busy, 7, options) == "Busy ( 7 in queue)");
}

BOOST_DATA_TEST_CASE(failure_texts_classify_back_to_their_reason,
                     bdata::make({TransferRefusal::Busy, TransferRefusal::TimedOut, TransferRefusal::NotShared}),
                     refusal) {
  const std::string text = download_failure_text(refusal, 42);
  BOOST_TEST((classify_download_failure(text) == refusal));
}

BOOST_AUTO_TEST_SUITE_END()
