#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <stdexcept>

#include "mesh_test_support.h"
#include "protocol/codecs/browse.h"
#include "protocol/codecs/private_message.h"
#include "protocol/codecs/search.h"
#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"
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
const p::Ip4 BobIp{10, 0, 0, 2};
const p::Ip4 CarolIp{10, 0, 0, 3};
constexpr std::uint16_t CarolDataPort = 7001;

std::vector<p::Bytes> carol_shares() {
  return o::test::share_payloads("Music", {{"Blue Moon.mp3", o::test::key_of(7, 5000), 5000, {128, 44100, 200}}});
}
std::vector<p::Bytes> bob_shares() {
  return o::test::share_payloads("Docs", {{"blue notes.txt", o::test::key_of(8, 300), 300, {}}});
}

template <class M>
p::Bytes encoded(const M& message) {
  p::Bytes out;
  p::encode(message, out);
  return out;
}

p::Bytes keyword_search(std::uint32_t id, const std::string& words) {
  p::Search s;
  s.search_id = id;
  s.query = words;
  return encoded(s);
}

std::vector<p::SearchResult> results_of(const MeshLab::LabPeer& peer) {
  std::vector<p::SearchResult> out;
  for (const auto& f : peer.received) {
    if (f.type != p::msg::SearchResult) continue;
    auto r = p::decode_search_result(f.payload);
    BOOST_TEST_REQUIRE(r.has_value());
    out.push_back(*r);
  }
  return out;
}

std::vector<p::Frame> frames_of(const MeshLab::LabPeer& peer, std::uint16_t type) {
  std::vector<p::Frame> out;
  std::copy_if(peer.received.begin(), peer.received.end(), std::back_inserter(out),
               [&](const p::Frame& f) { return f.type == type; });
  return out;
}

const o::MeshRouter& mesh_of(MeshLab& lab, std::size_t hub) {
  const o::MeshRouter* mesh = lab.hub(hub).mesh();
  if (mesh == nullptr) throw std::logic_error("hub without mesh");
  return *mesh;
}

// A - B - C in a line: A and C reach each other only through B.
struct Line {
  MeshLab lab;
  std::size_t a, b, c;
  explicit Line(o::MeshConfig mesh = {}) {
    a = lab.add_hub(HubAIp, mesh);
    b = lab.add_hub(HubBIp, mesh);
    c = lab.add_hub(HubCIp, mesh);
    lab.link(a, b);
    lab.link(b, c);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_mesh)

BOOST_AUTO_TEST_CASE(a_search_on_hub_a_finds_a_file_shared_on_hub_c_exactly_once) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  net.lab.send(alice, p::msg::Search, keyword_search(77, "moon"));
  const auto results = results_of(alice);
  BOOST_TEST_REQUIRE(results.size() == 1u);
  BOOST_TEST(results[0].search_id == 77u);
  BOOST_TEST(results[0].path == "Music\\Blue Moon.mp3");
  BOOST_TEST((results[0].primary_ip == HubCIp));  // the holder's handle names hub C
  BOOST_TEST(results[0].user.starts_with("carol123_"));
  BOOST_TEST((results[0].ping_ip == CarolIp));
}

BOOST_AUTO_TEST_CASE(results_from_every_hub_reach_the_searcher_and_its_own_hub_answers_too) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  net.lab.connect(net.a, "dave123", {10, 0, 0, 4},
                  o::test::share_payloads("X", {{"blue sky.jpg", o::test::key_of(9, 10), 10, {}}}));
  net.lab.connect(net.b, "bob123", BobIp, bob_shares());
  net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  net.lab.send(alice, p::msg::Search, keyword_search(5, "blue"));
  std::vector<std::string> paths;
  for (const auto& r : results_of(alice)) paths.push_back(r.path);
  std::sort(paths.begin(), paths.end());
  const std::vector<std::string> expected{"Docs\\blue notes.txt", "Music\\Blue Moon.mp3", "X\\blue sky.jpg"};
  BOOST_TEST(paths == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_search_crosses_a_triangle_once_per_hub) {
  MeshLab lab;
  const auto a = lab.add_hub(HubAIp), b = lab.add_hub(HubBIp), c = lab.add_hub(HubCIp);
  lab.link(a, b);
  lab.link(b, c);
  lab.link(c, a);
  auto& alice = lab.connect(a, "alice123", AliceIp);
  lab.connect(c, "carol123", CarolIp, carol_shares());
  const auto searches_before = lab.link_frames_of(p::link::Search);
  lab.send(alice, p::msg::Search, keyword_search(9, "moon"));
  BOOST_TEST(results_of(alice).size() == 1u);
  // A sends to B and C; each knows the other is as near to A (from A's announces) and passes
  // nothing on: no duplicates, nothing sent back to A.
  BOOST_TEST(lab.link_frames_of(p::link::Search) - searches_before == 2u);
  const auto duplicates = mesh_of(lab, b).counters().duplicate_queries + mesh_of(lab, c).counters().duplicate_queries;
  BOOST_TEST(duplicates == 0u);
}

