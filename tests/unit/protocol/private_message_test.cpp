#include "protocol/codecs/private_message.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "message_test_support.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::hex;
namespace bdata = boost::unit_test::data;

namespace {

const std::string HandleText("WinMX 0100007f1871\0", 19);
const NodeHandle Handle{{127, 0, 0, 1}, 6257};
// Our hub's IDs: client id, counter, zeros (protocol.md §11.4).
const Bytes IdBytes = hex("1653 01000000 000000000000");

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

Bytes z(const std::string& text) { return bytes_of(text + std::string(1, '\0')); }

PmMessageId id_of(const Bytes& bytes) {
  PmMessageId id{};
  std::copy(bytes.begin(), bytes.end(), id.begin());
  return id;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(private_message)

BOOST_AUTO_TEST_CASE(send_is_handle_name_text) {
  const PmSend pm{Handle, "tester456_00777", "hello there"};
  Bytes out;
  encode(pm, out);
  BOOST_TEST(out == concat({bytes_of(HandleText), z("tester456_00777"), z("hello there")}),
             boost::test_tools::per_element());
  const auto decoded = decode_pm_send(out);
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == pm));
}

BOOST_AUTO_TEST_CASE(incoming_starts_with_the_12_byte_id) {
  const Bytes wire = concat({IdBytes, bytes_of(HandleText), z("tester123_21270"), z("hi")});
  const auto pm = decode_pm_incoming(wire);
  BOOST_REQUIRE(pm.has_value());
  BOOST_TEST((pm->message_id == id_of(IdBytes)));
  BOOST_TEST((pm->handle == Handle));
  BOOST_TEST(pm->name == "tester123_21270");
  BOOST_TEST(pm->text == "hi");
  Bytes out;
  encode(*pm, out);
  BOOST_TEST(out == wire, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(received_ack_puts_the_copied_id_after_the_name) {
  const PmReceived ack{Handle, "tester123_21270", id_of(IdBytes), std::string(PmReplySent)};
  Bytes out;
  encode(ack, out);
  BOOST_TEST(out == concat({bytes_of(HandleText), z("tester123_21270"), IdBytes, z("SENT")}),
             boost::test_tools::per_element());
  const auto decoded = decode_pm_received(out);
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == ack));
}

BOOST_AUTO_TEST_CASE(texts_without_their_nul_are_accepted) {
  const auto send = decode_pm_send(concat({bytes_of(HandleText), z("a_00001"), bytes_of("no nul")}));
  BOOST_REQUIRE(send.has_value());
  BOOST_TEST(send->text == "no nul");
  const auto ack = decode_pm_received(concat({bytes_of(HandleText), z("a_00001"), IdBytes, bytes_of("SENT")}));
  BOOST_REQUIRE(ack.has_value());
  BOOST_TEST(ack->reply == "SENT");
}

BOOST_AUTO_TEST_CASE(truncation_before_the_final_text_always_fails) {
  const Bytes incoming = concat({IdBytes, bytes_of(HandleText), z("a_00001"), z("hello")});
  wpn::test::require_truncations_fail(incoming, incoming.size() - 6, [](ByteView p) { return decode_pm_incoming(p); });
  const Bytes received = concat({bytes_of(HandleText), z("a_00001"), IdBytes, z("SENT")});
  wpn::test::require_truncations_fail(received, received.size() - 5, [](ByteView p) { return decode_pm_received(p); });
  const Bytes send = concat({bytes_of(HandleText), z("a_00001"), z("hello")});
  wpn::test::require_truncations_fail(send, send.size() - 6, [](ByteView p) { return decode_pm_send(p); });
  const Bytes delivered = concat({bytes_of(HandleText), z("a_00001"), z("SENT")});
  wpn::test::require_truncations_fail(delivered, delivered.size() - 5,
                                      [](ByteView p) { return decode_pm_delivered(p); });
}

