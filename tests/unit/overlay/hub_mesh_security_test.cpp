// Hostile link peers (docs/hub-link.md §1, §3.5): links from hubs nobody configured or
// learned, Hellos naming another address, and frames with a forged sending hub or handle
// are refused with a trace, and the hub goes on serving everyone else.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "mesh_test_support.h"
#include "protocol/codecs/search.h"
#include "protocol/codecs/whois.h"
#include "protocol/message_types.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::ConnId;
using o::test::MeshLab;

namespace {

const p::Ip4 HubAIp{127, 0, 0, 2};
const p::Ip4 HubBIp{127, 0, 0, 3};
const p::Ip4 HubCIp{127, 0, 0, 4};
const p::Ip4 AliceIp{10, 0, 0, 1};
const p::Ip4 CarolIp{10, 0, 0, 3};

template <class M>
p::Bytes encoded(const M& message) {
  p::Bytes out;
  p::encode(message, out);
  return out;
}

std::size_t count_of(const MeshLab::LabPeer& peer, std::uint16_t type) {
  return static_cast<std::size_t>(
      std::count_if(peer.received.begin(), peer.received.end(), [&](const p::Frame& f) { return f.type == type; }));
}

std::size_t refusals(const MeshLab& lab, const std::string& reason) {
  return static_cast<std::size_t>(std::count(lab.refusals.begin(), lab.refusals.end(), reason));
}

const o::MeshRouter& mesh_of(MeshLab& lab, std::size_t hub) {
  const o::MeshRouter* mesh = lab.hub(hub).mesh();
  if (mesh == nullptr) throw std::logic_error("hub without mesh");
  return *mesh;
}

// Hub h's end of its link with hub peer.
ConnId link_end(MeshLab& lab, std::size_t h, std::size_t peer) {
  for (const auto& [conn, end] : lab.ends) {
    if (end.hub == h && end.peer_hub == peer && end.open) return conn;
  }
  throw std::logic_error("no such link");
}

// A - B - C in a line.
struct Line {
  MeshLab lab;
  std::size_t a, b, c;
  Line() {
    a = lab.add_hub(HubAIp, {});
    b = lab.add_hub(HubBIp, {});
    c = lab.add_hub(HubCIp, {});
    lab.link(a, b);
    lab.link(b, c);
  }
};

std::vector<p::Bytes> carol_shares() {
  return o::test::share_payloads("Music", {{"Blue Moon.mp3", o::test::key_of(7, 5000), 5000, {128, 44100, 200}}});
}

p::Bytes whois_answer_from(const p::NodeHandle& hub, const std::string& name) {
  p::WhoisAnswer answer;
  answer.handle = hub;
  answer.name = name;
  answer.queue_status = "forged";
  return encoded(answer);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_mesh_security)

BOOST_AUTO_TEST_CASE(a_link_from_a_hub_neither_configured_nor_learned_is_closed) {
  MeshLab lab;
  const auto a = lab.add_hub(HubAIp);
  const auto b = lab.add_hub(HubBIp);
  lab.link(a, b, /*introduce=*/false);
  BOOST_TEST(std::count(lab.closes.begin(), lab.closes.end(), "hub link from a hub neither configured nor learned") ==
             1);
  BOOST_TEST(mesh_of(lab, b).established_links() == 0u);
  BOOST_TEST(mesh_of(lab, a).established_links() == 0u);
}

BOOST_AUTO_TEST_CASE(a_neighbour_configured_by_address_alone_is_accepted_and_never_dialled) {
  MeshLab lab;
  const auto a = lab.add_hub(HubAIp);
  o::MeshConfig mesh;
  mesh.neighbours = {p::HubEndpoint{p::NodeHandle{HubAIp, 0}, 0, 0, 0, 0}};
  const auto b = lab.add_hub(HubBIp, mesh);
  lab.tick(1);
  BOOST_TEST(lab.dials.empty());
  lab.link(a, b, /*introduce=*/false);
  BOOST_TEST(mesh_of(lab, b).established_links() == 1u);
  BOOST_TEST(lab.closes.empty());
}

BOOST_AUTO_TEST_CASE(a_neighbour_dialled_by_address_takes_its_hub_id_from_its_hello) {
  MeshLab lab;
  const auto b = lab.add_hub(HubBIp);
  o::MeshConfig mesh;
  mesh.neighbours = {p::HubEndpoint{p::NodeHandle{HubBIp, 0}, 0, 6700, 0, 0}};
  const auto a = lab.add_hub(HubAIp, mesh);
  lab.hub(b).learn_hub(lab.endpoint(a));
  // The lab dials by hub id; dial b directly as the adapter would for the address.
  const ConnId ca = 500, cb = 501;
  lab.ends[ca] = MeshLab::End{a, cb, b, true};
  lab.ends[cb] = MeshLab::End{b, ca, a, true};
  lab.apply(b, lab.hub(b).on_link_up(cb, std::nullopt, HubAIp, lab.now));
  lab.apply(a, lab.hub(a).on_link_up(ca, p::NodeHandle{HubBIp, 0}, HubBIp, lab.now));
  lab.pump();
  BOOST_TEST(mesh_of(lab, a).established_links() == 1u);
  BOOST_TEST(mesh_of(lab, a).reaches(lab.hub(b).handle()));
  // Linked: the next dial round does not dial the same neighbour again.
  lab.tick(o::MeshConfig{}.dial_interval);
  BOOST_TEST(lab.dials.empty());
}

BOOST_AUTO_TEST_CASE(a_hello_naming_another_address_than_the_link_or_the_dialled_hub_is_closed) {
  MeshLab lab;
  const auto a = lab.add_hub(HubAIp);
  const auto b = lab.add_hub(HubBIp);
  lab.hub(b).learn_hub(lab.endpoint(a));
  // From 10.9.9.9, claiming to be hub A.
  lab.apply(b, lab.hub(b).on_link_up(9000, std::nullopt, {10, 9, 9, 9}, lab.now));
  lab.apply(b, lab.hub(b).on_frame(9000, p::Frame{p::link::Hello, encoded(p::LinkHello{2, lab.endpoint(a)})}, lab.now));
  BOOST_TEST(std::count(lab.closes.begin(), lab.closes.end(), "hub link hello names another address than the link's") ==
             1);
  // Dialled as hub B, answered as hub A.
  lab.apply(a, lab.hub(a).on_link_up(9001, lab.hub(b).handle(), HubBIp, lab.now));
  lab.apply(a, lab.hub(a).on_frame(9001, p::Frame{p::link::Hello, encoded(p::LinkHello{2, lab.endpoint(a)})}, lab.now));
  lab.apply(a, lab.hub(a).on_link_up(9002, lab.hub(b).handle(), HubBIp, lab.now));
  p::HubEndpoint c = lab.endpoint(b);
  c.hub.ip = HubCIp;
  lab.apply(a, lab.hub(a).on_frame(9002, p::Frame{p::link::Hello, encoded(p::LinkHello{2, c})}, lab.now));
  BOOST_TEST(
      std::count(lab.closes.begin(), lab.closes.end(), "hub link answered as another hub than the one dialled") == 1);
  BOOST_TEST(mesh_of(lab, a).established_links() == 0u);
  BOOST_TEST(mesh_of(lab, b).established_links() == 0u);
}

BOOST_AUTO_TEST_CASE(a_delivery_the_user_did_not_ask_for_is_refused_and_a_real_answer_still_arrives) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  auto& carol = net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  const auto hub_c = net.lab.hub(net.c).handle();
  const ConnId a_from_b = link_end(net.lab, net.a, net.b);
  p::RoutedDelivery forged{net.lab.hub(net.a).handle(),
                           hub_c,
                           5,
                           alice.session->full_name(),
                           p::msg::WhoisAnswer,
                           whois_answer_from(hub_c, carol.session->full_name())};
  net.lab.inject(net.a, a_from_b, p::link::RoutedDelivery, encoded(forged));
  BOOST_TEST(count_of(alice, p::msg::WhoisAnswer) == 0u);
  BOOST_TEST(refusals(net.lab, "delivery from a hub the user did not ask") == 1u);