BOOST_AUTO_TEST_CASE(a_ring_of_five_with_a_chord_finds_every_hub_with_at_most_twice_the_minimum_messages) {
  MeshLab lab;
  std::vector<std::size_t> hubs;
  for (std::uint8_t i = 0; i < 5; ++i) hubs.push_back(lab.add_hub({127, 0, 0, static_cast<std::uint8_t>(2 + i)}));
  for (std::size_t i = 0; i < 5; ++i) lab.link(hubs[i], hubs[(i + 1) % 5]);
  lab.link(hubs[0], hubs[2]);
  auto& alice = lab.connect(hubs[0], "alice123", AliceIp);
  for (std::size_t i = 1; i < 5; ++i) {
    const std::string name = "song" + std::to_string(i) + ".mp3";
    lab.connect(hubs[i], "user" + std::to_string(i), {10, 0, 1, static_cast<std::uint8_t>(i)},
                o::test::share_payloads("M", {{name, o::test::key_of(static_cast<std::uint8_t>(i), 10), 10, {}}}));
  }
  const auto before = lab.link_frames_of(p::link::Search);
  lab.send(alice, p::msg::Search, keyword_search(1, "mp3"));
  BOOST_TEST(results_of(alice).size() == 4u);  // one file on each other hub, each once
  const auto messages = lab.link_frames_of(p::link::Search) - before;
  BOOST_TEST(messages <= 2u * 4u);  // minimum: one per other hub
}

BOOST_AUTO_TEST_CASE(a_query_coming_back_with_a_lower_ttl_is_not_answered_again) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  net.lab.send(alice, p::msg::Search, keyword_search(9, "moon"));
  const auto sent = std::find_if(net.lab.link_log.begin(), net.lab.link_log.end(),
                                 [&](const auto& f) { return f.frame.type == p::link::Search && f.from == net.b; });
  BOOST_TEST_REQUIRE((sent != net.lab.link_log.end()));
  auto looped = std::get<p::LinkSearch>(*p::decode_hub_link_message(p::link::Search, sent->frame.payload));
  looped.ttl = 1;
  const auto hits_before = net.lab.link_frames_of(p::link::SearchHit);
  net.lab.inject(net.c, net.lab.ends.at(sent->conn).peer_conn, p::link::Search, encoded(looped));
  BOOST_TEST(net.lab.link_frames_of(p::link::SearchHit) == hits_before);
  BOOST_TEST(results_of(alice).size() == 1u);
}

BOOST_AUTO_TEST_CASE(stop_ends_the_search_on_every_hub) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  net.lab.send(alice, p::msg::Search, keyword_search(3, "moon"));
  BOOST_TEST_REQUIRE(results_of(alice).size() == 1u);
  net.lab.send(alice, p::msg::SearchStop, encoded(p::SearchStop{3}));
  BOOST_TEST(net.lab.link_frames_of(p::link::SearchStop) == 2u);  // A to B, B to C

  // A late copy of the query reaches C again: C no longer answers it.
  const auto to_c = std::find_if(net.lab.link_log.begin(), net.lab.link_log.end(),
                                 [&](const auto& f) { return f.frame.type == p::link::Search && f.from == net.b; });
  BOOST_TEST_REQUIRE((to_c != net.lab.link_log.end()));
  const auto hits_before = net.lab.link_frames_of(p::link::SearchHit);
  net.lab.inject(net.c, net.lab.ends.at(to_c->conn).peer_conn, p::link::Search, to_c->frame.payload);
  BOOST_TEST(net.lab.link_frames_of(p::link::SearchHit) == hits_before);

  // A late hit still on its way is dropped by B and would be by A.
  const auto hit = std::find_if(net.lab.link_log.begin(), net.lab.link_log.end(),
                                [&](const auto& f) { return f.frame.type == p::link::SearchHit && f.from == net.c; });
  BOOST_TEST_REQUIRE((hit != net.lab.link_log.end()));
  net.lab.inject(net.b, net.lab.ends.at(hit->conn).peer_conn, p::link::SearchHit, hit->frame.payload);
  BOOST_TEST(net.lab.link_frames_of(p::link::SearchHit) == hits_before);
  BOOST_TEST(results_of(alice).size() == 1u);
}

