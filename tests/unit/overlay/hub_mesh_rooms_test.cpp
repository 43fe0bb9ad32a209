// Room lists across the hub mesh (docs/hub-link.md §3.4): a secondary's 0x238D is
// answered with the rooms registered on every hub, each aged like a local one.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "mesh_test_support.h"
#include "protocol/codecs/rooms.h"
#include "protocol/message_types.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::MeshLab;

namespace {

const p::Ip4 HubAIp{127, 0, 0, 2};
const p::Ip4 HubBIp{127, 0, 0, 3};
const p::Ip4 HubCIp{127, 0, 0, 4};
const p::Ip4 AliceIp{10, 0, 0, 1};
const p::Ip4 HostAIp{10, 0, 1, 1};
const p::Ip4 HostCIp{10, 0, 3, 3};
constexpr o::Millis AnnounceInterval = 60000;

o::MeshConfig links_at_most(std::size_t n) {
  o::MeshConfig mesh;
  mesh.max_links = n;
  return mesh;
}

// A - B - C in a line that stays one (A and C take one link each, so they never dial
// each other): A hears of C's rooms only through B.
struct Line {
  MeshLab lab;
  std::size_t a, b, c;
  Line() {
    a = lab.add_hub(HubAIp, links_at_most(1));
    b = lab.add_hub(HubBIp, links_at_most(2));
    c = lab.add_hub(HubCIp, links_at_most(1));
    lab.link(a, b);
    lab.link(b, c);
  }
  // What a secondary of `hub` is answered to 0x238D, by listed name.
  std::vector<std::string> listed_on(std::size_t hub) {
    auto& peer = lab.connect(hub, "alice" + std::to_string(lab.peers.size()) + "00", AliceIp);
    const auto before = peer.received.size();
    BOOST_TEST_REQUIRE(peer.session->request_rooms());
    lab.pump();
    std::vector<std::string> names;
    for (auto i = before; i < peer.received.size(); ++i) {
      const auto& frame = peer.received[i];
      if (frame.type != p::msg::RoomListEntry) continue;
      auto entry = p::decode_room_list_entry(frame.payload);
      BOOST_TEST_REQUIRE(entry.has_value());
      names.push_back(entry->name);
    }
    return names;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_mesh_rooms)

BOOST_AUTO_TEST_CASE(a_secondary_of_a_lists_the_rooms_of_its_own_hub_and_of_a_hub_two_links_away) {
  Line net;
  net.lab.hub(net.a).rooms().register_room(HostAIp, 6699, "Lobby", "here", 2, 20, net.lab.now);
  net.lab.hub(net.c).rooms().register_room(HostCIp, 7000, "Far", "there", 5, 40, net.lab.now);
  BOOST_TEST(net.listed_on(net.a) == std::vector<std::string>{"Lobby_0101000A1A2B"});
  net.lab.tick(AnnounceInterval);
  const std::vector<std::string> all{"Far_0303000A1B58", "Lobby_0101000A1A2B"};
  BOOST_TEST(net.listed_on(net.a) == all);
  BOOST_TEST(net.listed_on(net.b) == all);
  BOOST_TEST(net.listed_on(net.c) == all);
}

BOOST_AUTO_TEST_CASE(a_room_its_hub_no_longer_announces_is_gone_at_the_next_announce) {
  Line net;
  net.lab.hub(net.c).rooms().register_room(HostCIp, 7000, "Far", "", 0, 10, net.lab.now);
  net.lab.hub(net.c).rooms().register_room(HostCIp, 7001, "Near", "", 0, 10, net.lab.now);
  net.lab.tick(AnnounceInterval);
  BOOST_TEST(net.listed_on(net.a).size() == 2u);
  net.lab.hub(net.c).rooms().remove_room(HostCIp, 7000);
  net.lab.tick(AnnounceInterval);
  BOOST_TEST(net.listed_on(net.a) == std::vector<std::string>{"Near_0303000A1B59"});
}

BOOST_AUTO_TEST_CASE(announced_rooms_age_out_when_their_hub_falls_silent) {
  Line net;
  net.lab.hub(net.c).rooms().register_room(HostCIp, 7000, "Far", "", 0, 10, net.lab.now);
  net.lab.tick(AnnounceInterval);
  BOOST_TEST(net.listed_on(net.a).size() == 1u);
  net.lab.kill(net.c);
  net.lab.tick(AnnounceInterval);
  BOOST_TEST(net.listed_on(net.a).size() == 1u);  // kept until it ages like a local one
  net.lab.tick(o::HubRoomsConfig{}.max_age);
  BOOST_TEST(net.listed_on(net.a).empty());
}

BOOST_AUTO_TEST_CASE(each_hubs_room_announce_reaches_every_other_hub_once) {
  Line net;
  net.lab.hub(net.c).rooms().register_room(HostCIp, 7000, "Far", "", 0, 10, net.lab.now);
  net.lab.link_log.clear();
  net.lab.tick(AnnounceInterval);
  // Three hubs announce; in a line each announce crosses both links once: 2 frames each.
  std::size_t from_c = 0;
  for (const auto& f : net.lab.link_log) {
    if (f.frame.type != p::link::RoomAnnounce) continue;
    auto m = p::decode_hub_link_message(f.frame.type, f.frame.payload);
    BOOST_TEST_REQUIRE(m.has_value());
    if (std::get<p::RoomAnnounce>(*m).hub == net.lab.hub(net.c).handle()) ++from_c;
  }
  BOOST_TEST(from_c == 2u);
  BOOST_TEST(net.lab.link_frames_of(p::link::RoomAnnounce) == 6u);
}

BOOST_AUTO_TEST_CASE(a_forged_announce_of_the_receivers_own_hub_changes_nothing) {
  Line net;
  net.lab.hub(net.a).rooms().register_room(HostAIp, 6699, "Lobby", "", 0, 10, net.lab.now);
  p::RoomAnnounce forged{999, 7, net.lab.hub(net.a).handle(), {{HostCIp, 7000, 1, 2, "Fake", ""}}};
  p::Bytes payload;
  p::encode(forged, payload);
  const auto a_to_b = net.lab.ends.begin()->first;  // A dialled B first: A's end of that link
  net.lab.inject(net.a, a_to_b, p::link::RoomAnnounce, payload);
  BOOST_TEST(net.listed_on(net.a) == std::vector<std::string>{"Lobby_0101000A1A2B"});
}

BOOST_AUTO_TEST_CASE(a_new_room_reaches_the_far_hub_within_the_change_gap_not_the_next_interval) {
  Line net;
  net.lab.tick(AnnounceInterval);
  const o::Millis gap = o::MeshConfig{}.room_change_gap;
  net.lab.hub(net.c).rooms().register_room(HostCIp, 7000, "Far", "", 0, 10, net.lab.now);
  net.lab.tick(gap / 5);
  BOOST_TEST(net.listed_on(net.a).empty());  // not before the gap: a burst of joins is one announce
  net.lab.tick(gap);
  BOOST_TEST(net.listed_on(net.a) == std::vector<std::string>{"Far_0303000A1B58"});
  net.lab.hub(net.c).rooms().remove_room(HostCIp, 7000);
  net.lab.tick(gap);
  net.lab.tick(gap);
  BOOST_TEST(net.listed_on(net.a).empty());
}

BOOST_AUTO_TEST_SUITE_END()
