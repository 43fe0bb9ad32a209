#include "protocol/codecs/transfer_requests.h"

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
using wpn::test::hex;
namespace bdata = boost::unit_test::data;

namespace {

const NodeHandle CaptureHandle{{0x51, 0x40, 0xD1, 0x49}, 6257};
const TransferAddress CaptureAddress{CaptureHandle, "Gumdrop609_21884", "Hello\\Robo Resources.rar"};

std::string z(const std::string& text) { return text + std::string(1, '\0'); }

// ADDR as the documents spell it: handle, name, file, each with its NUL.
Bytes addr_bytes() {
  return bytes_of(z("WinMX 49d140511871") + z("Gumdrop609_21884") + z("Hello\\Robo Resources.rar"));
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

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_requests)

BOOST_AUTO_TEST_CASE(download_request_capture_has_length_62_and_decodes) {
  const auto frame = wpn::test::split_frame(capture("download_request_0x1f41.hex"));
  BOOST_TEST(frame.type == msg::DownloadRequest);
  BOOST_TEST(frame.length == frame.payload.size());
  BOOST_TEST(frame.length == 62u);
  const auto request = decode_download_request(frame.payload);
  BOOST_REQUIRE(request.has_value());
  BOOST_TEST((request->holder == CaptureAddress));
  BOOST_TEST((request->option == DownloadOption::Normal));
}

BOOST_AUTO_TEST_CASE(download_request_re_encodes_the_capture_byte_for_byte) {
  const auto frame = wpn::test::split_frame(capture("download_request_0x1f41.hex"));
  BOOST_TEST(encoded(DownloadRequest{CaptureAddress, DownloadOption::Normal}) == frame.payload,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(join_queue_request_ends_with_option_one) {
  const Bytes wire = encoded(DownloadRequest{CaptureAddress, DownloadOption::JoinQueue});
  BOOST_TEST(wire == concat({addr_bytes(), hex("01")}), boost::test_tools::per_element());
  BOOST_TEST((decode_download_request(wire)->option == DownloadOption::JoinQueue));
}

BOOST_AUTO_TEST_CASE(download_request_without_option_reads_as_normal) {
  const auto request = decode_download_request(addr_bytes());
  BOOST_REQUIRE(request.has_value());
  BOOST_TEST((request->option == DownloadOption::Normal));
}

BOOST_AUTO_TEST_CASE(download_request_keeps_an_unknown_option_value) {
  const auto request = decode_download_request(concat({addr_bytes(), hex("07 EEEE")}));
  BOOST_REQUIRE(request.has_value());
  BOOST_TEST(static_cast<int>(request->option) == 7);
}

BOOST_AUTO_TEST_CASE(every_request_fails_when_cut_inside_its_address) {
  const Bytes addr = addr_bytes();
  wpn::test::require_truncations_fail(addr, addr.size(), [](ByteView p) { return decode_download_request(p); });
  wpn::test::require_truncations_fail(addr, addr.size(), [](ByteView p) { return decode_push_request(p); });
  wpn::test::require_truncations_fail(addr, addr.size(), [](ByteView p) { return decode_upload_refused(p); });
  wpn::test::require_truncations_fail(addr, addr.size(), [](ByteView p) { return decode_upload_queued(p); });
  wpn::test::require_truncations_fail(addr, addr.size(), [](ByteView p) { return decode_upload_ready(p); });
}

BOOST_AUTO_TEST_CASE(push_and_ready_are_the_bare_address) {
  BOOST_TEST(encoded(PushRequest{CaptureAddress}) == addr_bytes(), boost::test_tools::per_element());
  BOOST_TEST(encoded(UploadReady{CaptureAddress}) == addr_bytes(), boost::test_tools::per_element());
  BOOST_TEST((decode_push_request(addr_bytes())->holder == CaptureAddress));
  BOOST_TEST((decode_upload_ready(concat({addr_bytes(), hex("0102")}))->requester == CaptureAddress));
}

BOOST_AUTO_TEST_CASE(refusal_uses_the_proposed_code_and_queue_length) {
  const auto refused = make_upload_refused(CaptureAddress, TransferRefusal::Busy, 5);
  BOOST_TEST(encoded(refused) == concat({addr_bytes(), hex("00 05000000")}), boost::test_tools::per_element());
  const auto decoded = decode_upload_refused(encoded(refused));
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == refused));
  BOOST_TEST((refusal_of(*decoded) == TransferRefusal::Busy));
}

struct RefusalCase {
  TransferRefusal refusal;
  std::uint8_t code;
};

std::ostream& operator<<(std::ostream& out, const RefusalCase& c) { return out << static_cast<int>(c.code); }

BOOST_DATA_TEST_CASE(refusal_reasons_map_to_the_proposed_codes,
                     bdata::make(std::vector<RefusalCase>{
                         {TransferRefusal::Busy, 0}, {TransferRefusal::TimedOut, 1}, {TransferRefusal::NotShared, 2}}),
                     c) {
  const auto refused = make_upload_refused(CaptureAddress, c.refusal, 0);
  BOOST_TEST(refused.reason_code.value() == c.code);
  BOOST_TEST((refusal_of(refused) == c.refusal));
}

BOOST_AUTO_TEST_CASE(refusal_codes_and_queue_length_follow_the_options) {
  WireOptions options;
  options.refusal_code_busy = 9;
  options.refusal_queue_length = false;
  const auto refused = make_upload_refused(CaptureAddress, TransferRefusal::Busy, 5, options);
  BOOST_TEST(encoded(refused) == concat({addr_bytes(), hex("09")}), boost::test_tools::per_element());
  BOOST_TEST((refusal_of(refused, options) == TransferRefusal::Busy));
  BOOST_TEST((refusal_of(refused) == TransferRefusal::Other));
}

BOOST_AUTO_TEST_CASE(refusal_without_reason_or_with_reason_only_is_tolerated) {
  const auto bare = decode_upload_refused(addr_bytes());
  BOOST_REQUIRE(bare.has_value());
  BOOST_TEST(!bare->reason_code.has_value());
  BOOST_TEST((refusal_of(*bare) == TransferRefusal::Other));
  const auto code_only = decode_upload_refused(concat({addr_bytes(), hex("02")}));
  BOOST_REQUIRE(code_only.has_value());
  BOOST_TEST((refusal_of(*code_only) == TransferRefusal::NotShared));
  BOOST_TEST(!code_only->queue_length.has_value());
}

BOOST_AUTO_TEST_CASE(queued_carries_position_and_queue_length) {
  const UploadQueued queued{CaptureAddress, 2u, 9u};
  BOOST_TEST(encoded(queued) == concat({addr_bytes(), hex("02000000 09000000")}), boost::test_tools::per_element());
  const auto decoded = decode_upload_queued(encoded(queued));
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == queued));
}

