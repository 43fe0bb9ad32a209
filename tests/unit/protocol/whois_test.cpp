#include "protocol/codecs/whois.h"

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

const std::string HandleText("WinMX 49d140511871\0", 19);
const NodeHandle Handle{{0x51, 0x40, 0xD1, 0x49}, 6257};

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

Bytes z(const std::string& text) { return bytes_of(text + std::string(1, '\0')); }

// §9.5 layout, built from the document: DSL (8), 773 online, 42 files.
Bytes answer_wire(const Bytes& after_files) {
  return concat({bytes_of(HandleText), z("tester123_21270"), hex("0800 05030000 2A00"), after_files});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(whois)

BOOST_AUTO_TEST_CASE(request_capture_decodes_to_handle_and_full_name) {
  const auto frame = wpn::test::split_frame(capture("whois_request_0x1389.hex"));
  BOOST_TEST(frame.type == msg::WhoisRequest);
  BOOST_TEST(frame.length == frame.payload.size());
  BOOST_TEST(frame.payload.size() == 41u);
  const auto request = decode_whois_request(frame.payload);
  BOOST_REQUIRE(request.has_value());
  // "b8a1797a" is the little-endian u32 of the wire bytes 7a 79 a1 b8.
  BOOST_TEST((request->handle == NodeHandle{{0x7A, 0x79, 0xA1, 0xB8}, 0x1871}));
  BOOST_TEST(request->name == "DaBees-Knees233_48113");
}

BOOST_AUTO_TEST_CASE(request_capture_re_encodes_byte_for_byte) {
  const auto frame = wpn::test::split_frame(capture("whois_request_0x1389.hex"));
  const auto request = decode_whois_request(frame.payload);
  BOOST_REQUIRE(request.has_value());
  Bytes out;
  encode(*request, out);
  BOOST_TEST(out == frame.payload, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(request_fails_on_every_truncation) {
  const auto payload = wpn::test::split_frame(capture("whois_request_0x1389.hex")).payload;
  wpn::test::require_truncations_fail(payload, payload.size(), [](ByteView p) { return decode_whois_request(p); });
}

BOOST_AUTO_TEST_CASE(answer_reads_every_field_of_the_documented_layout) {
  const auto answer = decode_whois_answer(answer_wire(z("9006 6 of 6 available")));
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST((answer->handle == Handle));
  BOOST_TEST(answer->name == "tester123_21270");
  BOOST_TEST((answer->line_type == LineType::Dsl));
  BOOST_TEST(answer->online_time == 773u);
  BOOST_TEST(answer->shared_files == 42u);
  BOOST_TEST(!answer->extra.has_value());
  BOOST_TEST(answer->queue_status == "9006 6 of 6 available");
}

BOOST_AUTO_TEST_CASE(answer_round_trips_byte_for_byte) {
  const Bytes wire = answer_wire(z("8995 5 in queue (0 of 3 available)"));
  const auto answer = decode_whois_answer(wire);
  BOOST_REQUIRE(answer.has_value());
  Bytes out;
  encode(*answer, out);
  BOOST_TEST(out == wire, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(answer_accepts_a_status_without_its_nul) {
  const auto answer = decode_whois_answer(answer_wire(bytes_of("9006 6 of 6 available")));
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->queue_status == "9006 6 of 6 available");
}

BOOST_AUTO_TEST_CASE(answer_tolerates_the_robomx_extra_u32_before_the_status) {
  const auto answer = decode_whois_answer(answer_wire(concat({hex("05000000"), z("9006 6 of 6 available")})));
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->extra.value() == 5u);
  BOOST_TEST(answer->queue_status == "9006 6 of 6 available");
}

BOOST_AUTO_TEST_CASE(answer_fails_on_truncation_before_the_status_and_shortens_it_after) {
  const Bytes wire = answer_wire(z("9006 6 of 6 available"));
  const std::size_t status_start = wire.size() - 22;
  wpn::test::require_truncations_fail(wire, status_start, [](ByteView p) { return decode_whois_answer(p); });
  const auto cut = decode_whois_answer(ByteView(wire.data(), status_start + 4));
  BOOST_REQUIRE(cut.has_value());
  BOOST_TEST(cut->queue_status == "9006");
}

BOOST_AUTO_TEST_CASE(answer_ignores_bytes_after_the_status) {
  const auto answer = decode_whois_answer(answer_wire(concat({z("9006 6 of 6 available"), hex("DEADBEEF")})));
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->queue_status == "9006 6 of 6 available");
}

BOOST_AUTO_TEST_CASE(failed_reads_a_full_handle) {
  const Bytes wire = concat({bytes_of(HandleText), z("gone_00001"), z("Whois query failed")});
  const auto failed = decode_whois_failed(wire);
  BOOST_REQUIRE(failed.has_value());
  BOOST_TEST((failed->handle == std::optional<NodeHandle>(Handle)));
  BOOST_TEST(failed->handle_text.empty());
  BOOST_TEST(failed->name == "gone_00001");
  BOOST_TEST(failed->message == "Whois query failed");
  Bytes out;
  encode(*failed, out);
  BOOST_TEST(out == wire, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(failed_keeps_a_handle_without_its_hex_part,
                     bdata::make(std::vector<std::string>{"WinMX", "WinMX ", "", "Winmx 1234"}), handle_text) {
  const Bytes wire = concat({z(handle_text), z("gone_00001"), bytes_of("No response from remote host")});
  const auto failed = decode_whois_failed(wire);
  BOOST_REQUIRE(failed.has_value());
  BOOST_TEST(!failed->handle.has_value());
  BOOST_TEST(failed->handle_text == handle_text);
  BOOST_TEST(failed->message == "No response from remote host");
  Bytes out;
  encode(*failed, out);
  BOOST_TEST(out == concat({wire, Bytes{0}}), boost::test_tools::per_element());
}

// Wire audit D9, winmxworld's 0x138B page: ["WinMX " : 6][UserName : S][00][Message : S][00],
// no NUL after the prefix. The name here is 40 bytes (the old 32-byte cap failed at 27).
BOOST_AUTO_TEST_CASE(failed_reads_the_winmxworld_form_with_a_long_name) {
  const std::string name = "a_rather_long_winmx_user_name_abc_12345";
  const Bytes wire = concat({bytes_of("WinMX "), z(name), z("Whois query failed")});
  const auto failed = decode_whois_failed(wire);
  BOOST_REQUIRE(failed.has_value());
  BOOST_TEST((failed->form == WhoisFailedForm::PrefixedName));
  BOOST_TEST(!failed->handle.has_value());
  BOOST_TEST(failed->name == name);
  BOOST_TEST(failed->message == "Whois query failed");
  Bytes out;
  encode(*failed, out);
  BOOST_TEST(out == wire, boost::test_tools::per_element());
  const Bytes longest = concat({bytes_of("WinMX "), z(std::string(MaxNameLength, 'n')), z("m")});
  BOOST_REQUIRE(decode_whois_failed(longest).has_value());
  BOOST_TEST(decode_whois_failed(longest)->name.size() == MaxNameLength);
}

// RoboMX (secondary.txt, WPNPClient.cpp) and wpcc-mobile: handle + name, nothing after.
BOOST_AUTO_TEST_CASE(failed_reads_handle_and_name_without_a_message) {
  const Bytes wire = concat({bytes_of(HandleText), z("gone_00001")});
  const auto failed = decode_whois_failed(wire);
  BOOST_REQUIRE(failed.has_value());
  BOOST_TEST((failed->form == WhoisFailedForm::HandleThenName));
  BOOST_TEST((failed->handle == std::optional<NodeHandle>(Handle)));
  BOOST_TEST(failed->name == "gone_00001");
  BOOST_TEST(failed->message.empty());
  const auto unterminated = decode_whois_failed(concat({bytes_of(HandleText), bytes_of("gone_00001")}));
  BOOST_REQUIRE(unterminated.has_value());
  BOOST_TEST(unterminated->name == "gone_00001");
}

BOOST_AUTO_TEST_CASE(make_failed_uses_the_configured_handle_form) {
  WireOptions options;
  Bytes full;
  encode(make_whois_failed(Handle, "gone_00001", WhoisQueryFailedText, options), full);
  BOOST_TEST(full == concat({bytes_of(HandleText), z("gone_00001"), z("Whois query failed")}),
             boost::test_tools::per_element());
  options.whois_failed_full_handle = false;
  Bytes bare;
  encode(make_whois_failed(Handle, "gone_00001", WhoisQueryFailedText, options), bare);
  BOOST_TEST(bare == concat({z("WinMX "), z("gone_00001"), z("Whois query failed")}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(dispatch_selects_by_type_and_rejects_others) {
  const auto payload = wpn::test::split_frame(capture("whois_request_0x1389.hex")).payload;
  const auto message = decode_whois_message(0x1389, payload);
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(std::holds_alternative<WhoisRequest>(*message));
  BOOST_TEST(type_of(*message) == 0x1389);
  const auto wrong = decode_whois_message(0x1B59, payload);
  BOOST_REQUIRE(!wrong.has_value());
  BOOST_TEST(wrong.error().code == DecodeErrc::WrongType);
}

struct HostileCase {
  std::string label;
  Bytes payload;
  DecodeErrc expected;
};

std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.label; }

const std::vector<HostileCase> HostileAnswers{
    {"non-hex handle", concat({z("WinMX 49d1405118zz"), z("a_00001"), hex("0800 05030000 2A00"), z("s")}),
     DecodeErrc::BadHandle},
    {"name without NUL", concat({bytes_of(HandleText), bytes_of("a_00001")}), DecodeErrc::MissingTerminator},
    {"line type cut", concat({bytes_of(HandleText), z("a_00001"), hex("08")}), DecodeErrc::Truncated},
    {"online time cut", concat({bytes_of(HandleText), z("a_00001"), hex("0800 0503")}), DecodeErrc::Truncated},
    {"file count cut", concat({bytes_of(HandleText), z("a_00001"), hex("0800 05030000 2A")}), DecodeErrc::Truncated},
    {"status above limit", answer_wire(z(std::string(MaxWhoisTextLength + 1, 's'))), DecodeErrc::LengthOverLimit},
};

BOOST_DATA_TEST_CASE(hostile_answers_are_rejected_with_their_reason, bdata::make(HostileAnswers), hostile) {
  const auto answer = decode_whois_answer(hostile.payload);
  BOOST_REQUIRE(!answer.has_value());
  BOOST_TEST(answer.error().code == hostile.expected);
}

const std::vector<HostileCase> HostileFailures{
    {"handle text above its limit", concat({z(std::string(MaxWhoisHandleTextLength + 1, 'W')), z("a"), z("m")}),
     DecodeErrc::LengthOverLimit},
    {"handle without NUL", bytes_of("WinMX"), DecodeErrc::MissingTerminator},
    {"name above 255 bytes", concat({bytes_of(HandleText), z(std::string(256, 'n')), z("m")}),
     DecodeErrc::LengthOverLimit},
    {"prefixed name above 255 bytes", concat({bytes_of("WinMX "), z(std::string(256, 'n')), z("m")}),
     DecodeErrc::LengthOverLimit},
};

BOOST_DATA_TEST_CASE(hostile_failures_are_rejected_with_their_reason, bdata::make(HostileFailures), hostile) {
  const auto failed = decode_whois_failed(hostile.payload);
  BOOST_REQUIRE(!failed.has_value());
  BOOST_TEST(failed.error().code == hostile.expected);
}

BOOST_AUTO_TEST_SUITE_END()
