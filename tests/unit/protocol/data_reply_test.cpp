#include "protocol/data_reply.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::hex;

BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::SizeReplyKind)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::SendReplyKind)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::SizeReply)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::SendReply)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::Segment)

namespace {

struct SizeRun {
  std::optional<SizeReply> reply;
  std::optional<DecodeError> error;
  Bytes left;  // input not consumed by the parser
};

SizeRun run_size(SizeReplyParser parser, ByteView stream, std::size_t cut, bool close) {
  SizeRun run;
  const ByteView chunks[] = {stream.first(cut), stream.subspan(cut)};
  for (std::size_t i = 0; i < 2; ++i) {
    ByteView chunk = chunks[i];
    auto done = parser.feed(chunk);
    if (!done) {
      run.error = done.error();
      return run;
    }
    if (*done) {
      run.reply = parser.reply();
      run.left.assign(chunk.begin(), chunk.end());
      if (i == 0) run.left.insert(run.left.end(), chunks[1].begin(), chunks[1].end());
      return run;
    }
  }
  if (close) {
    auto done = parser.finish();
    if (!done)
      run.error = done.error();
    else
      run.reply = parser.reply();
  }
  return run;
}

SendReply send_reply_of(ByteView stream, bool close) {
  SendReplyParser parser;
  ByteView input = stream;
  auto done = parser.feed(input);
  BOOST_REQUIRE(done.has_value());
  if (!*done) {
    BOOST_REQUIRE(close);
    BOOST_REQUIRE(parser.finish().value());
  }
  return parser.reply();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_reply)

BOOST_AUTO_TEST_CASE(builds_the_refusal_texts_and_decimal_replies) {
  Bytes out;
  append_refusal(out, Refusal::FileNotShared);
  BOOST_TEST(out == bytes_of("FILE NOT SHARED"));  // filesharing.md §3.5
  out.clear();
  append_refusal(out, Refusal::InvalidRequest);
  BOOST_TEST(out == bytes_of("INVALID REQUEST"));
  out.clear();
  append_offset_reply(out, 0);
  append_size_reply(out, 18446744073709551615u);
  BOOST_TEST(out == bytes_of("018446744073709551615"));
}

BOOST_AUTO_TEST_CASE(reads_exactly_the_digits_of_the_expected_size) {
  // A file whose content begins with digits (§3.4): they stay in the input.
  const Bytes stream = bytes_of(
      "22925"
      "12345 file data");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const SizeRun run = run_size(SizeReplyParser(22925, 0), stream, cut, false);
    BOOST_REQUIRE_MESSAGE(run.reply.has_value(), "split at " << cut);
    BOOST_TEST((run.reply->kind == SizeReplyKind::Total));
    BOOST_TEST(run.reply->value == 22925u);
    BOOST_TEST(run.left == bytes_of("12345 file data"), "split at " << cut);
  }
}

BOOST_AUTO_TEST_CASE(accepts_the_remaining_length_in_the_opennap_form) {
  // giFT-OpenNap sends size - offset: 22925 - 20000 = 2925.
  const Bytes stream = bytes_of(
      "2925"
      "9data");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const SizeRun run = run_size(SizeReplyParser(22925, 20000), stream, cut, false);
    BOOST_REQUIRE_MESSAGE(run.reply.has_value(), "split at " << cut);
    BOOST_TEST((run.reply->kind == SizeReplyKind::Remaining));
    BOOST_TEST(run.reply->value == 2925u);
    BOOST_TEST(run.reply->data_prefix.empty());
    BOOST_TEST(run.left == bytes_of("9data"));
  }
}

BOOST_AUTO_TEST_CASE(tells_remaining_from_total_when_one_prefixes_the_other) {
  // 22925 - 22696 = 229, a prefix of 22925.
  const SizeRun total = run_size(SizeReplyParser(22925, 22696), bytes_of("22925xyz"), 0, false);
  BOOST_REQUIRE(total.reply.has_value());
  BOOST_TEST((total.reply->kind == SizeReplyKind::Total));  // the total wins a tie
  BOOST_TEST(total.left == bytes_of("xyz"));

  const Bytes stream = bytes_of(
      "229"
      "2X rest");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const SizeRun run = run_size(SizeReplyParser(22925, 22696), stream, cut, false);
    BOOST_REQUIRE_MESSAGE(run.reply.has_value(), "split at " << cut);
    BOOST_TEST((run.reply->kind == SizeReplyKind::Remaining));
    BOOST_TEST(run.reply->value == 229u);
    BOOST_TEST(run.reply->data_prefix == bytes_of("2"));  // file data read while deciding
    BOOST_TEST(run.left == bytes_of("X rest"));
  }
}

BOOST_AUTO_TEST_CASE(ends_a_pending_remaining_length_when_the_peer_closes) {
  const SizeRun run = run_size(SizeReplyParser(22925, 22696), bytes_of("229"), 3, true);
  BOOST_REQUIRE(run.reply.has_value());
  BOOST_TEST((run.reply->kind == SizeReplyKind::Remaining));
}

