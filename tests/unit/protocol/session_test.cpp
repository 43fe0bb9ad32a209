#include "protocol/codecs/session.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::capture;
using wpn::test::hex;

namespace {

// Splits a captured frame into its header fields and payload.
struct Frame {
  std::uint16_t type = 0;
  std::uint16_t length = 0;
  Bytes payload;
};
Frame split_frame(const Bytes& wire) {
  BOOST_REQUIRE(wire.size() >= 4);
  Frame frame;
  frame.type = static_cast<std::uint16_t>(wire[0] | (wire[1] << 8));
  frame.length = static_cast<std::uint16_t>(wire[2] | (wire[3] << 8));
  frame.payload.assign(wire.begin() + 4, wire.end());
  BOOST_REQUIRE(frame.payload.size() == frame.length);
  return frame;
}

NodeRecord record(Ip4 ip, std::uint16_t tcp, std::uint8_t free_primary, std::uint8_t free_secondary) {
  NodeRecord r;
  r.ip = ip;
  r.udp_port = 6257;
  r.tcp_port = tcp;
  r.free_primary = free_primary;
  r.free_secondary = free_secondary;
  return r;
}

struct StatusCase {
  const char* text;
  std::int64_t priority;
  std::uint32_t free, total, queued;
};
std::ostream& operator<<(std::ostream& os, const StatusCase& c) { return os << c.text; }

const StatusCase LenientStatuses[] = {
    {"9006 6 of 6 available", 9006, 6, 6, 0},
    {"8995 5 in queue (0 of 3 available)", 8995, 0, 3, 5},
    {"9001 1 of 1 available", 9001, 1, 1, 0},
    {"  9002  2 OF 4 Available ", 9002, 2, 4, 0},
    {"8990 10 in queue(0 of 2 available)", 8990, 0, 2, 10},
    {"-5 9005 in queue (0 of 1 available)", -5, 0, 1, 9005},
};

const char* const OpaqueStatuses[] = {
    "",
    "Away for lunch",
    "9006 six of 6 available",
    "9006 6 of 6",
    "9006 6 of 99999999999 available",
    "9006 6 in line (0 of 3 available)",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(login_capture_decodes_to_documented_fields) {
  const Frame frame = split_frame(capture("login_0x03e9.hex"));
  BOOST_TEST(frame.type == 0x03E9);
  const auto login = decode_login(frame.payload);
  BOOST_REQUIRE(login.has_value());
  BOOST_TEST(login->base_name == "tester123");
  BOOST_TEST((login->line_type == LineType::Dsl));
  BOOST_TEST(login->data_port == 6699);
}

BOOST_AUTO_TEST_CASE(login_encodes_byte_for_byte_as_documented) {
  const Frame frame = split_frame(capture("login_0x03e9.hex"));
  Bytes out;
  encode(Login{"tester123", LineType::Dsl, 6699}, out);
  BOOST_TEST(out == frame.payload);
}

BOOST_AUTO_TEST_CASE(login_truncated_at_every_byte_fails) {
  const Frame frame = split_frame(capture("login_0x03e9.hex"));
  for (std::size_t cut = 0; cut < frame.payload.size(); ++cut) {
    const auto login = decode_login(ByteView(frame.payload).first(cut));
    BOOST_TEST_CONTEXT("cut at " << cut) { BOOST_TEST(!login.has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(login_rejects_overlong_name_and_ignores_trailing_bytes) {
  Bytes overlong(MaxNameLength + 1, 'a');
  const Bytes tail = hex("00 0800 2B1A");
  overlong.insert(overlong.end(), tail.begin(), tail.end());
  BOOST_TEST((decode_login(overlong).error().code == DecodeErrc::LengthOverLimit));

  Bytes longer = split_frame(capture("login_0x03e9.hex")).payload;
  longer.push_back(0x77);
  BOOST_TEST(decode_login(longer).value().data_port == 6699);
}

BOOST_AUTO_TEST_CASE(login_keeps_undefined_line_types) {
  Bytes out;
  encode(Login{"bot100", static_cast<LineType>(300), 0}, out);
  BOOST_TEST(out == hex("626f7431303000 2C01 0000"));
  BOOST_TEST(static_cast<unsigned>(decode_login(out).value().line_type) == 300u);
  BOOST_TEST(line_type_name(static_cast<LineType>(300)).empty());
  BOOST_TEST(line_type_name(LineType::Dsl) == "DSL");
}

BOOST_AUTO_TEST_CASE(login_accepted_capture_gives_client_id_and_full_name) {
  const Frame frame = split_frame(capture("login_accepted_0x0460.hex"));
  BOOST_TEST(frame.type == 0x0460);
  const auto accepted = decode_login_accepted(frame.payload);
  BOOST_REQUIRE(accepted.has_value());
  BOOST_TEST(accepted->client_id == 21270);
  BOOST_TEST(full_name("tester123", accepted->client_id) == "tester123_21270");
  Bytes out;
  encode(*accepted, out);
  BOOST_TEST(out == frame.payload);
  BOOST_TEST((decode_login_accepted(hex("16")).error().code == DecodeErrc::Truncated));
  BOOST_TEST((decode_login_accepted(Bytes{}).error().code == DecodeErrc::Truncated));
}

BOOST_AUTO_TEST_CASE(status_capture_decodes_without_a_nul) {
  const Frame frame = split_frame(capture("status_0x0384.hex"));
  BOOST_TEST(frame.type == 0x0384);
  BOOST_TEST(frame.length == 21);
  BOOST_TEST(decode_status_text(frame.payload).value().text == "9006 6 of 6 available");
}

BOOST_AUTO_TEST_CASE(status_is_sent_without_nul_by_default_and_with_one_on_request) {
  const Frame frame = split_frame(capture("status_0x0384.hex"));
  const StatusText status{"9006 6 of 6 available"};
  Bytes out;
  encode(status, out);
  BOOST_TEST(out == frame.payload);

  WireOptions bots;
  bots.status_trailing_nul = true;
  Bytes with_nul;
  encode(status, with_nul, bots);
  Bytes expected = frame.payload;
  expected.push_back(0);
  BOOST_TEST(with_nul == expected);
  BOOST_TEST((decode_status_text(with_nul).value() == status));
}

BOOST_AUTO_TEST_CASE(status_rejects_text_over_limit) {
  const Bytes overlong(MaxStatusLength + 1, 'x');
  BOOST_TEST((decode_status_text(overlong).error().code == DecodeErrc::LengthOverLimit));
  const Bytes limit(MaxStatusLength, 'x');
  BOOST_TEST(decode_status_text(limit).has_value());
}

BOOST_AUTO_TEST_CASE(queue_status_text_matches_documented_forms) {
  BOOST_TEST((QueueStatus{6, 6, 0}.to_text() == "9006 6 of 6 available"));
  BOOST_TEST((QueueStatus{0, 3, 5}.to_text() == "8995 5 in queue (0 of 3 available)"));
  BOOST_TEST((QueueStatus{1, 1, 0}.to_text() == "9001 1 of 1 available"));
  BOOST_TEST((QueueStatus{0, 0, 0}.to_text() == "9000 0 in queue (0 of 0 available)"));
  BOOST_TEST((QueueStatus{0, 1, 9005}.to_text() == "-5 9005 in queue (0 of 1 available)"));
}

BOOST_DATA_TEST_CASE(status_summary_reads_both_forms_leniently, boost::unit_test::data::make(LenientStatuses), sample) {
  const StatusSummary summary = summarize_status(sample.text);
  BOOST_TEST(summary.raw == sample.text);
  BOOST_REQUIRE(summary.priority.has_value());
  BOOST_TEST(*summary.priority == sample.priority);
  BOOST_REQUIRE(summary.queue.has_value());
  BOOST_TEST(summary.queue->free == sample.free);
  BOOST_TEST(summary.queue->total == sample.total);
  BOOST_TEST(summary.queue->queued == sample.queued);
}

BOOST_DATA_TEST_CASE(status_summary_keeps_unknown_text_raw, boost::unit_test::data::make(OpaqueStatuses), text) {
  const StatusSummary summary = summarize_status(text);
  BOOST_TEST(summary.raw == text);
  BOOST_TEST(!summary.queue.has_value());
}

BOOST_AUTO_TEST_CASE(status_summary_reports_priority_of_unparsed_text) {
  const StatusSummary summary = summarize_status("9004 slots open");
  BOOST_TEST(summary.priority.value() == 9004);
  BOOST_TEST(!summary.queue.has_value());
}

BOOST_AUTO_TEST_CASE(full_name_notice_accepts_missing_nul) {
  BOOST_TEST(decode_full_name_notice(bytes_of("tester123_21270")).value().full_name == "tester123_21270");
  Bytes out;
  encode(FullNameNotice{"tester123_21270"}, out);
  BOOST_TEST(out == hex("7465737465723132335f323132373000"));
  BOOST_TEST(decode_full_name_notice(out).value().full_name == "tester123_21270");
  const Bytes overlong(MaxNameLength + 1, 'n');
  BOOST_TEST((decode_full_name_notice(overlong).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_CASE(node_list_reads_eight_records_in_wire_order) {
  // Record 0: 81.64.209.73 UDP 6257 TCP 6699, 2 primary / 5 secondary slots, marker 1.
  Bytes payload = hex("5140D149 7118 2B1A 02 05 01 00");
  for (int i = 1; i < 8; ++i) payload.insert(payload.end(), 12, static_cast<Byte>(i));
  const auto list = decode_node_list(payload);
  BOOST_REQUIRE(list.has_value());
  BOOST_REQUIRE(list->records.size() == 8u);
  const NodeRecord& first = list->records[0];
  const Ip4 ip{81, 64, 209, 73};
  BOOST_TEST(first.ip == ip);
  BOOST_TEST(first.udp_port == 6257);
  BOOST_TEST(first.tcp_port == 6699);
  BOOST_TEST(first.free_primary == 2);
  BOOST_TEST(first.free_secondary == 5);
  BOOST_TEST(first.marker == 1);
  BOOST_TEST(first.pad == 0);
  BOOST_TEST(list->records[7].tcp_port == 0x0707);
  Bytes out;
  encode(*list, out);
  BOOST_TEST(out == payload);
}

// Wire audit D3: TrapperKeeper takes len/12 records and ignores a remainder.
BOOST_AUTO_TEST_CASE(node_list_takes_the_whole_records_and_ignores_the_rest) {
  BOOST_TEST(decode_node_list(Bytes(12, 1)).value().records.size() == 1u);
  BOOST_TEST(decode_node_list(Bytes{}).value().records.empty());
  for (std::size_t size = 1; size < 120; ++size) {
    const auto list = decode_node_list(Bytes(size, 1));
    BOOST_TEST_CONTEXT("size " << size) {
      BOOST_REQUIRE(list.has_value());
      BOOST_TEST(list->records.size() == size / 12);
    }
  }
  // A 100-byte list (the audit's probe): eight records, four stray bytes.
  Bytes hundred;
  for (Byte i = 0; i < 8; ++i) {
    const Bytes record{127, 0, 0, static_cast<Byte>(i + 1), 0x71, 0x18, 0x2B, 0x1A, 3, 2, 0, 0};
    hundred.insert(hundred.end(), record.begin(), record.end());
  }
  hundred.insert(hundred.end(), {0xDE, 0xAD, 0xBE, 0xEF});
  const auto eight = decode_node_list(hundred);
  BOOST_REQUIRE(eight.has_value());
  BOOST_REQUIRE(eight->records.size() == 8u);
  BOOST_TEST(eight->records[7].ip[3] == 8);
  BOOST_TEST(eight->records[7].tcp_port == 6699u);
  const auto oversized = decode_node_list(Bytes((MaxNodeListRecords + 1) * NodeRecordLength, 1));
  BOOST_REQUIRE(oversized.has_value());
  BOOST_TEST(oversized->records.size() == MaxNodeListRecords);
}

BOOST_AUTO_TEST_CASE(make_node_list_pads_and_truncates_to_eight) {
  const std::vector<NodeRecord> three(3, record({10, 0, 0, 1}, 6699, 1, 1));
  const NodeList padded = make_node_list(three);
  BOOST_REQUIRE(padded.records.size() == 8u);
  BOOST_TEST((padded.records[2] == three[2]));
  BOOST_TEST((padded.records[3] == NodeRecord{}));
  Bytes out;
  encode(padded, out);
  BOOST_TEST(out.size() == 96u);
  const std::vector<NodeRecord> twelve(12, record({10, 0, 0, 2}, 6699, 1, 1));
  BOOST_TEST(make_node_list(twelve).records.size() == 8u);
}

BOOST_AUTO_TEST_CASE(opaque_notices_keep_their_bytes) {
  const Bytes raw = hex("0102030000ff");
  BOOST_TEST(decode_name_queue_notice(raw).value().raw == raw);
  BOOST_TEST(decode_node_change(raw).value().raw == raw);
  Bytes out;
  encode(NodeChange{raw}, out);
  encode(NameQueueNotice{raw}, out);
  BOOST_TEST(out.size() == 2 * raw.size());
}

BOOST_AUTO_TEST_CASE(parent_ranking_prefers_free_secondary_slots_then_fewer_primary_slots) {
  const std::vector<NodeRecord> records = {
      record({10, 0, 0, 1}, 6699, 5, 2),  // a
      record({10, 0, 0, 2}, 6699, 1, 9),  // b
      record({0, 0, 0, 0}, 6699, 9, 9),   // no IP
      record({10, 0, 0, 3}, 0, 9, 9),     // no TCP port
      record({10, 0, 0, 4}, 6699, 3, 9),  // c
      record({10, 0, 0, 5}, 6699, 0, 0),  // d
  };
  const auto ranked = rank_parent_candidates(records);
  BOOST_REQUIRE(ranked.size() == 4u);
  BOOST_TEST(ranked[0].ip[3] == 2);  // 9 free secondary, 1 free primary
  BOOST_TEST(ranked[1].ip[3] == 4);  // 9 free secondary, 3 free primary
  BOOST_TEST(ranked[2].ip[3] == 1);
  BOOST_TEST(ranked[3].ip[3] == 5);
}

BOOST_AUTO_TEST_CASE(parent_ranking_discards_list_without_free_secondary_slot) {
  const std::vector<NodeRecord> records = {record({10, 0, 0, 1}, 6699, 5, 0), record({10, 0, 0, 2}, 6699, 1, 0)};
  BOOST_TEST(rank_parent_candidates(records).empty());
  BOOST_TEST(rank_parent_candidates(std::vector<NodeRecord>(10)).empty());
}

BOOST_AUTO_TEST_CASE(primary_ranking_prefers_free_primary_slots_and_needs_three) {
  const std::vector<NodeRecord> records = {
      record({10, 0, 0, 1}, 6699, 3, 4),
      record({10, 0, 0, 2}, 6699, 7, 9),
      record({10, 0, 0, 3}, 6699, 7, 1),
      record({10, 0, 0, 4}, 6699, 1, 0),
  };
  const auto ranked = rank_primary_candidates(records);
  BOOST_REQUIRE(ranked.size() == 4u);
  BOOST_TEST(ranked[0].ip[3] == 3);
  BOOST_TEST(ranked[1].ip[3] == 2);
  BOOST_TEST(ranked[2].ip[3] == 1);
  BOOST_TEST(ranked[3].ip[3] == 4);
  const std::vector<NodeRecord> weak = {record({10, 0, 0, 1}, 6699, 2, 9)};
  BOOST_TEST(rank_primary_candidates(weak).empty());
}

BOOST_AUTO_TEST_CASE(dispatch_decodes_by_frame_type_and_rejects_others) {
  const Frame frame = split_frame(capture("login_0x03e9.hex"));
  const auto message = decode_session_message(frame.type, frame.payload);
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(type_of(*message) == 0x03E9);
  BOOST_TEST(std::get<Login>(*message).base_name == "tester123");
  Bytes out;
  encode(*message, out);
  BOOST_TEST(out == frame.payload);

  const Frame status = split_frame(capture("status_0x0384.hex"));
  const auto text = decode_session_message(status.type, status.payload);
  BOOST_TEST(type_of(text.value()) == 0x0384);
  BOOST_TEST(std::get<StatusText>(*text).text == "9006 6 of 6 available");

  const auto wrong = decode_session_message(0x1771, frame.payload);
  BOOST_REQUIRE(!wrong.has_value());
  BOOST_TEST((wrong.error().code == DecodeErrc::WrongType));
}

BOOST_AUTO_TEST_SUITE_END()
