#include "protocol/data_request.h"

#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "protocol/data_reply.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::hex;

BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::DataRequestKind)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::GetProgress)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::RequestForm)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::GetRequest)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::SendRequest)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::Segment)
BOOST_TEST_DONT_PRINT_LOG_VALUE(wpn::protocol::BuildErrc)

namespace {

// The blocks of a multi-write capture, by the name after "# block:".
std::map<std::string, Bytes> capture_blocks(const std::string& name) {
  std::istringstream lines(wpn::test::read_text_file(wpn::test::data_path("captures/" + name)));
  std::map<std::string, std::string> digits;
  std::string current;
  for (std::string line; std::getline(lines, line);) {
    const std::string marker = "# block: ";
    if (line.rfind(marker, 0) == 0)
      current = line.substr(marker.size());
    else if (!line.empty() && line[0] != '#')
      digits[current] += line;
  }
  std::map<std::string, Bytes> blocks;
  for (const auto& [block, text] : digits) blocks[block] = hex(text);
  return blocks;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Feeds `stream` cut at `cuts`, sending nothing back; finish() at the end if asked.
struct GetRun {
  std::vector<GetProgress> progress;  // every non-NeedMore step, in order
  GetRequest request;
  std::optional<DecodeError> error;
};

GetRun run_get(ByteView stream, const std::vector<std::size_t>& cuts, bool finish) {
  GetRun run;
  GetRequestParser parser;
  std::size_t begin = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(stream.size());
  for (const std::size_t end : ends) {
    ByteView chunk = stream.subspan(begin, end - begin);
    begin = end;
    while (!chunk.empty()) {
      auto step = parser.feed(chunk);
      if (!step) {
        run.error = step.error();
        return run;
      }
      if (*step != GetProgress::NeedMore) run.progress.push_back(*step);
      if (*step == GetProgress::Complete) break;
    }
  }
  if (finish && (run.progress.empty() || run.progress.back() != GetProgress::Complete)) {
    auto step = parser.finish();
    if (!step)
      run.error = step.error();
    else
      run.progress.push_back(*step);
  }
  run.request = parser.request();
  return run;
}

Bytes unescape(std::string_view text) {
  Bytes out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
    } else if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      out.push_back(hex(text.substr(i + 2, 2)).at(0));
      i += 3;
    } else {
      out.push_back(static_cast<Byte>(text[i]));
    }
  }
  return out;
}

struct MalformedCase {
  std::string parser;  // GET or SEND
  std::string error;
  std::size_t offset = 0;
  std::string escaped;
};

std::ostream& operator<<(std::ostream& out, const MalformedCase& c) {
  return out << c.parser << " " << c.escaped.substr(0, 60);
}

std::vector<MalformedCase> malformed_cases() {
  std::istringstream lines(wpn::test::read_text_file(wpn::test::data_path("data_requests_malformed.txt")));
  std::vector<MalformedCase> cases;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    MalformedCase c;
    fields >> c.parser >> c.error >> c.offset;
    fields.get();  // the single space before the bytes
    std::getline(fields, c.escaped);
    cases.push_back(c);
  }
  return cases;
}

std::string errc_name(DecodeErrc code) {
  switch (code) {
    case DecodeErrc::Truncated:
      return "Truncated";
    case DecodeErrc::LengthOverLimit:
      return "LengthOverLimit";
    case DecodeErrc::BadValue:
      return "BadValue";
    case DecodeErrc::BadRequest:
      return "BadRequest";
    default:
      return "other";
  }
}

const std::string WorkedNick = "Gumdrop609_21884";  // filesharing.md §3.9
const std::string WorkedFile = "Hello\\Robo Resources.rar";

}  // namespace

BOOST_AUTO_TEST_SUITE(data_request)