BOOST_AUTO_TEST_CASE(hits_after_the_search_lifetime_are_dropped) {
  o::MeshConfig mesh;
  mesh.max_links = 2;
  Line net(mesh);
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  net.lab.send(alice, p::msg::Search, keyword_search(4, "moon"));
  const auto hit = std::find_if(net.lab.link_log.begin(), net.lab.link_log.end(),
                                [&](const auto& f) { return f.frame.type == p::link::SearchHit && f.from == net.b; });
  BOOST_TEST_REQUIRE((hit != net.lab.link_log.end()));
  const auto replay = *hit;
  net.lab.inject(net.a, net.lab.ends.at(replay.conn).peer_conn, p::link::SearchHit, replay.frame.payload);
  BOOST_TEST(results_of(alice).size() == 2u);  // within the lifetime a hit still counts
  net.lab.tick(mesh.search_lifetime + 1);
  net.lab.inject(net.a, net.lab.ends.at(replay.conn).peer_conn, p::link::SearchHit, replay.frame.payload);
  BOOST_TEST(results_of(alice).size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_pm_reaches_a_user_on_another_hub_and_the_acknowledgement_comes_back) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  auto& carol = net.lab.connect(net.c, "carol123", CarolIp);
  const std::string carol_name = carol.session->full_name();
  net.lab.send(alice, p::msg::PmSend, encoded(p::PmSend{net.lab.hub(net.c).handle(), carol_name, "hello across"}));
  const auto incoming = frames_of(carol, p::msg::PmIncoming);
  BOOST_TEST_REQUIRE(incoming.size() == 1u);
  const auto pm = p::decode_pm_incoming(incoming[0].payload);
  BOOST_TEST_REQUIRE(pm.has_value());
  BOOST_TEST(pm->text == "hello across");
  BOOST_TEST(pm->name == alice.session->full_name());
  BOOST_TEST((pm->handle == net.lab.hub(net.a).handle()));  // a reply goes to alice's hub
  const auto acks = frames_of(alice, p::msg::PmDelivered);
  BOOST_TEST_REQUIRE(acks.size() == 1u);
  const auto ack = p::decode_pm_delivered(acks[0].payload);
  BOOST_TEST_REQUIRE(ack.has_value());
  BOOST_TEST(ack->name == carol_name);
  BOOST_TEST(ack->reply == std::string(p::PmReplySent));
}

BOOST_AUTO_TEST_CASE(a_download_request_reaches_a_holder_on_another_hub_and_the_start_comes_back) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  auto& carol = net.lab.connect(net.c, "carol123", CarolIp, carol_shares(), CarolDataPort);
  const p::TransferAddress holder{net.lab.hub(net.c).handle(), carol.session->full_name(), "Music\\Blue Moon.mp3"};
  net.lab.send(alice, p::msg::DownloadRequest, encoded(p::DownloadRequest{holder, p::DownloadOption::Normal}));
  const auto requested = frames_of(carol, p::msg::UploadRequested);
  BOOST_TEST_REQUIRE(requested.size() == 1u);
  const auto request = p::decode_upload_requested(requested[0].payload);
  BOOST_TEST_REQUIRE(request.has_value());
  BOOST_TEST((request->requester.handle == net.lab.hub(net.a).handle()));
  BOOST_TEST(request->requester.name == alice.session->full_name());

  net.lab.send(carol, p::msg::UploadReady, encoded(p::UploadReady{request->requester}));
  const auto starts = frames_of(alice, p::msg::DownloadStart);
  BOOST_TEST_REQUIRE(starts.size() == 1u);
  const auto start = p::decode_download_start(starts[0].payload);
  BOOST_TEST_REQUIRE(start.has_value());
  BOOST_TEST((start->ip == CarolIp));
  BOOST_TEST(start->data_port == CarolDataPort);
  BOOST_TEST((start->holder.handle == net.lab.hub(net.c).handle()));
  // The holder answered: no "timed out" notice follows later.
  net.lab.tick(61000);
  BOOST_TEST(frames_of(alice, p::msg::DownloadFailed).empty());
}