BOOST_AUTO_TEST_CASE(delivered_reads_the_three_string_layout) {
  const Bytes wire = concat({bytes_of(HandleText), z("tester456_00777"), z("SENT")});
  const auto ack = decode_pm_delivered(wire);
  BOOST_REQUIRE(ack.has_value());
  BOOST_TEST(ack->name == "tester456_00777");
  BOOST_TEST(ack->skipped.empty());
  BOOST_TEST(ack->reply == "SENT");
  Bytes out;
  encode(*ack, out);
  BOOST_TEST(out == wire, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(delivered_takes_the_last_string_when_an_id_sits_inside) {
  const Bytes wire = concat({bytes_of(HandleText), z("tester456_00777"), IdBytes, z("I am away")});
  const auto ack = decode_pm_delivered(wire);
  BOOST_REQUIRE(ack.has_value());
  BOOST_TEST(ack->reply == "I am away");
  BOOST_TEST(ack->skipped == IdBytes, boost::test_tools::per_element());
  Bytes out;
  encode(*ack, out);
  BOOST_TEST(out == wire, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(delivered_reply_is_found_in_every_known_shape,
                     bdata::make(std::vector<std::string>{std::string("SENT\0", 5), "SENT", std::string("\0SENT\0", 6),
                                                          std::string("x\0y\0SENT", 8)}),
                     rest) {
  const auto ack = decode_pm_delivered(concat({bytes_of(HandleText), z("a_00001"), bytes_of(rest)}));
  BOOST_REQUIRE(ack.has_value());
  BOOST_TEST(ack->reply == "SENT");
}

BOOST_AUTO_TEST_CASE(make_delivered_adds_the_id_only_when_configured) {
  WireOptions options;
  options.pm_delivered_message_id = false;
  Bytes plain;
  encode(make_pm_delivered(Handle, "b_00002", id_of(IdBytes), PmReplySent, options), plain);
  BOOST_TEST(plain == concat({bytes_of(HandleText), z("b_00002"), z("SENT")}), boost::test_tools::per_element());
  options.pm_delivered_message_id = true;
  Bytes with_id;
  encode(make_pm_delivered(Handle, "b_00002", id_of(IdBytes), PmReplySent, options), with_id);
  BOOST_TEST(with_id == concat({bytes_of(HandleText), z("b_00002"), IdBytes, z("SENT")}),
             boost::test_tools::per_element());
  const auto back = decode_pm_delivered(with_id);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->reply == "SENT");
}

BOOST_AUTO_TEST_CASE(dispatch_selects_by_type_and_rejects_others) {
  const Bytes wire = concat({bytes_of(HandleText), z("a_00001"), z("hello")});
  const auto message = decode_pm_message(0x13EC, wire);
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(std::holds_alternative<PmSend>(*message));
  BOOST_TEST(type_of(*message) == 0x13EC);
  const auto wrong = decode_pm_message(0x1389, wire);
  BOOST_REQUIRE(!wrong.has_value());
  BOOST_TEST(wrong.error().code == DecodeErrc::WrongType);
}

struct HostileCase {
  std::string label;
  Bytes payload;
  DecodeErrc expected;
};

std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.label; }

const std::vector<HostileCase> HostileIncoming{
    {"id cut short", hex("0102030405"), DecodeErrc::Truncated},
    {"handle with non-hex digits", concat({IdBytes, z("WinMX 0100007f18x1"), z("a"), z("t")}), DecodeErrc::BadHandle},
    {"name without NUL", concat({IdBytes, bytes_of(HandleText), bytes_of("abc")}), DecodeErrc::MissingTerminator},
    {"text above limit", concat({IdBytes, bytes_of(HandleText), z("a"), z(std::string(MaxPmTextLength + 1, 't'))}),
     DecodeErrc::LengthOverLimit},
};

BOOST_DATA_TEST_CASE(hostile_incoming_messages_are_rejected, bdata::make(HostileIncoming), hostile) {
  const auto pm = decode_pm_incoming(hostile.payload);
  BOOST_REQUIRE(!pm.has_value());
  BOOST_TEST(pm.error().code == hostile.expected);
}

BOOST_AUTO_TEST_CASE(delivered_rejects_a_reply_above_the_limit) {
  const auto ack =
      decode_pm_delivered(concat({bytes_of(HandleText), z("a_00001"), z(std::string(MaxPmTextLength + 1, 'r'))}));
  BOOST_REQUIRE(!ack.has_value());
  BOOST_TEST(ack.error().code == DecodeErrc::LengthOverLimit);
}

BOOST_AUTO_TEST_SUITE_END()