// Wire audit D2: winmxworld gives 0x1F54 as ADDR + "x" of unknown width. Each tail is
// written here byte by byte; whatever it is, the frame decodes, the tail is kept, and a
// 1-, 2- or 4-byte "x" is read as one little-endian value.
struct TailCase {
  std::string label;
  Bytes tail;
  std::optional<std::uint8_t> reason;
  std::optional<std::uint32_t> queue_length;
  bool kept_raw;
};

std::ostream& operator<<(std::ostream& out, const TailCase& c) { return out << c.label; }

BOOST_DATA_TEST_CASE(refusal_reads_every_tail_after_addr,
                     bdata::make(std::vector<TailCase>{
                         {"1-byte x (our code)", {0x02}, 2, std::nullopt, false},
                         {"2-byte x", {0x05, 0x00}, 5, std::nullopt, true},
                         {"3 bytes", {0x01, 0x02, 0x03}, std::nullopt, std::nullopt, true},
                         {"4-byte DWORD x", {0x03, 0x00, 0x00, 0x00}, 3, std::nullopt, true},
                         {"4-byte x above a code", {0x00, 0x01, 0x00, 0x00}, std::nullopt, std::nullopt, true},
                         {"5 bytes (our code and queue)", {0x00, 0x07, 0x00, 0x00, 0x00}, 0, 7u, false},
                         {"6 bytes", {0x00, 0x07, 0x00, 0x00, 0x00, 0xEE}, std::nullopt, std::nullopt, true},
                     }),
                     c) {
  const Bytes wire = concat({addr_bytes(), c.tail});
  const auto refused = decode_upload_refused(wire);
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST((refused->requester == CaptureAddress));
  BOOST_TEST((refused->reason_code == c.reason));
  BOOST_TEST((refused->queue_length == c.queue_length));
  BOOST_TEST(refused->tail.empty() == !c.kept_raw);
  if (c.kept_raw) BOOST_TEST(refused->tail == c.tail, boost::test_tools::per_element());
  BOOST_TEST(encoded(*refused) == wire, boost::test_tools::per_element());  // re-encodes to what came in
}