BOOST_AUTO_TEST_CASE(whois_and_browse_of_a_user_on_another_hub_are_answered_by_that_hub) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  auto& carol = net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  const auto target = net.lab.hub(net.c).handle();
  net.lab.send(alice, p::msg::WhoisRequest, encoded(p::WhoisRequest{target, carol.session->full_name()}));
  const auto answers = frames_of(alice, p::msg::WhoisAnswer);
  BOOST_TEST_REQUIRE(answers.size() == 1u);
  const auto answer = p::decode_whois_answer(answers[0].payload);
  BOOST_TEST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->shared_files == 1u);
  net.lab.send(alice, p::msg::BrowseRequest, encoded(p::BrowseRequest{target, carol.session->full_name()}));
  BOOST_TEST(frames_of(alice, p::msg::BrowseEntry).size() == 1u);
  BOOST_TEST(frames_of(alice, p::msg::BrowseComplete).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_user_missing_on_the_other_hub_gets_that_hubs_whois_failure) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  net.lab.send(alice, p::msg::WhoisRequest, encoded(p::WhoisRequest{net.lab.hub(net.c).handle(), "nobody123_00001"}));
  BOOST_TEST(frames_of(alice, p::msg::WhoisFailed).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_request_for_a_hub_nobody_reaches_gets_the_local_not_found) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  const p::NodeHandle nowhere{{127, 0, 0, 9}, 6257};
  net.lab.send(alice, p::msg::WhoisRequest, encoded(p::WhoisRequest{nowhere, "carol123_00001"}));
  BOOST_TEST(frames_of(alice, p::msg::WhoisFailed).size() == 1u);
  net.lab.send(alice, p::msg::PmSend, encoded(p::PmSend{nowhere, "carol123_00001", "hi"}));
  const auto acks = frames_of(alice, p::msg::PmDelivered);
  BOOST_TEST_REQUIRE(acks.size() == 1u);
  BOOST_TEST(p::decode_pm_delivered(acks[0].payload)->reply == std::string(p::PmReplyUserNotFound));
}

BOOST_AUTO_TEST_CASE(a_request_for_a_dead_hub_comes_back_not_found_from_the_hub_in_between) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  auto& carol = net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  const auto name = carol.session->full_name();
  BOOST_TEST_REQUIRE(mesh_of(net.lab, net.a).reaches(net.lab.hub(net.c).handle()));
  net.lab.kill(net.c);
  // A still routes toward C through B; B has no way on and sends the request back.
  net.lab.send(alice, p::msg::BrowseRequest, encoded(p::BrowseRequest{net.lab.hub(net.c).handle(), name}));
  BOOST_TEST(net.lab.link_frames_of(p::link::UserNotHere) == 1u);
  BOOST_TEST(frames_of(alice, p::msg::BrowseFailed).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_flooding_link_is_rate_limited_and_the_others_are_still_served) {
  Line net;
  auto& alice = net.lab.connect(net.a, "alice123", AliceIp);
  net.lab.connect(net.c, "carol123", CarolIp, carol_shares());
  // Hub C's link to B turns hostile: 500 distinct queries at one instant.
  const ConnId c_to_b = std::find_if(net.lab.ends.begin(), net.lab.ends.end(), [&](const auto& e) {
                          return e.second.hub == net.c;
                        })->first;
  const ConnId b_from_c = net.lab.ends.at(c_to_b).peer_conn;
  const auto forwarded_before = net.lab.link_frames_of(p::link::Search);
  for (std::uint32_t i = 0; i < 500; ++i) {
    p::LinkSearch flood{1000 + i, net.lab.hub(net.c).handle(), 4, 0, p::msg::Search, keyword_search(i, "zzz")};
    net.lab.inject(net.b, b_from_c, p::link::Search, encoded(flood));
  }
  const auto forwarded = net.lab.link_frames_of(p::link::Search) - forwarded_before;
  BOOST_TEST(forwarded <= 40u);  // burst of 2 s at 20 per second
  BOOST_TEST(mesh_of(net.lab, net.b).counters().rate_limited >= 460u);
  BOOST_TEST(mesh_of(net.lab, net.b).established_links() == 2u);  // dropped, not disconnected
  // A's own link has its own budget: alice's search still crosses B.
  net.lab.send(alice, p::msg::Search, keyword_search(1, "moon"));
  BOOST_TEST(results_of(alice).size() == 1u);
}

