#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>

#include "mesh_test_support.h"
#include "protocol/codecs/session.h"
#include "protocol/message_types.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::MeshLab;

namespace {

const p::Ip4 HubA{127, 0, 81, 1};
const p::Ip4 HubB{127, 0, 81, 2};
const p::Ip4 HubC{127, 0, 81, 3};

bool lists(const p::Frame& frame, const p::Ip4& hub) {
  if (frame.type != p::msg::NodeList) return false;
  const auto list = p::decode_node_list(frame.payload);
  return list && std::any_of(list->records.begin(), list->records.end(),
                             [&](const p::NodeRecord& r) { return r.ip == hub && r.tcp_port != 0; });
}

std::size_t node_lists(const MeshLab::LabPeer& peer) {
  return static_cast<std::size_t>(std::count_if(peer.received.begin(), peer.received.end(),
                                                [](const p::Frame& f) { return f.type == p::msg::NodeList; }));
}

// Ticks in 100 ms steps until the peer's newest 0x03A1 names `hub` or `limit` passes;
// returns the time it came.
std::optional<o::Millis> wait_for_list_naming(MeshLab& lab, MeshLab::LabPeer& peer, const p::Ip4& hub,
                                              o::Millis limit) {
  const o::Millis until = lab.now + limit;
  while (lab.now < until) {
    lab.tick(100);
    for (auto it = peer.received.rbegin(); it != peer.received.rend(); ++it) {
      if (it->type != p::msg::NodeList) continue;
      if (lists(*it, hub)) return lab.now;
      break;
    }
  }
  return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_fail_over)

// Secondaries learn a hub that became reachable within seconds, not at the next periodic
// 0x03A1 a minute later; a second change right after waits out the debounce interval.
BOOST_AUTO_TEST_CASE(a_change_in_reachable_hubs_sends_a_debounced_node_list) {
  MeshLab lab;
  const auto a = lab.add_hub(HubA);
  const auto b = lab.add_hub(HubB);
  const auto c = lab.add_hub(HubC);
  auto& peer = lab.connect(a, "alice", {10, 0, 0, 1});
  BOOST_REQUIRE_EQUAL(node_lists(peer), 1u);  // the one at login
  BOOST_REQUIRE(!lists(peer.received.back(), HubB));
  const o::Millis interval = lab.hub(a).config().node_list_interval;
  const o::Millis debounce = lab.hub(a).config().fail_over_debounce;
  BOOST_REQUIRE_LT(debounce * 2, interval);

  lab.link(a, b);
  const o::Millis linked_b = lab.now;
  const auto got_b = wait_for_list_naming(lab, peer, HubB, interval);
  BOOST_REQUIRE(got_b);
  BOOST_CHECK_LT(*got_b - linked_b, debounce);

  const std::size_t before_c = node_lists(peer);
  lab.link(a, c);
  const auto got_c = wait_for_list_naming(lab, peer, HubC, interval);
  BOOST_REQUIRE(got_c);
  BOOST_CHECK_GE(*got_c, *got_b + debounce);  // not sooner than the debounce allows
  BOOST_CHECK_LT(*got_c, *got_b + debounce + 1000);
  BOOST_CHECK_EQUAL(node_lists(peer), before_c + 1);  // one list for the change, none between
  BOOST_CHECK(lists(peer.received.back(), HubB));

  // Nothing changes: no list until the periodic one.
  const std::size_t settled = node_lists(peer);
  for (int i = 0; i < 20; ++i) lab.tick(100);
  BOOST_CHECK_EQUAL(node_lists(peer), settled);
}

BOOST_AUTO_TEST_SUITE_END()