BOOST_AUTO_TEST_CASE(reports_a_changed_size_at_the_first_differing_digit) {
  const SizeRun changed = run_size(SizeReplyParser(22925), bytes_of("22926"), 5, false);
  BOOST_REQUIRE(changed.error.has_value());
  BOOST_TEST((changed.error->code == DecodeErrc::BadValue));
  BOOST_TEST(changed.error->offset == 4u);

  // The remaining length is not accepted in the WPN form (no offset was sent).
  const SizeRun wpn = run_size(SizeReplyParser(22925), bytes_of("2925"), 4, false);
  BOOST_REQUIRE(wpn.error.has_value());
  BOOST_TEST(wpn.error->offset == 1u);

  const SizeRun short_reply = run_size(SizeReplyParser(22925), bytes_of("229"), 3, true);
  BOOST_REQUIRE(short_reply.error.has_value());
  BOOST_TEST((short_reply.error->code == DecodeErrc::Truncated));
}

BOOST_AUTO_TEST_CASE(reads_an_error_text_until_close) {
  const SizeRun run = run_size(SizeReplyParser(22925), bytes_of("FILE NOT SHARED"), 4, true);
  BOOST_REQUIRE(run.reply.has_value());
  BOOST_TEST((run.reply->kind == SizeReplyKind::Refused));
  BOOST_TEST(run.reply->text == "FILE NOT SHARED");
}

BOOST_AUTO_TEST_CASE(keeps_at_most_256_bytes_of_error_text) {
  const Bytes stream(300, 'E');
  const SizeRun run = run_size(SizeReplyParser(1), stream, 100, false);
  BOOST_REQUIRE(run.reply.has_value());
  BOOST_TEST(run.reply->text.size() == 256u);
  BOOST_TEST(run.left.size() == 44u);
}

BOOST_AUTO_TEST_CASE(a_closed_connection_before_any_reply_is_truncated) {
  SizeReplyParser parser(22925);
  BOOST_TEST((parser.finish().error().code == DecodeErrc::Truncated));
  BOOST_TEST((parser.finish().error().code == DecodeErrc::Truncated));  // stays failed
}

BOOST_AUTO_TEST_CASE(reads_an_ascii_offset_after_send) {
  const SendReply reply = send_reply_of(bytes_of("20000"), true);
  BOOST_TEST((reply.kind == SendReplyKind::Offset));
  BOOST_TEST(reply.offset == 20000u);

  // 20 digits end the offset without waiting for silence.
  SendReplyParser parser;
  const Bytes twenty = bytes_of("000000000000000000071");
  ByteView input(twenty);
  BOOST_TEST(parser.feed(input).value());
  BOOST_TEST(parser.reply().offset == 7u);
  BOOST_TEST(input.size() == 1u);
}

BOOST_AUTO_TEST_CASE(reads_a_binary_segment_after_send) {
  const Bytes stream = hex("00000000 8d590000");  // §3.9 values: 0, 22925
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    SendReplyParser parser;
    ByteView first = ByteView(stream).first(cut);
    ByteView second = ByteView(stream).subspan(cut);
    BOOST_REQUIRE(parser.feed(first).has_value());
    BOOST_REQUIRE(parser.feed(second).value());
    BOOST_TEST((parser.reply().kind == SendReplyKind::Segment));
    BOOST_TEST((parser.reply().segment == Segment{0, 22925}));
  }
  // Printable bytes first, a non-printable one within the first eight.
  const SendReply mixed = send_reply_of(hex("31323334 00000040"), false);
  BOOST_TEST((mixed.kind == SendReplyKind::Segment));
  BOOST_TEST((mixed.segment == Segment{0x34333231, 0x40000000}));
}

BOOST_AUTO_TEST_CASE(treats_other_text_after_send_as_a_refusal) {
  const SendReply invalid = send_reply_of(bytes_of("INVALID REQUEST"), true);
  BOOST_TEST((invalid.kind == SendReplyKind::Refused));
  BOOST_TEST(invalid.text == "INVALID REQUEST");
  // Past the first eight bytes a control byte no longer makes a segment.
  const SendReply with_crlf = send_reply_of(bytes_of("INVALID REQUEST\r\n"), true);
  BOOST_TEST((with_crlf.kind == SendReplyKind::Refused));
  BOOST_TEST(with_crlf.text == "INVALID REQUEST\r\n");
  const SendReply printable = send_reply_of(bytes_of("AAAAAAAA"), true);
  BOOST_TEST((printable.kind == SendReplyKind::Refused));
  const SendReply digits_then_text = send_reply_of(bytes_of("123456789x"), true);
  BOOST_TEST((digits_then_text.kind == SendReplyKind::Refused));
}

BOOST_AUTO_TEST_CASE(refuses_broken_send_replies) {
  SendReplyParser truncated;
  const Bytes half = hex("00000000");
  ByteView input(half);
  BOOST_TEST(!truncated.feed(input).value());
  BOOST_TEST((truncated.finish().error().code == DecodeErrc::Truncated));

  SendReplyParser backwards;
  const Bytes range = hex("20000000 10000000");
  ByteView reversed(range);
  BOOST_TEST((backwards.feed(reversed).error().code == DecodeErrc::BadValue));

  SendReplyParser overflow;
  const Bytes big = bytes_of("99999999999999999999");
  ByteView digits(big);
  BOOST_TEST((overflow.feed(digits).error().code == DecodeErrc::BadValue));

  SendReplyParser empty;
  BOOST_TEST((empty.finish().error().code == DecodeErrc::Truncated));
}

BOOST_AUTO_TEST_SUITE_END()
