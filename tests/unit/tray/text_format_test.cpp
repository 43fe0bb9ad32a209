#include <boost/test/unit_test.hpp>

#include "model/text_format.h"

using namespace wpn::tray;

BOOST_AUTO_TEST_SUITE(text_format)

BOOST_AUTO_TEST_CASE(bytes_use_binary_units_with_truncated_tenths) {
  BOOST_TEST(format_bytes(0) == "0 B");
  BOOST_TEST(format_bytes(1023) == "1023 B");
  BOOST_TEST(format_bytes(1024) == "1.0 KiB");
  BOOST_TEST(format_bytes(1536) == "1.5 KiB");
  BOOST_TEST(format_bytes(2047) == "1.9 KiB");
  BOOST_TEST(format_bytes(5u * 1024 * 1024 + 104858) == "5.1 MiB");
  BOOST_TEST(format_bytes(3ull << 40) == "3.0 TiB");
  BOOST_TEST(format_bytes(~0ull) == "15.9 EiB");
}

BOOST_AUTO_TEST_CASE(rates_are_bytes_per_second) { BOOST_TEST(format_rate(2560) == "2.5 KiB/s"); }

BOOST_AUTO_TEST_CASE(durations_pick_two_units) {
  BOOST_TEST(format_duration(59) == "59 s");
  BOOST_TEST(format_duration(200) == "3 min 20 s");
  BOOST_TEST(format_duration(7500) == "2 h 05 min");
  BOOST_TEST(format_duration(273600) == "3 d 4 h");
}

BOOST_AUTO_TEST_CASE(percent_is_clamped_and_safe_for_unknown_sizes) {
  BOOST_TEST(percent_of(0, 0) == 0);
  BOOST_TEST(percent_of(50, 200) == 25);
  BOOST_TEST(percent_of(300, 200) == 100);
  BOOST_TEST(percent_of(~0ull / 200, ~0ull / 100) == 50);
}

BOOST_AUTO_TEST_CASE(progress_text_draws_a_bar_of_cells) {
  BOOST_TEST(progress_text(50, 100) == "█████░░░░░ 50 %");
  BOOST_TEST(progress_text(0, 0, 3) == "░░░ 0 %");
  BOOST_TEST(progress_text(7, 7, 2) == "██ 100 %");
}

BOOST_AUTO_TEST_CASE(wait_reasons_read_as_sentences_and_unknown_codes_pass_through) {
  BOOST_TEST(wait_reason_text("no_free_slot") == "waiting for a free slot");
  BOOST_TEST(wait_reason_text("retry_wait") == "waiting to ask the sources again");
  BOOST_TEST(wait_reason_text("new_reason") == "new_reason");
  BOOST_TEST(wait_reason_text("").empty());
}

BOOST_AUTO_TEST_CASE(a_hubs_load_is_its_secondaries_against_its_limit) {
  BOOST_TEST(hub_load_text(3, 200) == "Secondaries: 3 of 200 (1 % full)");
  BOOST_TEST(hub_load_text(150, 200) == "Secondaries: 150 of 200 (75 % full)");
  BOOST_TEST(hub_load_text(7, 0) == "Secondaries: 7");
}

BOOST_AUTO_TEST_SUITE_END()