BOOST_AUTO_TEST_CASE(classifies_the_first_bytes_after_the_greeting) {
  const std::vector<std::pair<std::string, DataRequestKind>> table = {
      {"", DataRequestKind::NeedMore},
      {"G", DataRequestKind::NeedMore},
      {"GE", DataRequestKind::NeedMore},
      {"GET", DataRequestKind::NeedMore},
      {"GETn", DataRequestKind::Get},
      {"GET ", DataRequestKind::Get},
      {"GETL", DataRequestKind::NeedMore},
      {"GETLIS", DataRequestKind::NeedMore},
      {"GETLucy_00001", DataRequestKind::Get},
      {"GETLIST", DataRequestKind::NeedMore},
      {"GETLIST_0", DataRequestKind::Get},
      {"S", DataRequestKind::NeedMore},
      {"SEN", DataRequestKind::NeedMore},
      {"SEND", DataRequestKind::NeedMore},
      {"SENDx", DataRequestKind::Send},
      {"SENDLIST", DataRequestKind::NeedMore},
      {"SENDLo", DataRequestKind::Send},
      {"GX", DataRequestKind::SessionKey},
      {"SX", DataRequestKind::SessionKey},
      {"get", DataRequestKind::SessionKey},
      {"\xd6\x3c\x72\xbf", DataRequestKind::SessionKey},
  };
  for (const auto& [head, expected] : table)
    BOOST_TEST((classify_data_request(bytes_of(head)) == expected), "head \"" << head << "\"");
}

BOOST_AUTO_TEST_CASE(classifies_a_bare_list_command_once_the_peer_is_idle) {
  BOOST_TEST((classify_data_request(bytes_of("GETLIST"), true) == DataRequestKind::GetList));
  BOOST_TEST((classify_data_request(bytes_of("SENDLIST"), true) == DataRequestKind::SendList));
  BOOST_TEST((classify_data_request(bytes_of("GE"), true) == DataRequestKind::NeedMore));
}

BOOST_AUTO_TEST_CASE(parses_the_worked_example_of_the_wpn_form) {
  const auto blocks = capture_blocks("get_wpn_form.hex");
  BOOST_TEST(blocks.at("greeting") == hex("31"));
  const Bytes line = concat({blocks.at("get"), blocks.at("request")});
  BOOST_TEST((classify_data_request(line) == DataRequestKind::Get));

  GetRequestParser parser;
  ByteView input(line);
  BOOST_TEST((parser.feed(input).value() == GetProgress::LineComplete));
  BOOST_TEST(input.empty());
  BOOST_TEST(parser.request().nick == WorkedNick);
  BOOST_TEST(parser.request().file == WorkedFile);
  BOOST_TEST((parser.request().form == RequestForm::Wpn));

  ByteView segment(blocks.at("segment"));
  BOOST_TEST((parser.feed(segment).value() == GetProgress::Complete));
  BOOST_TEST(parser.request().start == 0u);
  BOOST_TEST(parser.request().end.value() == 22925u);
}

BOOST_AUTO_TEST_CASE(builds_the_bytes_of_the_worked_example) {
  const auto blocks = capture_blocks("get_wpn_form.hex");
  Bytes line;
  BOOST_REQUIRE(append_get_wpn(line, WorkedNick, WorkedFile).has_value());
  BOOST_TEST(line == concat({blocks.at("get"), blocks.at("request")}));
  Bytes segment;
  append_segment(segment, Segment{0, 22925});
  BOOST_TEST(segment == blocks.at("segment"));
  Bytes size;
  append_size_reply(size, 22925);
  BOOST_TEST(size == blocks.at("size"));
}

BOOST_AUTO_TEST_CASE(gives_the_same_request_for_a_split_at_every_byte) {
  const auto blocks = capture_blocks("get_wpn_form.hex");
  const Bytes stream = concat({blocks.at("get"), blocks.at("request"), blocks.at("segment")});
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const GetRun run = run_get(stream, {cut}, false);
    BOOST_REQUIRE_MESSAGE(!run.error, "split at " << cut);
    BOOST_TEST(run.progress == (std::vector<GetProgress>{GetProgress::LineComplete, GetProgress::Complete}),
               "split at " << cut);
    BOOST_TEST(run.request.nick == WorkedNick);
    BOOST_TEST(run.request.file == WorkedFile);
    BOOST_TEST(run.request.end.value() == 22925u);
  }
}

