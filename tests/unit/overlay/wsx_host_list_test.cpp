#include <boost/test/unit_test.hpp>

#include "overlay/wsx_host_list.h"
#include "support/test_data.h"

namespace o = wpn::overlay;
using wpn::test::data_path;
using wpn::test::read_text_file;

BOOST_AUTO_TEST_SUITE(wsx_host_list)

BOOST_AUTO_TEST_CASE(reads_winmx_sample_and_skips_raw_ip) {
  const auto text = read_text_file(data_path("wsx/PUBLIC 20050428 20050429 20050430 20050501.wsx"));
  const auto list = o::parse_wsx(text);
  BOOST_REQUIRE_EQUAL(list.entries.size(), 3u);
  BOOST_CHECK_EQUAL(list.entries[0].network, "OpenNap Example Network");
  BOOST_REQUIRE_EQUAL(list.entries[0].server_names.size(), 2u);
  BOOST_CHECK_EQUAL(list.entries[0].server_names[1], "Example Server Two");
  BOOST_CHECK_EQUAL(list.entries[0].port, 8899);
  BOOST_CHECK_EQUAL(list.entries[0].address, "nap.example.org");
  BOOST_CHECK(list.entries[1].type == o::WsxType::Meta);
  BOOST_CHECK_EQUAL(list.entries[1].port, 8875);
  BOOST_CHECK(list.entries[2].type == o::WsxType::Use100Command);
  BOOST_CHECK_EQUAL(list.entries[2].port, 8888);  // no P: line
  BOOST_REQUIRE_EQUAL(list.skipped.size(), 1u);
  BOOST_CHECK(list.skipped[0].reason == o::WsxSkip::RawIp);
  BOOST_CHECK_EQUAL(list.skipped[0].address, "192.0.2.10");
}

BOOST_AUTO_TEST_CASE(keeps_raw_ip_when_allowed) {
  const auto text = read_text_file(data_path("wsx/PUBLIC 20050428 20050429 20050430 20050501.wsx"));
  const auto list = o::parse_wsx(text, {.allow_raw_ip = true});
  BOOST_REQUIRE_EQUAL(list.entries.size(), 4u);
  BOOST_CHECK_EQUAL(list.entries[3].address, "192.0.2.10");
  BOOST_CHECK_EQUAL(list.entries[3].port, 7777);
}

BOOST_AUTO_TEST_CASE(tolerates_lf_lower_case_and_missing_blank_lines) {
  const auto list = o::parse_wsx(read_text_file(data_path("wsx/lenient.wsx")));
  BOOST_REQUIRE_EQUAL(list.entries.size(), 2u);
  BOOST_CHECK_EQUAL(list.entries[0].network, "Lenient One");
  BOOST_CHECK_EQUAL(list.entries[0].port, 6699);
  BOOST_CHECK(list.entries[0].type == o::WsxType::Normal);
  BOOST_CHECK_EQUAL(list.entries[1].network, "Lenient Two");
  BOOST_CHECK(list.entries[1].server_names.empty());
  BOOST_CHECK_EQUAL(list.entries[1].port, 8888);
  BOOST_REQUIRE_EQUAL(list.skipped.size(), 2u);
  BOOST_CHECK(list.skipped[0].reason == o::WsxSkip::BadPort);
  BOOST_CHECK(list.skipped[1].reason == o::WsxSkip::NoAddress);
}

BOOST_AUTO_TEST_CASE(reads_our_cache_and_hub_types) {
  const auto list = o::parse_wsx(read_text_file(data_path("wsx/wpn_hosts.wsx")));
  BOOST_REQUIRE_EQUAL(list.entries.size(), 2u);
  BOOST_CHECK(list.entries[0].type == o::WsxType::WpnCache);
  BOOST_CHECK_EQUAL(list.entries[0].port, 7950);
  BOOST_CHECK(list.entries[1].type == o::WsxType::WpnHub);
}

BOOST_AUTO_TEST_CASE(writes_the_sample_bytes_back) {
  const auto text = read_text_file(data_path("wsx/wpn_hosts.wsx"));
  BOOST_CHECK_EQUAL(o::write_wsx(o::parse_wsx(text).entries), text);
}

BOOST_AUTO_TEST_CASE(round_trips_and_writes_default_port) {
  o::WsxEntry e;
  e.network = "Net";
  e.server_names = {"A", "B"};
  e.type = o::WsxType::Other;
  e.type_text = "CUSTOM";
  e.address = "host.example";
  const auto text = o::write_wsx({e});
  BOOST_CHECK_EQUAL(text, "N: Net\r\nN: A\r\nN: B\r\nP: 8888\r\nT: CUSTOM\r\nA: host.example\r\n\r\n");
  const auto back = o::parse_wsx(text);
  BOOST_REQUIRE_EQUAL(back.entries.size(), 1u);
  BOOST_CHECK(back.entries[0] == e);
}

