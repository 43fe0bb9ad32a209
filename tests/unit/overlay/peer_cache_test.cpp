#include "overlay/peer_cache.h"

#include <boost/test/unit_test.hpp>

#include "overlay_test_support.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;

namespace {

p::CacheRegistration registration(std::uint8_t last_octet, std::uint8_t free_secondary, std::uint8_t free_primary) {
  p::CacheRegistration r;
  r.hub.hub = p::NodeHandle{{127, 0, 0, last_octet}, 6257};
  r.hub.tcp_port = 6699;
  r.hub.link_port = 6700;
  r.hub.free_secondary = free_secondary;
  r.hub.free_primary = free_primary;
  return r;
}

bool registers(o::PeerCache& cache, const p::CacheRegistration& r, o::Millis now) {
  return cache.register_hub(r, r.hub.hub.ip, now);
}

std::vector<std::uint8_t> last_octets(const p::CacheReply& reply) {
  std::vector<std::uint8_t> out;
  for (const auto& r : reply.records) out.push_back(r.ip[3]);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_cache)

BOOST_AUTO_TEST_CASE(a_registered_hub_is_handed_out_until_it_stops_reporting) {
  o::PeerCache cache;
  BOOST_TEST(registers(cache, registration(2, 9, 3), 0));
  cache.expire(179000);
  BOOST_TEST(cache.hubs().size() == 1u);
  BOOST_TEST(cache.reply().records[0].free_secondary == 9);
  cache.expire(180000);
  BOOST_TEST(cache.hubs().empty());
}

BOOST_AUTO_TEST_CASE(each_report_renews_a_hub_and_updates_its_free_slots) {
  o::PeerCache cache;
  registers(cache, registration(2, 9, 3), 0);
  registers(cache, registration(2, 4, 1), 120000);
  cache.expire(250000);
  BOOST_TEST_REQUIRE(cache.hubs().size() == 1u);
  BOOST_TEST(cache.hubs()[0].free_secondary == 4);
  BOOST_TEST(cache.hubs()[0].free_primary == 1);
}

BOOST_AUTO_TEST_CASE(the_reply_orders_hubs_by_free_secondary_slots_then_fewer_free_primary_slots) {
  o::PeerCache cache;
  registers(cache, registration(2, 5, 3), 0);
  registers(cache, registration(3, 0, 0), 0);
  registers(cache, registration(4, 5, 1), 0);
  registers(cache, registration(5, 9, 6), 0);
  const std::vector<std::uint8_t> expected{5, 4, 2, 3, 0, 0, 0, 0, 0, 0};
  BOOST_TEST(last_octets(cache.reply()) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_reply_holds_the_ten_best_of_more_live_hubs) {
  o::PeerCache cache;
  for (std::uint8_t i = 1; i <= 15; ++i) registers(cache, registration(static_cast<std::uint8_t>(10 + i), i, 0), 0);
  const auto reply = cache.reply();
  for (std::size_t i = 0; i < reply.records.size(); ++i) {
    BOOST_TEST(reply.records[i].free_secondary == 15 - i);
  }
}

BOOST_AUTO_TEST_CASE(a_registration_from_another_address_is_refused) {
  o::PeerCache cache;
  BOOST_TEST(!cache.register_hub(registration(2, 9, 3), p::Ip4{127, 0, 0, 66}, 0));
  BOOST_TEST(cache.hubs().empty());
  o::PeerCache trusting(o::PeerCacheConfig{180000, false, 1024});
  BOOST_TEST(trusting.register_hub(registration(2, 9, 3), p::Ip4{127, 0, 0, 66}, 0));
}

BOOST_AUTO_TEST_CASE(configured_hubs_stay_without_reporting_and_rank_with_live_ones) {
  o::PeerCache cache;
  p::NodeRecord configured{{127, 0, 0, 7}, 6257, 6699, 0, 2, 0, 0};
  cache.put_hub(configured);
  registers(cache, registration(2, 5, 0), 0);
  cache.expire(10'000'000);
  BOOST_TEST(cache.hubs().size() == 1u);
  registers(cache, registration(2, 5, 0), 10'000'000);
  const std::vector<std::uint8_t> expected{2, 7, 0, 0, 0, 0, 0, 0, 0, 0};
  BOOST_TEST(last_octets(cache.reply()) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_reply_decodes_as_a_client_reads_it) {
  o::PeerCache cache;
  registers(cache, registration(2, 5, 0), 0);
  o::test::SequenceRandom random;
  const auto reply = p::decode_cache_reply(cache.reply_bytes(random));
  BOOST_TEST_REQUIRE(reply.has_value());
  BOOST_TEST((reply->records[0].ip == p::Ip4{127, 0, 0, 2}));
  BOOST_TEST(reply->records[0].tcp_port == 6699);
}

// docs/hub-link.md §6.1: live hubs with a link port, never the asker, most free link
// slots first; a hub that registered without a link port is no candidate.
BOOST_AUTO_TEST_CASE(link_candidates_are_live_linking_hubs_other_than_the_asker_by_free_link_slots) {
  o::PeerCache cache;
  BOOST_TEST(registers(cache, registration(2, 9, 1), 0));
  BOOST_TEST(registers(cache, registration(3, 9, 5), 0));
  BOOST_TEST(registers(cache, registration(4, 9, 3), 100000));
  auto no_links = registration(5, 9, 9);
  no_links.hub.link_port = 0;
  BOOST_TEST(registers(cache, no_links, 0));
  const auto list = cache.link_candidates(registration(3, 0, 0).hub.hub);
  std::vector<std::uint8_t> octets;
  for (const auto& hub : list.hubs) octets.push_back(hub.hub.ip[3]);
  BOOST_TEST(octets == (std::vector<std::uint8_t>{4, 2}), boost::test_tools::per_element());
  BOOST_TEST(list.hubs.front().link_port == 6700);
  cache.expire(180000);  // hubs 2, 3 and 5 stopped reporting
  BOOST_TEST(cache.link_candidates({}).hubs.size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_candidate_list_round_trips_and_refuses_more_than_ten) {
  o::PeerCache cache;
  for (std::uint8_t i = 2; i < 20; ++i) BOOST_TEST(registers(cache, registration(i, 9, i), 0));
  p::Bytes bytes;
  p::encode(cache.link_candidates({}), bytes);
  BOOST_TEST(bytes.size() == p::CandidateListHeadLength + 10 * p::CandidateEntryLength);
  BOOST_TEST((p::link_candidates_length(bytes) == bytes.size()));
  const auto decoded = p::decode_link_candidates(bytes);
  BOOST_TEST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == cache.link_candidates({})));
  BOOST_TEST(decoded->hubs.front().hub.ip[3] == 19);
  bytes[4] = 11;
  BOOST_TEST(!p::decode_link_candidates(bytes).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
