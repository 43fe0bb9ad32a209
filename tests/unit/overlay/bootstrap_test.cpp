#include <boost/test/unit_test.hpp>

#include "overlay/bootstrap.h"
#include "overlay/peer_cache.h"
#include "overlay_test_support.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;

namespace {
p::NodeRecord hub(p::Byte last, std::uint16_t port, std::uint8_t free_secondary, std::uint8_t free_primary = 0) {
  p::NodeRecord r;
  r.ip = {127, 0, 0, last};
  r.tcp_port = port;
  r.udp_port = 6257;
  r.free_secondary = free_secondary;
  r.free_primary = free_primary;
  return r;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(bootstrap)

BOOST_AUTO_TEST_CASE(does_nothing_without_configured_hosts) {
  o::BootstrapPlanner planner({}, {});
  BOOST_CHECK(planner.empty());
  BOOST_CHECK(!planner.next());
}

BOOST_AUTO_TEST_CASE(tries_hubs_then_caches_and_puts_cache_hubs_first) {
  o::BootstrapPlanner planner({{"127.0.0.1", 7950}}, {{"127.0.0.8", 6699}});
  auto first = planner.next();
  BOOST_REQUIRE(first);
  BOOST_CHECK(first->kind == o::BootstrapTarget::Kind::Hub);
  BOOST_CHECK_EQUAL(first->endpoint.host, "127.0.0.8");
  auto second = planner.next();
  BOOST_REQUIRE(second);
  BOOST_CHECK(second->kind == o::BootstrapTarget::Kind::Cache);
  const std::vector records{hub(2, 1000, 1), hub(3, 2000, 5), hub(4, 0, 9)};
  BOOST_CHECK(planner.on_cache_reply(records));
  auto third = planner.next();
  BOOST_REQUIRE(third);
  BOOST_CHECK_EQUAL(third->endpoint.host, "127.0.0.3");  // most free secondary slots first
  BOOST_CHECK_EQUAL(third->endpoint.port, 2000);
  BOOST_CHECK_EQUAL(planner.next()->endpoint.host, "127.0.0.2");
  BOOST_CHECK(!planner.next());  // the record with TCP port 0 is unusable
}

BOOST_AUTO_TEST_CASE(rejects_a_cache_list_of_full_hubs) {
  o::BootstrapPlanner planner({{"127.0.0.1", 7950}}, {});
  (void)planner.next();
  const std::vector records{hub(2, 1000, 0)};
  BOOST_CHECK(!planner.on_cache_reply(records));
  BOOST_CHECK(!planner.next());
}

BOOST_AUTO_TEST_CASE(stored_node_list_comes_first_and_backoff_grows) {
  o::BootstrapPlanner planner({{"127.0.0.1", 7950}}, {}, {100, 350});
  (void)planner.next();
  const std::vector list{hub(2, 1000, 3), hub(5, 1500, 7)};
  planner.remember_node_list(list);
  BOOST_CHECK_EQUAL(planner.start_round(), 100u);
  BOOST_CHECK_EQUAL(planner.next()->endpoint.host, "127.0.0.5");
  BOOST_CHECK_EQUAL(planner.next()->endpoint.host, "127.0.0.2");
  BOOST_CHECK(planner.next()->kind == o::BootstrapTarget::Kind::Cache);
  BOOST_CHECK_EQUAL(planner.start_round(), 200u);
  BOOST_CHECK_EQUAL(planner.start_round(), 350u);  // capped
  planner.on_logged_in();
  BOOST_CHECK_EQUAL(planner.failed_rounds(), 0u);
  BOOST_CHECK_EQUAL(planner.start_round(), 100u);
}

BOOST_AUTO_TEST_CASE(peer_cache_reply_decodes_to_its_hubs_by_free_slots) {
  o::PeerCache cache;
  cache.put_hub(hub(2, 6699, 1));
  cache.put_hub(hub(3, 6699, 8));
  cache.put_hub(hub(2, 6699, 4));  // same hub, updated
  cache.put_hub(hub(9, 0, 4));     // unusable: ignored
  BOOST_CHECK_EQUAL(cache.hubs().size(), 2u);
  o::test::SequenceRandom random;
  const auto bytes = cache.reply_bytes(random);
  BOOST_REQUIRE_EQUAL(bytes.size(), p::CacheReplyLength);
  BOOST_CHECK_EQUAL(bytes[0], 0x38);
  const auto reply = p::decode_cache_reply(bytes);
  BOOST_REQUIRE(reply);
  BOOST_CHECK(reply->records[0] == hub(3, 6699, 8));
  BOOST_CHECK(reply->records[1] == hub(2, 6699, 4));
  BOOST_CHECK(reply->records[2] == p::NodeRecord{});
}

BOOST_AUTO_TEST_SUITE_END()