BOOST_AUTO_TEST_CASE(a_two_byte_refusal_maps_to_its_reason) {
  const auto refused = decode_upload_refused(concat({addr_bytes(), hex("01 00")}));
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST((refusal_of(*refused) == TransferRefusal::TimedOut));
}

struct QueueTailCase {
  std::string label;
  Bytes tail;
  std::optional<std::uint32_t> position;
  std::optional<std::uint32_t> queue_length;
  bool kept_raw;
};

std::ostream& operator<<(std::ostream& out, const QueueTailCase& c) { return out << c.label; }

BOOST_DATA_TEST_CASE(
    queued_reads_every_tail_after_addr,
    bdata::make(std::vector<QueueTailCase>{
        {"1 byte", {0x04}, 4u, std::nullopt, true},
        {"2-byte position", {0x04, 0x01}, 0x0104u, std::nullopt, true},
        {"3 bytes", {0x04, 0x00, 0x00}, std::nullopt, std::nullopt, true},
        {"4 bytes (our position)", {0x04, 0x00, 0x00, 0x00}, 4u, std::nullopt, false},
        {"6 bytes", {0x04, 0x00, 0x00, 0x00, 0x09, 0x00}, std::nullopt, std::nullopt, true},
        {"8 bytes (ours)", {0x04, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00}, 4u, 9u, false},
        {"9 bytes", {0x04, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x01}, std::nullopt, std::nullopt, true},
    }),
    c) {
  const Bytes wire = concat({addr_bytes(), c.tail});
  const auto queued = decode_upload_queued(wire);
  BOOST_REQUIRE(queued.has_value());
  BOOST_TEST((queued->position == c.position));
  BOOST_TEST((queued->queue_length == c.queue_length));
  BOOST_TEST(queued->tail.empty() == !c.kept_raw);
  BOOST_TEST(encoded(*queued) == wire, boost::test_tools::per_element());
}

struct HostileCase {
  std::string label;
  Bytes payload;
  DecodeErrc expected;
};

std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.label; }

const std::vector<HostileCase> HostileRequests{
    {"leading name before the handle", concat({bytes_of(z("someone_00001")), addr_bytes()}), DecodeErrc::BadHandle},
    {"non-hex handle", bytes_of(z("WinMX 49d1405118g1") + z("n") + z("f")), DecodeErrc::BadHandle},
    {"file without NUL", bytes_of(z("WinMX 49d140511871") + z("n") + "f"), DecodeErrc::MissingTerminator},
    {"name above 255 bytes", bytes_of(z("WinMX 49d140511871") + z(std::string(256, 'n')) + z("f")),
     DecodeErrc::LengthOverLimit},
    {"file above 4096 bytes", bytes_of(z("WinMX 49d140511871") + z("n") + z(std::string(4097, 'f'))),
     DecodeErrc::LengthOverLimit},
};

BOOST_DATA_TEST_CASE(hostile_requests_are_rejected_with_their_reason, bdata::make(HostileRequests), hostile) {
  const auto request = decode_download_request(hostile.payload);
  BOOST_REQUIRE(!request.has_value());
  BOOST_TEST(request.error().code == hostile.expected);
}

BOOST_AUTO_TEST_CASE(dispatch_covers_the_five_types_and_rejects_others) {
  const Bytes wire = addr_bytes();
  for (const std::uint16_t type : std::vector<std::uint16_t>{0x1F41, 0x1F4A, 0x1F54, 0x1F5E, 0x1F68}) {
    const auto message = decode_transfer_request(type, wire);
    BOOST_TEST_CONTEXT("type " << type) {
      BOOST_REQUIRE(message.has_value());
      BOOST_TEST(type_of(*message) == type);
    }
  }
  const auto wrong = decode_transfer_request(0x1FA4, wire);
  BOOST_REQUIRE(!wrong.has_value());
  BOOST_TEST(wrong.error().code == DecodeErrc::WrongType);
}

BOOST_AUTO_TEST_SUITE_END()