BOOST_AUTO_TEST_CASE(parses_the_opennap_form_at_every_split_once_the_peer_goes_quiet) {
  const Bytes stream = bytes_of("GETnap_user \"music\\song.mp3\" 1234");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const GetRun run = run_get(stream, {cut}, true);
    BOOST_REQUIRE_MESSAGE(!run.error, "split at " << cut);
    BOOST_TEST(run.progress == (std::vector<GetProgress>{GetProgress::Complete}));
    BOOST_TEST(run.request.nick == "nap_user");
    BOOST_TEST(run.request.file == "music\\song.mp3");
    BOOST_TEST((run.request.form == RequestForm::OpenNap));
    BOOST_TEST(run.request.start == 1234u);
    BOOST_TEST(!run.request.end.has_value());
  }
}

BOOST_AUTO_TEST_CASE(waits_for_silence_before_ending_the_offset) {
  GetRequestParser parser;
  const Bytes text = bytes_of("GETn \"f\" 12");
  ByteView input(text);
  BOOST_TEST((parser.feed(input).value() == GetProgress::NeedMore));
  BOOST_TEST(parser.awaiting_digits());
  const Bytes more = bytes_of("34");
  ByteView rest(more);
  BOOST_TEST((parser.feed(rest).value() == GetProgress::NeedMore));
  BOOST_TEST((parser.finish().value() == GetProgress::Complete));
  BOOST_TEST(parser.request().start == 1234u);
}

BOOST_AUTO_TEST_CASE(ends_the_offset_after_twenty_digits_without_waiting) {
  const Bytes text = bytes_of("GETn \"f\" 000000000000000123457");
  GetRequestParser parser;
  ByteView input(text);
  BOOST_TEST((parser.feed(input).value() == GetProgress::Complete));
  BOOST_TEST(parser.request().start == 12345u);
  BOOST_TEST(input.size() == 1u);  // the 21st digit is not part of the request
}

BOOST_AUTO_TEST_CASE(leaves_bytes_after_the_segment_in_the_input) {
  Bytes stream = bytes_of("GETn \"f\" M");
  const Bytes tail = hex("0010000000200000 0020000000300000");
  stream.insert(stream.end(), tail.begin(), tail.end());
  GetRequestParser parser;
  ByteView input(stream);
  BOOST_TEST((parser.feed(input).value() == GetProgress::LineComplete));
  BOOST_TEST(input.size() == 16u);
  BOOST_TEST((parser.feed(input).value() == GetProgress::Complete));
  BOOST_TEST(input.size() == 8u);
  BOOST_TEST(parser.request().start == 0x1000u);
  BOOST_TEST(parser.request().end.value() == 0x2000u);
  // A later segment on the same connection.
  BOOST_TEST((decode_segment(input).value() == Segment{0x2000, 0x3000}));
}

BOOST_AUTO_TEST_CASE(tolerates_one_space_after_the_command_word) {
  const GetRun get = run_get(bytes_of("GET nick \"a b\" M"), {}, false);
  BOOST_TEST(!get.error);
  BOOST_TEST(get.request.nick == "nick");
  BOOST_TEST(get.request.file == "a b");

  SendRequestParser send;
  const Bytes text = bytes_of("SEND nick \"a b\" 99");
  ByteView input(text);
  BOOST_TEST(!send.feed(input).value());
  BOOST_TEST(send.finish().value());
  BOOST_TEST((send.request() == SendRequest{"nick", "a b", 99}));
}

