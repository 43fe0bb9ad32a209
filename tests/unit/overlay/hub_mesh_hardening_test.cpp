// Hub mesh follow-ups (docs/hub-link.md): a restarted hub's announces refresh what other
// hubs know of it at once; a link flooding room announces or forging them disturbs no one;
// a hub id is bound to the address of its first live link; a hub bound to every interface
// greets with the address it was dialled at.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "mesh_test_support.h"
#include "protocol/codecs/search.h"
#include "protocol/message_types.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::ConnId;
using o::test::MeshLab;

namespace {

const p::Ip4 HubOIp{127, 0, 0, 2};
const p::Ip4 HubNIp{127, 0, 0, 3};
const p::Ip4 HubAIp{127, 0, 0, 4};
const p::Ip4 AliceIp{10, 0, 0, 1};
const p::Ip4 CarolIp{10, 0, 0, 3};

template <class M>
p::Bytes encoded(const M& message) {
  p::Bytes out;
  p::encode(message, out);
  return out;
}

std::size_t results_of(const MeshLab::LabPeer& peer) {
  return static_cast<std::size_t>(std::count_if(peer.received.begin(), peer.received.end(),
                                                [](const p::Frame& f) { return f.type == p::msg::SearchResult; }));
}

std::size_t refusals(const MeshLab& lab, const std::string& reason) {
  return static_cast<std::size_t>(std::count(lab.refusals.begin(), lab.refusals.end(), reason));
}

std::size_t closes(const MeshLab& lab, const std::string& reason) {
  return static_cast<std::size_t>(std::count(lab.closes.begin(), lab.closes.end(), reason));
}

const o::MeshRouter& mesh_of(MeshLab& lab, std::size_t hub) {
  const o::MeshRouter* mesh = lab.hub(hub).mesh();
  if (mesh == nullptr) throw std::logic_error("hub without mesh");
  return *mesh;
}

ConnId link_end(MeshLab& lab, std::size_t h, std::size_t peer) {
  for (const auto& [conn, end] : lab.ends) {
    if (end.hub == h && end.peer_hub == peer && end.open) return conn;
  }
  throw std::logic_error("no such link");
}

o::MeshConfig links_at_most(std::size_t n, std::uint32_t first_sequence = 0) {
  o::MeshConfig mesh;
  mesh.max_links = n;
  mesh.first_sequence = first_sequence;
  return mesh;
}

// A room list of `n` rooms hosted at distinct addresses.
std::vector<p::AnnouncedRoom> rooms(std::size_t n) {
  std::vector<p::AnnouncedRoom> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back({{10, 9, static_cast<p::Byte>(i / 200), static_cast<p::Byte>(1 + i % 200)},
                   6699,
                   1,
                   50,
                   "room " + std::to_string(i),
                   ""});
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_mesh_hardening)

// O - N - A; O restarts and links to A only. A's old figure "N is one hop from O" must
// not keep O's searches away from N: N (and carol on it) are now beyond A.
BOOST_AUTO_TEST_CASE(a_restarted_hub_is_searched_from_along_its_new_links_at_once) {
  MeshLab lab;
  const auto hub_o = lab.add_hub(HubOIp, links_at_most(1, 1000));
  const auto hub_n = lab.add_hub(HubNIp, links_at_most(2));
  const auto hub_a = lab.add_hub(HubAIp, links_at_most(2));
  lab.link(hub_o, hub_n);
  lab.link(hub_n, hub_a);
  lab.tick(60000);  // a round of announces: A hears of O through N
  lab.connect(hub_n, "carol123", CarolIp,
              o::test::share_payloads("Music", {{"Blue Moon.mp3", o::test::key_of(7, 5000), 5000, {128, 44100, 200}}}));

  lab.kill(hub_o);
  // The same hub, started again a minute later: its sequences go on above the last run's.
  o::HubConfig config;
  config.ip = HubOIp;
  config.link_port = 6700;
  config.mesh = links_at_most(1, 1060);
  lab.hubs[hub_o].hub = std::make_unique<o::Hub>(config, *lab.hubs[hub_o].random);
  lab.hubs[hub_o].up = true;
  lab.tick(1000);
  lab.link(hub_o, hub_a);

  auto& alice = lab.connect(hub_o, "alice123", AliceIp);
  p::Search search;
  search.search_id = 7;
  search.query = "blue moon";
  lab.send(alice, p::msg::Search, encoded(search));
  BOOST_TEST(results_of(alice) == 1u);
}

BOOST_AUTO_TEST_CASE(a_link_flooding_room_announces_is_limited_and_the_rest_of_the_mesh_still_hears_rooms) {
  MeshLab lab;
  const auto hub_o = lab.add_hub(HubOIp);
  const auto hub_n = lab.add_hub(HubNIp);
  lab.link(hub_o, hub_n);
  const ConnId from_o = link_end(lab, hub_n, hub_o);
  const auto before = lab.link_frames_of(p::link::RoomAnnounce);
  // 1000 fresh announces at once: the burst of 10 (one spent on O's greeting announce) is taken.
  for (std::uint32_t seq = 1; seq <= 1000; ++seq)
    lab.inject(hub_n, from_o, p::link::RoomAnnounce,
               encoded(p::RoomAnnounce{5000 + seq, 7, lab.hub(hub_o).handle(), rooms(1)}));
  BOOST_TEST(refusals(lab, "room announces over the link's rate") == 991u);
  BOOST_TEST(mesh_of(lab, hub_n).counters().rate_limited == 991u);
  BOOST_TEST(lab.link_frames_of(p::link::RoomAnnounce) == before);  // N has no other link to flood
  // A second later the link is heard again.
  lab.now += 1000;
  lab.inject(hub_n, from_o, p::link::RoomAnnounce,
             encoded(p::RoomAnnounce{9000, 7, lab.hub(hub_o).handle(), rooms(2)}));
  BOOST_TEST(lab.hub(hub_n).rooms().size() == 2u);
}

BOOST_AUTO_TEST_CASE(room_announces_for_hubs_out_of_reach_or_over_the_cap_are_cut_and_traced) {
  MeshLab lab;
  o::MeshConfig mesh;
  mesh.max_rooms_per_hub = 50;
  const auto hub_o = lab.add_hub(HubOIp);
  const auto hub_n = lab.add_hub(HubNIp, mesh);
  const auto hub_a = lab.add_hub(HubAIp);
  lab.link(hub_o, hub_n);
  lab.link(hub_a, hub_n);
  const ConnId from_o = link_end(lab, hub_n, hub_o);
  // O speaks for a hub nobody announced, and for A (N's neighbour) over the wrong link.
  lab.inject(hub_n, from_o, p::link::RoomAnnounce, encoded(p::RoomAnnounce{77, 7, {{10, 66, 6, 6}, 6257}, rooms(3)}));
  BOOST_TEST(refusals(lab, "room announce for a hub the mesh does not reach") == 1u);
  lab.inject(hub_n, from_o, p::link::RoomAnnounce,
             encoded(p::RoomAnnounce{99999, 7, lab.hub(hub_a).handle(), rooms(3)}));
  BOOST_TEST(lab.hub(hub_n).rooms().size() == 0u);
  // O lists 500 rooms of its own: N keeps 50.
  lab.inject(hub_n, from_o, p::link::RoomAnnounce,
             encoded(p::RoomAnnounce{88888, 7, lab.hub(hub_o).handle(), rooms(500)}));
  BOOST_TEST(lab.hub(hub_n).rooms().size() == 50u);
  BOOST_TEST(mesh_of(lab, hub_n).counters().rooms_dropped == 450u);
  // N passes the whole announce on; A (default cap 200) cuts it too: each traces it once.
  BOOST_TEST(lab.hub(hub_a).rooms().size() == 200u);
  BOOST_TEST(refusals(lab, "room announce over the rooms one hub may list, or without a host") == 2u);
}

BOOST_AUTO_TEST_CASE(a_hub_announce_at_zero_hops_must_come_from_the_hub_it_names) {
  MeshLab lab;
  const auto hub_o = lab.add_hub(HubOIp);
  const auto hub_n = lab.add_hub(HubNIp);
  lab.link(hub_o, hub_n);
  const p::HubEndpoint elsewhere{{{10, 66, 6, 6}, 6257}, 6699, 6700, 5, 5};
  lab.inject(hub_n, link_end(lab, hub_n, hub_o), p::link::HubAnnounce, encoded(p::HubAnnounce{1, 7, 0, elsewhere}));
  BOOST_TEST(refusals(lab, "hub announce at 0 hops for another hub than the link's") == 1u);
  BOOST_TEST(!mesh_of(lab, hub_n).reaches(elsewhere.hub));
}

BOOST_AUTO_TEST_CASE(a_second_link_claiming_a_linked_hub_id_from_another_address_is_closed) {
  MeshLab lab;
  o::MeshConfig open;
  open.require_source_match = false;  // as behind address translation: the id is all there is
  const auto hub_o = lab.add_hub(HubOIp);
  const auto hub_n = lab.add_hub(HubNIp, open);
  lab.link(hub_o, hub_n);
  // An impostor at 10.66.6.6 greets as O.
  lab.apply(hub_n, lab.hub(hub_n).on_link_up(9000, std::nullopt, {10, 66, 6, 6}, lab.now));
  lab.apply(hub_n, lab.hub(hub_n).on_frame(
                       9000, p::Frame{p::link::Hello, encoded(p::LinkHello{2, lab.endpoint(hub_o)})}, lab.now));
  BOOST_TEST(closes(lab, "hub link claims a hub id already linked from another address") == 1u);
  BOOST_TEST(mesh_of(lab, hub_n).established_links() == 1u);
  BOOST_TEST(!mesh_of(lab, hub_n).is_link(9000));
}

// Bound to 0.0.0.0 with the default 127.0.0.1: dialled at 127.0.62.9, it greets as that.
BOOST_AUTO_TEST_CASE(a_hub_bound_to_every_interface_greets_with_the_address_it_was_dialled_at) {
  o::test::SequenceRandom random(5);
  o::HubConfig config;
  config.adopt_ip = true;
  config.link_port = 6700;
  config.mesh = o::MeshConfig{};
  o::Hub hub(config, random);
  const p::Ip4 seen{127, 0, 62, 9};
  const auto actions = hub.on_link_up(1, std::nullopt, HubNIp, 1000, seen);
  bool greeted = false;
  for (const auto& action : actions) {
    const auto* send = std::get_if<o::SendFrame>(&action);
    if (send == nullptr || send->type != p::link::Hello) continue;
    const auto hello = p::decode_hub_link_message(send->type, send->payload);
    BOOST_TEST_REQUIRE(hello.has_value());
    BOOST_TEST((std::get<p::LinkHello>(*hello).self.hub.ip == seen));
    greeted = true;
  }
  BOOST_TEST(greeted);
  BOOST_TEST((hub.handle().ip == seen));               // its users' handles name it too
  BOOST_TEST((hub.adopt_ip({127, 0, 0, 1}) == seen));  // the first address stays
}

BOOST_AUTO_TEST_SUITE_END()
