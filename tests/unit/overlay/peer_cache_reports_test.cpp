// Link peers reported to a peer cache (docs/hub-link.md §6.2): checked before listed,
// within bounds, and aged like registrations.
#include <boost/test/unit_test.hpp>

#include "overlay/peer_cache.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;

namespace {

p::HubEndpoint hub(std::uint8_t last_octet, std::uint8_t free_secondary = 9) {
  return {{{127, 0, 0, last_octet}, 6257}, 6699, 6700, free_secondary, 4};
}

bool lists(const o::PeerCache& cache, std::uint8_t last_octet) {
  for (const auto& r : cache.hubs())
    if (r.ip[3] == last_octet) return true;
  return false;
}

const p::NodeHandle Reporter{{127, 0, 0, 2}, 6257};

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_cache_reports)

BOOST_AUTO_TEST_CASE(a_reported_hub_is_listed_only_after_its_own_hello_matches) {
  o::PeerCache cache;
  const auto to_check = cache.report_links(Reporter, {hub(3), hub(4)}, 0);
  BOOST_TEST_REQUIRE(to_check.size() == 2u);
  BOOST_TEST(!lists(cache, 3));
  BOOST_TEST(cache.checks_pending() == 2u);
  BOOST_TEST(cache.check_done(hub(3), hub(3, 17), 10));
  BOOST_TEST(!cache.check_done(hub(4), std::nullopt, 10));  // nobody answered
  BOOST_TEST(cache.checks_pending() == 0u);
  BOOST_TEST(lists(cache, 3));
  BOOST_TEST(!lists(cache, 4));
  BOOST_TEST(cache.hubs().front().free_secondary == 17);  // the hub's figure, not the report's
  BOOST_TEST(cache.link_candidates(Reporter).hubs.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_hello_naming_another_hub_or_port_lists_nothing) {
  o::PeerCache cache;
  cache.report_links(Reporter, {hub(3), hub(5), hub(6)}, 0);
  BOOST_TEST(!cache.check_done(hub(3), hub(9), 10));  // another hub answered
  auto other_port = hub(5);
  other_port.tcp_port = 1234;
  BOOST_TEST(!cache.check_done(hub(5), other_port, 10));
  auto other_link = hub(6);
  other_link.link_port = 7000;
  BOOST_TEST(!cache.check_done(hub(6), other_link, 10));
  BOOST_TEST(cache.hubs().empty());
}

BOOST_AUTO_TEST_CASE(checks_are_bounded_per_reporter_and_in_all_and_never_repeated_while_pending) {
  o::PeerCacheConfig config;
  config.max_checks = 6;
  config.max_checks_per_reporter = 4;
  o::PeerCache cache(config);
  std::vector<p::HubEndpoint> many;
  for (std::uint8_t i = 10; i < 20; ++i) many.push_back(hub(i));
  BOOST_TEST(cache.report_links(Reporter, many, 0).size() == 4u);
  BOOST_TEST(cache.report_links(Reporter, many, 0).empty());  // its share is in flight
  const p::NodeHandle other{{127, 0, 0, 3}, 6257};
  BOOST_TEST(cache.report_links(other, many, 0).size() == 2u);  // 6 in all; none twice
  BOOST_TEST(cache.checks_pending() == 6u);
}

BOOST_AUTO_TEST_CASE(the_reporter_itself_a_hub_without_link_port_and_unusable_addresses_are_not_checked) {
  o::PeerCache cache;
  auto no_link = hub(3);
  no_link.link_port = 0;
  auto no_ip = hub(4);
  no_ip.hub.ip = {};
  BOOST_TEST(cache.report_links(Reporter, {hub(2), no_link, no_ip}, 0).empty());
}

BOOST_AUTO_TEST_CASE(a_checked_hub_ages_out_unless_reported_and_checked_again) {
  o::PeerCache cache;
  cache.report_links(Reporter, {hub(3)}, 0);
  cache.check_done(hub(3), hub(3), 0);
  BOOST_TEST(cache.report_links(Reporter, {hub(3)}, 10000).empty());  // heard from just now
  const auto again = cache.report_links(Reporter, {hub(3)}, 60000);
  BOOST_TEST(again.size() == 1u);
  cache.check_done(hub(3), std::nullopt, 60000);  // gone: not renewed
  cache.expire(179999);
  BOOST_TEST(lists(cache, 3));
  cache.expire(180000);
  BOOST_TEST(!lists(cache, 3));
}

BOOST_AUTO_TEST_CASE(the_report_round_trips_and_keeps_its_own_magic) {
  p::LinkReport report{{hub(3), hub(4)}};
  p::Bytes bytes;
  p::encode(report, bytes);
  BOOST_TEST(bytes.size() == p::CandidateListHeadLength + 2 * p::CandidateEntryLength);
  const auto decoded = p::decode_link_report(bytes);
  BOOST_TEST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == report));
  BOOST_TEST(!p::decode_link_candidates(bytes).has_value());  // "OWP1" is not "OWC1"
  bytes[4] = 11;
  BOOST_TEST(!p::decode_link_report(bytes).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