  net.lab.send(alice, p::msg::WhoisRequest, encoded(p::WhoisRequest{hub_c, carol.session->full_name()}));
  BOOST_TEST(count_of(alice, p::msg::WhoisAnswer) == 1u);
  // Asked C, but the answer names a user of hub B: a forged handle.
  forged.wpn_payload = whois_answer_from(net.lab.hub(net.b).handle(), "bob123_00001");
  net.lab.inject(net.a, a_from_b, p::link::RoutedDelivery, encoded(forged));
  BOOST_TEST(count_of(alice, p::msg::WhoisAnswer) == 1u);
  BOOST_TEST(refusals(net.lab, "delivery names another hub than its sender") == 1u);
  BOOST_TEST(mesh_of(net.lab, net.a).counters().refused == 2u);
  BOOST_TEST(mesh_of(net.lab, net.a).established_links() == 1u);
}

BOOST_AUTO_TEST_CASE(a_routed_request_claiming_a_neighbour_or_ourselves_as_origin_is_refused) {
  Line net;
  auto& bob = net.lab.connect(net.b, "bob123", {10, 0, 0, 2});
  auto& carol = net.lab.connect(net.c, "carol123", CarolIp);
  const ConnId b_from_a = link_end(net.lab, net.b, net.a);
  const auto pm_to = [&](const MeshLab::LabPeer& peer, std::size_t hub, const p::NodeHandle& origin) {
    p::PmSend pm{net.lab.hub(hub).handle(), peer.session->full_name(), "forged"};
    return p::RoutedRequest{net.lab.hub(hub).handle(), origin,         6,          AliceIp, 6699, p::LineType::Unknown,
                            "mallory123_00001",        p::msg::PmSend, encoded(pm)};
  };
  // Over A's link, to bob on B: "from C" (linked to B directly), then "from B" itself.
  net.lab.inject(net.b, b_from_a, p::link::RoutedRequest, encoded(pm_to(bob, net.b, net.lab.hub(net.c).handle())));
  net.lab.inject(net.b, b_from_a, p::link::RoutedRequest, encoded(pm_to(bob, net.b, net.lab.hub(net.b).handle())));
  // Relayed by B to carol on C, "from C": C refuses its own id.
  net.lab.inject(net.b, b_from_a, p::link::RoutedRequest, encoded(pm_to(carol, net.c, net.lab.hub(net.c).handle())));
  BOOST_TEST(refusals(net.lab, "routed request with a forged origin") == 3u);
  BOOST_TEST(count_of(bob, p::msg::PmIncoming) == 0u);
  BOOST_TEST(count_of(carol, p::msg::PmIncoming) == 0u);
  // The same link's honest requests (origin A) still go through, to B and across B to C.
  net.lab.inject(net.b, b_from_a, p::link::RoutedRequest, encoded(pm_to(bob, net.b, net.lab.hub(net.a).handle())));
  net.lab.inject(net.b, b_from_a, p::link::RoutedRequest, encoded(pm_to(carol, net.c, net.lab.hub(net.a).handle())));
  BOOST_TEST(count_of(bob, p::msg::PmIncoming) == 1u);
  BOOST_TEST(count_of(carol, p::msg::PmIncoming) == 1u);
}