BOOST_AUTO_TEST_CASE(parses_a_send_line_at_every_split) {
  const Bytes stream = bytes_of("SENDGumdrop609_21884 \"Hello\\Robo Resources.rar\" 22925");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    SendRequestParser parser;
    ByteView first = ByteView(stream).first(cut);
    ByteView second = ByteView(stream).subspan(cut);
    BOOST_REQUIRE(parser.feed(first).has_value());
    BOOST_REQUIRE(parser.feed(second).has_value());
    BOOST_REQUIRE(parser.finish().value());
    BOOST_TEST((parser.request() == SendRequest{WorkedNick, WorkedFile, 22925}), "split at " << cut);
  }
}

BOOST_AUTO_TEST_CASE(keeps_names_with_spaces_backslashes_and_cp1252_bytes) {
  // CP1252: "Björk - Jóga.mp3" with ö = F6, ó = F3; a folder with a space.
  const std::string name = "My Music\\Bj\xF6rk - J\xF3ga.mp3";
  Bytes line;
  BOOST_REQUIRE(append_get_opennap(line, "user_00001", name, 512).has_value());
  BOOST_TEST(line == bytes_of("GETuser_00001 \"My Music\\Bj\xF6rk - J\xF3ga.mp3\" 512"));
  const GetRun run = run_get(line, {}, true);
  BOOST_TEST(!run.error);
  BOOST_TEST(run.request.file == name);
  BOOST_TEST(run.request.start == 512u);
}

// The rule: a '"' ends the name only when followed by a space and 'M' (GET) or
// a digit; every other quote is part of the name.
BOOST_AUTO_TEST_CASE(keeps_quotes_that_do_not_end_the_name) {
  for (const std::string name : {"a\"b.mp3", "ends with quote\"", "x\" y", "\"", "q\" \"", "two \"\" quotes"}) {
    Bytes line;
    BOOST_REQUIRE_MESSAGE(append_get_wpn(line, "n", name).has_value(), name);
    const GetRun run = run_get(line, {}, false);
    BOOST_REQUIRE_MESSAGE(!run.error, name);
    BOOST_TEST(run.request.file == name);
  }
  // In a SEND line 'M' does not end the name.
  SendRequestParser send;
  const Bytes text = bytes_of("SENDn \"live\" Mix\" 7");
  ByteView input(text);
  BOOST_REQUIRE(send.feed(input).has_value());
  BOOST_REQUIRE(send.finish().value());
  BOOST_TEST(send.request().file == "live\" Mix");
}

BOOST_AUTO_TEST_CASE(ends_the_name_at_the_first_quote_space_m) {
  // "a\" Mb" cannot be requested: the line would end early, as here.
  const Bytes text = bytes_of("GETn \"a\" Mb\" M");
  GetRequestParser parser;
  ByteView input(text);
  BOOST_TEST((parser.feed(input).value() == GetProgress::LineComplete));
  BOOST_TEST(parser.request().file == "a");
  BOOST_TEST(input.size() == 4u);
}

BOOST_AUTO_TEST_CASE(builders_refuse_fields_the_peer_could_not_parse) {
  Bytes out;
  BOOST_TEST((append_get_wpn(out, "", "f").error() == BuildErrc::BadNick));
  BOOST_TEST((append_get_wpn(out, "two words", "f").error() == BuildErrc::BadNick));
  BOOST_TEST((append_get_wpn(out, "q\"uote", "f").error() == BuildErrc::BadNick));
  BOOST_TEST((append_get_wpn(out, std::string(65, 'a'), "f").error() == BuildErrc::BadNick));
  BOOST_TEST((append_get_wpn(out, "n", "").error() == BuildErrc::BadFileName));
  BOOST_TEST((append_get_wpn(out, "n", "a\" Mb").error() == BuildErrc::BadFileName));
  BOOST_TEST((append_get_opennap(out, "n", "a\" 1b", 0).error() == BuildErrc::BadFileName));
  BOOST_TEST((append_get_wpn(out, "n", std::string("a\0b", 3)).error() == BuildErrc::BadFileName));
  BOOST_TEST((append_send_line(out, "n", "a\" 2", 5).error() == BuildErrc::BadFileName));
  BOOST_TEST((append_get_wpn(out, "n", std::string(1020, 'x')).error() == BuildErrc::LineTooLong));
  BOOST_TEST(out.empty());
  BOOST_TEST(append_send_line(out, "n", "a\" Mb", 5).has_value());  // M ends only GET names
  BOOST_TEST(out == bytes_of("SENDn \"a\" Mb\" 5"));
}

