#include "net/skipped_frame_trace.h"

#include <boost/test/unit_test.hpp>

namespace n = wpn::net;
namespace o = wpn::overlay;
namespace p = wpn::protocol;

namespace {

o::SkippedFrame frame(std::uint16_t type, p::Bytes payload, std::size_t length = 0) {
  o::SkippedFrame f;
  f.type = type;
  f.error = p::DecodeError{p::DecodeErrc::Truncated, 3};
  f.length = length == 0 ? payload.size() : length;
  f.payload = std::move(payload);
  return f;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(skipped_frame_trace)

BOOST_AUTO_TEST_CASE(a_line_names_type_peer_error_and_bytes) {
  const auto line = n::skipped_frame_line(frame(0x1FCC, {0x57, 0x00, 0xAB}), "127.0.0.2:6699");
  BOOST_TEST(line == "skipped 0x1fcc (8140) from 127.0.0.2:6699: truncated at byte 3; 3 bytes: 57 00 ab");
  const auto cut = n::skipped_frame_line(frame(0x13F6, {0x01}, 5000), "x");
  BOOST_TEST(cut.ends_with("5000 bytes: 01 ..."));
  const auto empty = n::skipped_frame_line(frame(0x13F6, {}), "x");
  BOOST_TEST(empty.ends_with("; 0 bytes"));
}

BOOST_AUTO_TEST_CASE(limits_lines_per_type_per_window_then_reports_the_rest) {
  n::SkippedFrameTrace trace({.lines_per_type = 2, .window_ms = 60000, .max_types = 8});
  std::size_t lines = 0;
  for (std::uint64_t i = 0; i < 10; ++i) lines += trace.on_skipped(frame(0x1FCC, {1}), "peer", 1000 + i).size();
  BOOST_TEST(lines == 2u);
  // Another type has its own budget.
  BOOST_TEST(trace.on_skipped(frame(0x177A, {1}), "peer", 2000).size() == 1u);
  BOOST_TEST(trace.on_tick(60999).empty());  // the window of 0x1FCC is not over yet
  const auto report = trace.on_tick(61000);
  BOOST_TEST_REQUIRE(report.size() == 1u);
  BOOST_TEST(report[0] == "suppressed 8 more skipped 0x1fcc (8140) frame(s) within 60 s");
  // A new window writes again.
  BOOST_TEST(trace.on_skipped(frame(0x1FCC, {1}), "peer", 61001).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_frame_after_the_window_reports_the_suppressed_count_first) {
  n::SkippedFrameTrace trace({.lines_per_type = 1, .window_ms = 1000, .max_types = 8});
  (void)trace.on_skipped(frame(0x1FB0, {1}), "peer", 0);
  BOOST_TEST(trace.on_skipped(frame(0x1FB0, {1}), "peer", 10).empty());
  const auto lines = trace.on_skipped(frame(0x1FB0, {2}), "peer", 1000);
  BOOST_TEST_REQUIRE(lines.size() == 2u);
  BOOST_TEST(lines[0].starts_with("suppressed 1 more"));
  BOOST_TEST(lines[1].starts_with("skipped 0x1fb0"));
}

BOOST_AUTO_TEST_CASE(a_flood_of_types_is_bounded) {
  n::SkippedFrameTrace trace({.lines_per_type = 1, .window_ms = 60000, .max_types = 4});
  std::size_t lines = 0;
  for (std::uint16_t type = 0; type < 1000; ++type) lines += trace.on_skipped(frame(type, {1}), "peer", 5).size();
  BOOST_TEST(lines == 4u);
  BOOST_TEST(trace.tracked_types() == 4u);
  const auto report = trace.on_tick(60005);
  BOOST_TEST_REQUIRE(report.size() == 1u);
  BOOST_TEST(report[0] == "suppressed 996 skipped frame(s) of further types");
  BOOST_TEST(trace.tracked_types() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