BOOST_AUTO_TEST_CASE(search_hits_with_a_forged_responder_or_holder_handle_are_refused) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  p::Search search;
  search.search_id = 3;
  search.query = "moon";
  net.lab.send(alice, p::msg::Search, encoded(search));
  BOOST_TEST_REQUIRE(count_of(alice, p::msg::SearchResult) == 1u);
  const auto sent = std::find_if(net.lab.link_log.begin(), net.lab.link_log.end(),
                                 [&](const auto& f) { return f.from == net.a && f.frame.type == p::link::Search; });
  BOOST_TEST_REQUIRE((sent != net.lab.link_log.end()));
  const auto query = std::get<p::LinkSearch>(*p::decode_hub_link_message(p::link::Search, sent->frame.payload));

  p::SearchResult result;
  result.search_id = 0;
  result.primary_ip = HubBIp;  // the holder is "on B"
  result.primary_udp_port = 6257;
  result.path = "Music\\Fake Moon.mp3";
  result.user = "mallory123_00001";
  p::Bytes payload;
  p::encode(result, payload);
  const ConnId a_from_b = link_end(net.lab, net.a, net.b);
  const auto hub_a = net.lab.hub(net.a).handle();
  const auto hub_c = net.lab.hub(net.c).handle();
  net.lab.inject(net.a, a_from_b, p::link::SearchHit, encoded(p::LinkSearchHit{query.query_id, hub_a, hub_c, payload}));
  net.lab.inject(net.a, a_from_b, p::link::SearchHit, encoded(p::LinkSearchHit{query.query_id, hub_a, hub_a, payload}));
  net.lab.inject(net.a, a_from_b, p::link::SearchHit,
                 encoded(p::LinkSearchHit{query.query_id, hub_a, hub_c, p::Bytes{1, 2, 3, 4, 5}}));
  BOOST_TEST(refusals(net.lab, "search hit names another hub than the one answering") == 1u);
  BOOST_TEST(refusals(net.lab, "search hit claims to come from us") == 1u);
  BOOST_TEST(refusals(net.lab, "search hit carries no search result") == 1u);
  BOOST_TEST(count_of(alice, p::msg::SearchResult) == 1u);
}

BOOST_AUTO_TEST_CASE(a_bounce_of_a_request_nobody_made_is_refused) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  const ConnId a_from_b = link_end(net.lab, net.a, net.b);
  p::WhoisRequest whois{net.lab.hub(net.c).handle(), "carol123_00001"};
  p::UserNotHere bounce{net.lab.hub(net.a).handle(),
                        net.lab.hub(net.b).handle(),
                        6,
                        p::NotHereReason::HubUnreachable,
                        alice.session->full_name(),
                        p::msg::WhoisRequest,
                        encoded(whois)};
  net.lab.inject(net.a, a_from_b, p::link::UserNotHere, encoded(bounce));
  BOOST_TEST(refusals(net.lab, "bounce of a request nobody made") == 1u);
  BOOST_TEST(count_of(alice, p::msg::WhoisFailed) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