BOOST_AUTO_TEST_CASE(accepts_the_longest_line_and_nick_within_the_limits) {
  const std::string nick(64, 'n');
  const std::string file(1024 - 3 - 64 - 2 - 2 - 1, 'f');
  Bytes line;
  BOOST_REQUIRE(append_get_wpn(line, nick, file).has_value());
  BOOST_TEST(line.size() == 1024u);
  const GetRun run = run_get(line, {}, false);
  BOOST_TEST(!run.error);
  BOOST_TEST(run.request.file == file);
}

BOOST_AUTO_TEST_CASE(segment_needs_end_not_before_start) {
  BOOST_TEST((decode_segment(hex("10000000 0f000000")).error().code == DecodeErrc::BadValue));
  BOOST_TEST((decode_segment(hex("10000000 10000000")).value() == Segment{16, 16}));  // empty range
  BOOST_TEST((decode_segment(hex("10000000 100000")).error().code == DecodeErrc::Truncated));
  BOOST_TEST((decode_segment(hex("00000000 10000000 00")).error().code == DecodeErrc::TrailingBytes));
}

BOOST_AUTO_TEST_CASE(segment_byte_order_can_be_switched_for_field_tests) {
  BOOST_TEST((decode_segment(hex("00000010 00005000"), SegmentByteOrder::Big).value() == Segment{0x10, 0x5000}));
  Bytes out;
  append_segment(out, Segment{0x10, 0x5000}, SegmentByteOrder::Big);
  BOOST_TEST(out == hex("00000010 00005000"));

  Bytes stream = bytes_of("GETn \"f\" M");
  const Bytes big = hex("00000001 00000002");
  stream.insert(stream.end(), big.begin(), big.end());
  GetRequestParser parser({}, SegmentByteOrder::Big);
  ByteView input(stream);
  BOOST_TEST((parser.feed(input).value() == GetProgress::LineComplete));
  BOOST_TEST((parser.feed(input).value() == GetProgress::Complete));
  BOOST_TEST(parser.request().start == 1u);
  BOOST_TEST(parser.request().end.value() == 2u);
}

BOOST_AUTO_TEST_CASE(stays_failed_after_an_error) {
  const Bytes text = bytes_of("GETn\x01");
  GetRequestParser parser;
  ByteView input(text);
  const auto first = parser.feed(input);
  BOOST_REQUIRE(!first.has_value());
  const Bytes good = bytes_of(" \"f\" 1");
  ByteView more(good);
  BOOST_TEST((parser.feed(more).error() == first.error()));
  BOOST_TEST((parser.finish().error() == first.error()));
}

BOOST_DATA_TEST_CASE(refuses_each_malformed_line_of_the_table, boost::unit_test::data::make(malformed_cases()), c) {
  const Bytes bytes = unescape(c.escaped);
  std::optional<DecodeError> error;
  if (c.parser == "GET") {
    error = run_get(bytes, {}, true).error;
  } else {
    SendRequestParser parser;
    ByteView input(bytes);
    auto fed = parser.feed(input);
    if (fed && !*fed) fed = parser.finish();
    if (!fed) error = fed.error();
  }
  BOOST_REQUIRE_MESSAGE(error.has_value(), "accepted: " << c.escaped);
  BOOST_TEST(errc_name(error->code) == c.error);
  BOOST_TEST(error->offset == c.offset);
  BOOST_TEST(error->offset <= bytes.size());
}

BOOST_AUTO_TEST_CASE(malformed_table_is_not_empty) { BOOST_TEST(malformed_cases().size() >= 20u); }

BOOST_AUTO_TEST_SUITE_END()