BOOST_AUTO_TEST_CASE(writer_leaves_out_entries_with_line_breaks) {
  o::WsxEntry e;
  e.network = "Bad\r\nA: injected.example";
  e.address = "ok.example";
  BOOST_CHECK_EQUAL(o::write_wsx({e}), "");
}

BOOST_AUTO_TEST_CASE(rejects_addresses_with_odd_characters) {
  const auto list = o::parse_wsx("N: x\nA: bad host/name\n\nN: y\nA: 1.2.3\n");
  BOOST_REQUIRE_EQUAL(list.skipped.size(), 1u);
  BOOST_CHECK(list.skipped[0].reason == o::WsxSkip::BadAddress);
  BOOST_REQUIRE_EQUAL(list.entries.size(), 1u);  // "1.2.3" is a name, not a raw IPv4
}

BOOST_AUTO_TEST_CASE(recognises_raw_ipv4_only) {
  BOOST_CHECK(o::is_raw_ipv4("10.0.0.1"));
  BOOST_CHECK(!o::is_raw_ipv4("10.0.0.256"));
  BOOST_CHECK(!o::is_raw_ipv4("10.0.0.1.5"));
  BOOST_CHECK(!o::is_raw_ipv4("10.0.0."));
  BOOST_CHECK(!o::is_raw_ipv4("a.b.c.d"));
  BOOST_CHECK(!o::is_raw_ipv4("1000.0.0.1"));
}

BOOST_AUTO_TEST_CASE(names_the_public_file_by_four_dates) {
  BOOST_CHECK_EQUAL(o::wsx_public_file_name({2005, 4, 28}), "PUBLIC 20050428 20050429 20050430 20050501.wsx");
  BOOST_CHECK_EQUAL(o::wsx_public_file_name({2004, 2, 28}), "PUBLIC 20040228 20040229 20040301 20040302.wsx");
  BOOST_CHECK_EQUAL(o::wsx_public_file_name({2026, 12, 31}), "PUBLIC 20261231 20270101 20270102 20270103.wsx");
  BOOST_CHECK_EQUAL(o::wsx_public_file_name({1900, 2, 28}), "PUBLIC 19000228 19000301 19000302 19000303.wsx");
}

BOOST_AUTO_TEST_CASE(parses_the_public_file_name) {
  const auto date = o::parse_wsx_public_file_name("PUBLIC 20050428 20050429 20050430 20050501.wsx");
  BOOST_REQUIRE(date);
  BOOST_CHECK(*date == (o::CivilDate{2005, 4, 28}));
  BOOST_CHECK(!o::parse_wsx_public_file_name("PUBLIC 20050428 20050430 20050430 20050501.wsx"));
  BOOST_CHECK(!o::parse_wsx_public_file_name("PUBLIC 2005042"));
  BOOST_CHECK(!o::parse_wsx_public_file_name("servers.wsx"));
}

BOOST_AUTO_TEST_CASE(refuses_impossible_dates_and_keeps_leap_days) {
  BOOST_CHECK(!o::parse_wsx_public_file_name("PUBLIC 20050231 20050301 20050302 20050303.wsx"));
  BOOST_CHECK(!o::parse_wsx_public_file_name("PUBLIC 20050229 20050301 20050302 20050303.wsx"));
  BOOST_CHECK(!o::parse_wsx_public_file_name("PUBLIC 20050431 20050501 20050502 20050503.wsx"));
  const auto leap = o::parse_wsx_public_file_name("PUBLIC 20040229 20040301 20040302 20040303.wsx");
  BOOST_REQUIRE(leap);
  BOOST_CHECK(*leap == (o::CivilDate{2004, 2, 29}));
  BOOST_CHECK(o::next_day({2004, 12, 31}) == (o::CivilDate{2005, 1, 1}));
  BOOST_CHECK(o::next_day({2004, 2, 28}) == (o::CivilDate{2004, 2, 29}));
  BOOST_CHECK(o::next_day({2005, 2, 28}) == (o::CivilDate{2005, 3, 1}));
  BOOST_CHECK(o::next_day({2005, 1, 257}) == (o::CivilDate{2005, 1, 257}));  // impossible: unchanged
}

BOOST_AUTO_TEST_CASE(caps_entries_and_text) {
  std::string text;
  for (std::size_t i = 0; i < o::MaxWsxEntries + 5; ++i) text += "N: n\nA: h" + std::to_string(i) + ".example\n\n";
  const auto list = o::parse_wsx(text);
  BOOST_CHECK_EQUAL(list.entries.size(), o::MaxWsxEntries);
  BOOST_CHECK_EQUAL(list.skipped.size(), 5u);
  BOOST_CHECK(o::parse_wsx(std::string(o::MaxWsxTextLength + 1, 'x')).truncated);
}

BOOST_AUTO_TEST_SUITE_END()