BOOST_AUTO_TEST_CASE(undecodable_link_frames_are_skipped_and_the_link_stays) {
  Line net;
  const ConnId b_from_a = net.lab.ends
                              .at(std::find_if(net.lab.ends.begin(), net.lab.ends.end(),
                                               [&](const auto& e) { return e.second.hub == net.a; })
                                      ->first)
                              .peer_conn;
  net.lab.inject(net.b, b_from_a, p::link::Search, p::Bytes{1, 2});
  net.lab.inject(net.b, b_from_a, 0x4CFF, p::Bytes{1, 2, 3});
  BOOST_TEST(mesh_of(net.lab, net.b).counters().skipped_frames == 1u);
  BOOST_TEST(mesh_of(net.lab, net.b).established_links() == 2u);
}

BOOST_AUTO_TEST_CASE(configured_neighbours_are_dialled_and_a_dead_link_is_replaced_from_known_hubs) {
  MeshLab lab;
  o::MeshConfig none;
  const auto b = lab.add_hub(HubBIp, none);
  const auto c = lab.add_hub(HubCIp, none);
  o::MeshConfig mesh;
  mesh.max_links = 1;
  mesh.neighbours = {lab.endpoint(b), lab.endpoint(c)};
  const auto a = lab.add_hub(HubAIp, mesh);
  lab.tick(1);
  BOOST_TEST(mesh_of(lab, a).established_links() == 1u);
  BOOST_TEST_REQUIRE(lab.dials.size() == 1u);  // one link: the cap
  const auto first = lab.dials[0].hub == lab.hub(b).handle() ? b : c;
  const auto second = first == b ? c : b;
  lab.kill(first);
  BOOST_TEST(mesh_of(lab, a).established_links() == 0u);
  lab.tick(mesh.dial_interval);
  BOOST_TEST(mesh_of(lab, a).established_links() == 1u);
  BOOST_TEST(mesh_of(lab, a).reaches(lab.hub(second).handle()));
}

BOOST_AUTO_TEST_CASE(a_second_link_between_two_hubs_and_a_link_to_itself_are_closed) {
  MeshLab lab;
  const auto a = lab.add_hub(HubAIp);
  const auto b = lab.add_hub(HubBIp);
  lab.link(a, b);
  lab.link(b, a);
  BOOST_TEST(mesh_of(lab, a).established_links() == 1u);
  BOOST_TEST(mesh_of(lab, b).established_links() == 1u);
  BOOST_TEST(std::count(lab.closes.begin(), lab.closes.end(), "duplicate hub link") >= 1);
  lab.link(b, b);
  BOOST_TEST(std::count(lab.closes.begin(), lab.closes.end(), "hub link to itself") >= 1);
  BOOST_TEST(mesh_of(lab, b).established_links() == 1u);
}

BOOST_AUTO_TEST_CASE(a_link_that_speaks_before_hello_is_closed) {
  MeshLab lab;
  const auto a = lab.add_hub(HubAIp);
  const auto b = lab.add_hub(HubBIp);
  const ConnId conn = 9000;
  lab.apply(b, lab.hub(b).on_link_up(conn, std::nullopt, HubAIp, lab.now));
  lab.apply(b, lab.hub(b).on_frame(conn, p::Frame{p::link::KeepAlive, p::Bytes{1, 0}}, lab.now));
  BOOST_TEST(std::count(lab.closes.begin(), lab.closes.end(), "hub link spoke before hello") == 1);
  BOOST_TEST(mesh_of(lab, b).links() == 0u);
  (void)a;
}

BOOST_AUTO_TEST_CASE(a_hub_learns_hubs_behind_its_neighbour_and_forgets_them_when_they_fall_silent) {
  o::MeshConfig mesh;
  mesh.max_links = 2;
  Line net(mesh);
  const auto reachable = [&](std::size_t from, std::size_t hub) {
    const auto hubs = mesh_of(net.lab, from).reachable_hubs();
    return std::any_of(hubs.begin(), hubs.end(),
                       [&](const p::HubEndpoint& e) { return e.hub == net.lab.hub(hub).handle(); });
  };
  BOOST_TEST(reachable(net.a, net.c));
  BOOST_TEST(reachable(net.c, net.a));
  // C stops announcing (its links to the world stay, but it is gone from B's side).
  net.lab.kill(net.c);
  net.lab.tick(mesh.route_lifetime + 1);
  BOOST_TEST(!reachable(net.a, net.c));
  BOOST_TEST(reachable(net.a, net.b));  // B keeps announcing
}

BOOST_AUTO_TEST_SUITE_END()
