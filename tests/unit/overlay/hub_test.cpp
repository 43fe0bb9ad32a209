#include <boost/test/unit_test.hpp>

#include "overlay_test_support.h"
#include "protocol/codecs/browse.h"
#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"
#include "protocol/codecs/whois.h"
#include "protocol/message_types.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::MiniNet;

namespace {

const p::Ip4 AliceIp{127, 0, 0, 3};
const p::Ip4 BobIp{127, 0, 0, 4};

std::vector<p::Bytes> alice_shares() {
  return o::test::share_payloads("Music",
                                 {{"Artist - Song.mp3", o::test::key_of(1, 4000000), 4000000, {128, 44100, 250}},
                                  {"Other Tune.mp3", o::test::key_of(2, 3000), 3000, {}}});
}
std::vector<p::Bytes> bob_shares() {
  return o::test::share_payloads("Docs", {{"report final.pdf", o::test::key_of(3, 777), 777, {}}});
}

o::HubConfig config() {
  o::HubConfig c;
  c.ip = {127, 0, 0, 2};
  c.udp_port = 6257;
  c.tcp_port = 6699;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub)

BOOST_AUTO_TEST_CASE(accepts_login_with_id_then_node_list) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp);
  BOOST_REQUIRE_GE(alice.received.size(), 2u);
  BOOST_CHECK_EQUAL(alice.received[0].type, p::msg::LoginAccepted);
  BOOST_CHECK_EQUAL(alice.received[1].type, p::msg::NodeList);
  const auto accepted = p::decode_login_accepted(alice.received[0].payload);
  BOOST_REQUIRE(accepted);
  BOOST_CHECK_NE(accepted->client_id, 0);
  const auto list = p::decode_node_list(alice.received[1].payload);
  BOOST_REQUIRE(list);
  BOOST_REQUIRE_EQUAL(list->records.size(), 8u);
  BOOST_CHECK(list->records[0].ip == (p::Ip4{127, 0, 0, 2}));
  BOOST_CHECK_EQUAL(list->records[0].tcp_port, 6699);
  BOOST_CHECK_EQUAL(list->records[0].free_secondary, 19);
  char expected[32];
  std::snprintf(expected, sizeof expected, "alice123_%05u", unsigned{accepted->client_id});
  BOOST_CHECK_EQUAL(alice.session->full_name(), expected);
  BOOST_CHECK(net.hub.user(expected).has_value());
}

BOOST_AUTO_TEST_CASE(gives_distinct_ids_and_strips_old_suffix) {
  MiniNet net(config());
  auto& a = net.connect("same123_00042", AliceIp);
  auto& b = net.connect("same123", BobIp);
  BOOST_CHECK_NE(a.session->client_id(), b.session->client_id());
  BOOST_CHECK(a.session->full_name().starts_with("same123_"));
  BOOST_CHECK_EQUAL(a.session->full_name().size(), std::string("same123_00000").size());
  BOOST_CHECK_EQUAL(net.hub.logged_in(), 2u);
}

BOOST_AUTO_TEST_CASE(refuses_connections_over_the_cap) {
  auto c = config();
  c.max_secondaries = 1;
  MiniNet net(c);
  net.connect("alice123", AliceIp);
  auto& bob = net.connect("bob456", BobIp);
  BOOST_CHECK(bob.closed);
  BOOST_CHECK_EQUAL(net.hub.logged_in(), 1u);
}

BOOST_AUTO_TEST_CASE(keyword_search_returns_holder_key_and_metadata) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp, 6701, bob_shares());
  BOOST_CHECK_EQUAL(net.hub.shared_files(), 3u);
  const auto id = bob.session->search("SONG artist");
  net.pump();
  const auto hits = net.events_of<o::SearchHit>(bob);
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  const auto& r = hits[0].result;
  BOOST_CHECK_EQUAL(r.search_id, id);
  BOOST_CHECK_EQUAL(r.path, "Music\\Artist - Song.mp3");
  BOOST_CHECK(r.key == o::test::key_of(1, 4000000));
  BOOST_CHECK_EQUAL(r.size, 4000000u);
  BOOST_CHECK_EQUAL(r.media.bitrate, 128);
  BOOST_CHECK_EQUAL(r.media.frequency, 44100u);
  BOOST_CHECK_EQUAL(r.media.duration, 250u);
  BOOST_CHECK_EQUAL(r.user, alice.session->full_name());
  BOOST_CHECK(r.ping_ip == AliceIp);
  BOOST_CHECK(r.primary_ip == (p::Ip4{127, 0, 0, 2}));
  BOOST_CHECK_EQUAL(r.queue_status, "9002 2 of 3 available");
  BOOST_CHECK(p::holder_handle(r) == net.hub.handle());
}

BOOST_AUTO_TEST_CASE(search_excludes_own_files_and_needs_every_word) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp, 6700, alice_shares());
  net.connect("bob456", BobIp, 6701, bob_shares());
  alice.session->search("song");
  alice.session->search("report missing");
  alice.session->search("report");
  net.pump();
  const auto hits = net.events_of<o::SearchHit>(alice);
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  BOOST_CHECK_EQUAL(hits[0].result.path, "Docs\\report final.pdf");
}

BOOST_AUTO_TEST_CASE(type_filter_uses_extensions) {
  MiniNet net(config());
  net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp, 6701, bob_shares());
  bob.session->search("song", p::FileType::Video);
  bob.session->search("song", p::FileType::Audio);
  net.pump();
  BOOST_CHECK_EQUAL(net.events_of<o::SearchHit>(bob).size(), 1u);
}

BOOST_AUTO_TEST_CASE(hash_search_finds_by_content_hash) {
  MiniNet net(config());
  net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp, 6701, bob_shares());
  bob.session->search_hash(o::test::key_of(2, 0).hash);
  net.pump();
  const auto hits = net.events_of<o::SearchHit>(bob);
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  BOOST_CHECK_EQUAL(hits[0].result.path, "Music\\Other Tune.mp3");
}

BOOST_AUTO_TEST_CASE(file_cap_still_lets_an_indexed_path_change_its_key) {
  auto c = config();
  c.max_files_per_user = 2;
  MiniNet net(c);
  auto& alice = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp);
  BOOST_REQUIRE_EQUAL(net.hub.shared_files(), 2u);  // alice is at her cap
  p::Bytes changed;
  p::encode(p::ShareFile{"Music\\Other Tune.mp3", o::test::key_of(7, 5000), 5000, std::nullopt}, changed);
  net.raw(alice.conn, p::msg::ShareFile, changed);
  p::Bytes fresh;
  p::encode(p::ShareFile{"Music\\New Tune.mp3", o::test::key_of(9, 6000), 6000, std::nullopt}, fresh);
  net.raw(alice.conn, p::msg::ShareFile, fresh);
  net.raw(alice.conn, p::msg::ShareFolder,
          o::test::share_payloads("Music", {{"Artist - Song.mp3", o::test::key_of(8, 4100), 4100, {}}}).at(0));
  BOOST_CHECK_EQUAL(net.hub.shared_files(), 2u);  // the new path stayed out
  bob.session->search_hash(o::test::key_of(7, 0).hash);
  bob.session->search_hash(o::test::key_of(8, 0).hash);
  bob.session->search_hash(o::test::key_of(2, 0).hash);
  bob.session->search_hash(o::test::key_of(9, 0).hash);
  net.pump();
  const auto hits = net.events_of<o::SearchHit>(bob);
  BOOST_REQUIRE_EQUAL(hits.size(), 2u);
  BOOST_CHECK_EQUAL(hits[0].result.path, "Music\\Other Tune.mp3");
  BOOST_CHECK_EQUAL(hits[0].result.size, 5000u);
  BOOST_CHECK_EQUAL(hits[1].result.path, "Music\\Artist - Song.mp3");
  BOOST_CHECK_EQUAL(hits[1].result.size, 4100u);
}

BOOST_AUTO_TEST_CASE(browse_lists_files_then_completes_within_cap) {
  auto c = config();
  c.browse_cap = 1;
  MiniNet net(c);
  auto& alice = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp);
  bob.session->browse(net.hub.handle(), alice.session->full_name());
  bob.session->browse(net.hub.handle(), "nobody_00001");
  net.pump();
  const auto entries = net.events_of<p::BrowseEntry>(bob);
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_CHECK_EQUAL(entries[0].path, "Music\\Artist - Song.mp3");
  BOOST_CHECK_EQUAL(entries[0].name, alice.session->full_name());
  BOOST_CHECK_EQUAL(net.events_of<p::BrowseComplete>(bob).size(), 1u);
  const auto failed = net.events_of<p::BrowseFailed>(bob);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_CHECK_EQUAL(failed[0].name, "nobody_00001");
}

BOOST_AUTO_TEST_CASE(whois_answers_from_hub_records) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp);
  net.tick(3 * 60000);
  bob.session->whois(net.hub.handle(), alice.session->full_name());
  bob.session->whois(net.hub.handle(), "ghost_00002");
  net.pump();
  const auto answers = net.events_of<p::WhoisAnswer>(bob);
  BOOST_REQUIRE_EQUAL(answers.size(), 1u);
  BOOST_CHECK_EQUAL(answers[0].shared_files, 2);
  BOOST_CHECK_EQUAL(answers[0].online_time, 3u);
  BOOST_CHECK(answers[0].line_type == p::LineType::Dsl);
  BOOST_CHECK_EQUAL(answers[0].queue_status, "9002 2 of 3 available");
  BOOST_CHECK_EQUAL(net.events_of<p::WhoisFailed>(bob).size(), 1u);
}

BOOST_AUTO_TEST_CASE(relays_pm_and_acknowledges_with_reply) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp);
  auto& bob = net.connect("bob456", BobIp);
  bob.session->send_pm(net.hub.handle(), alice.session->full_name(), "hello alice");
  net.pump();
  const auto incoming = net.events_of<p::PmIncoming>(alice);
  BOOST_REQUIRE_EQUAL(incoming.size(), 1u);
  BOOST_CHECK_EQUAL(incoming[0].text, "hello alice");
  BOOST_CHECK_EQUAL(incoming[0].name, bob.session->full_name());
  const auto delivered = net.events_of<p::PmDelivered>(bob);
  BOOST_REQUIRE_EQUAL(delivered.size(), 1u);
  BOOST_CHECK_EQUAL(delivered[0].reply, "SENT");
  BOOST_CHECK_EQUAL(delivered[0].name, alice.session->full_name());
}

// Carol learns the id of Bob's message (ids are guessable) and acknowledges it before
// Alice does: the hub passes on only Alice's acknowledgement.
BOOST_AUTO_TEST_CASE(only_the_recipient_acknowledges_a_pm) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp);
  auto& bob = net.connect("bob456", BobIp);
  auto& carol = net.connect("carol789", p::Ip4{127, 0, 0, 5});
  bob.session->send_pm(net.hub.handle(), alice.session->full_name(), "hello alice");
  for (auto& frame : bob.session->take_frames()) net.apply(net.hub.on_frame(bob.conn, frame, net.now));
  std::optional<p::PmIncoming> incoming;
  for (const auto& frame : alice.received)
    if (frame.type == p::msg::PmIncoming) incoming = p::decode_pm_incoming(frame.payload).value();
  BOOST_REQUIRE(incoming.has_value());
  p::PmReceived forged{incoming->handle, incoming->name, incoming->message_id, "forged reply"};
  p::Bytes payload;
  p::encode(forged, payload);
  net.raw(carol.conn, p::msg::PmReceived, payload);  // then Alice's own acknowledgement moves
  const auto delivered = net.events_of<p::PmDelivered>(bob);
  BOOST_REQUIRE_EQUAL(delivered.size(), 1u);
  BOOST_CHECK_EQUAL(delivered[0].name, alice.session->full_name());
  BOOST_CHECK_EQUAL(delivered[0].reply, "SENT");
}

BOOST_AUTO_TEST_CASE(pm_to_unknown_user_reports_not_found) {
  MiniNet net(config());
  auto& bob = net.connect("bob456", BobIp);
  bob.session->send_pm(net.hub.handle(), "ghost_00001", "anyone?");
  net.pump();
  const auto delivered = net.events_of<p::PmDelivered>(bob);
  BOOST_REQUIRE_EQUAL(delivered.size(), 1u);
  BOOST_CHECK_EQUAL(delivered[0].reply, "User not found");
}

BOOST_AUTO_TEST_CASE(relays_download_request_and_ready_with_holder_address) {
  MiniNet net(config());
  auto& up = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& down = net.connect("bob456", BobIp, 6701);
  const p::TransferAddress holder{net.hub.handle(), up.session->full_name(), "Music\\Artist - Song.mp3"};
  down.session->send_transfer(p::DownloadRequest{holder, p::DownloadOption::JoinQueue});
  net.pump();
  const auto at_up = net.events_of<p::TransferNoticeMessage>(up);
  BOOST_REQUIRE_EQUAL(at_up.size(), 1u);
  const auto* requested = std::get_if<p::UploadRequested>(&at_up[0]);
  BOOST_REQUIRE(requested);
  BOOST_CHECK_EQUAL(requested->requester.name, down.session->full_name());
  BOOST_CHECK_EQUAL(requested->requester.file, holder.file);
  BOOST_CHECK_EQUAL(requested->option, 1u);

  up.session->send_transfer(p::UploadReady{requested->requester});
  net.pump();
  const auto at_down = net.events_of<p::TransferNoticeMessage>(down);
  BOOST_REQUIRE_EQUAL(at_down.size(), 1u);
  const auto* start = std::get_if<p::DownloadStart>(&at_down[0]);
  BOOST_REQUIRE(start);
  BOOST_CHECK(start->ip == AliceIp);
  BOOST_CHECK_EQUAL(start->data_port, 6700);
  BOOST_CHECK_EQUAL(start->holder.name, up.session->full_name());
  BOOST_CHECK_EQUAL(start->holder.file, holder.file);
}

BOOST_AUTO_TEST_CASE(relays_queue_refusal_and_push) {
  MiniNet net(config());
  auto& up = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& down = net.connect("bob456", BobIp, 6701);
  const p::TransferAddress requester{net.hub.handle(), down.session->full_name(), "Music\\Other Tune.mp3"};
  up.session->send_transfer(p::UploadQueued{requester, 2u, 5u});
  up.session->send_transfer(p::make_upload_refused(requester, p::TransferRefusal::Busy, 7));
  down.session->send_transfer(p::PushRequest{{net.hub.handle(), up.session->full_name(), requester.file}});
  net.pump();
  const auto at_down = net.events_of<p::TransferNoticeMessage>(down);
  BOOST_REQUIRE_EQUAL(at_down.size(), 2u);
  const auto* queued = std::get_if<p::DownloadQueued>(&at_down[0]);
  BOOST_REQUIRE(queued);
  BOOST_CHECK_EQUAL(queued->position.value_or(0), 2u);
  BOOST_CHECK_EQUAL(queued->queue_length.value_or(0), 5u);
  const auto* failed = std::get_if<p::DownloadFailed>(&at_down[1]);
  BOOST_REQUIRE(failed);
  BOOST_CHECK_EQUAL(failed->status, "Busy (7 in queue)");
  const auto at_up = net.events_of<p::TransferNoticeMessage>(up);
  BOOST_REQUIRE_EQUAL(at_up.size(), 1u);
  const auto* push = std::get_if<p::UploadStart>(&at_up[0]);
  BOOST_REQUIRE(push);
  BOOST_CHECK(push->ip == BobIp);
  BOOST_CHECK_EQUAL(push->data_port, 6701);
  BOOST_CHECK_EQUAL(push->requester.name, down.session->full_name());
}

BOOST_AUTO_TEST_CASE(unanswered_download_request_times_out) {
  MiniNet net(config());
  auto& up = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& down = net.connect("bob456", BobIp, 6701);
  down.session->send_transfer(
      p::DownloadRequest{{net.hub.handle(), up.session->full_name(), "Music\\Other Tune.mp3"}, {}});
  net.pump();
  net.tick(30000);
  BOOST_CHECK(net.events_of<p::TransferNoticeMessage>(down).empty());
  net.tick(31000);
  const auto at_down = net.events_of<p::TransferNoticeMessage>(down);
  BOOST_REQUIRE_EQUAL(at_down.size(), 1u);
  const auto* failed = std::get_if<p::DownloadFailed>(&at_down[0]);
  BOOST_REQUIRE(failed);
  BOOST_CHECK_EQUAL(failed->status, "Request timed out");
}

BOOST_AUTO_TEST_CASE(malformed_frame_is_skipped_counted_and_traced) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp);
  const p::Bytes broken{'X', '\\', 0, 'a', 0, 1, 2};
  net.raw(bob.conn, p::msg::PmSend, broken);  // no handle after "X\"
  BOOST_CHECK(!bob.closed);
  BOOST_CHECK(!alice.closed);
  BOOST_CHECK_EQUAL(net.hub.logged_in(), 2u);
  BOOST_CHECK_EQUAL(net.hub.skipped_frames(), 1u);
  BOOST_CHECK_EQUAL(net.hub.user(bob.session->full_name())->skipped_frames, 1u);
  BOOST_CHECK_EQUAL(net.hub.user(alice.session->full_name())->skipped_frames, 0u);
  BOOST_REQUIRE_EQUAL(net.traces.size(), 1u);
  BOOST_CHECK_EQUAL(net.traces[0].conn, bob.conn);
  BOOST_CHECK_EQUAL(net.traces[0].frame.type, p::msg::PmSend);
  BOOST_CHECK(net.traces[0].frame.payload == broken);
  BOOST_CHECK_EQUAL(net.traces[0].frame.length, broken.size());
  // bob is still served: his search finds alice's song.
  bob.session->search("song");
  net.pump();
  BOOST_CHECK_EQUAL(net.events_of<o::SearchHit>(bob).size(), 1u);
  net.raw(alice.conn, 0x7777, p::Bytes{1, 2, 3});  // unknown types are ignored, not counted
  BOOST_CHECK(!alice.closed);
  BOOST_CHECK_EQUAL(net.hub.skipped_frames(), 1u);
}

BOOST_AUTO_TEST_CASE(a_garbled_stream_closes_only_that_connection) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp);
  const p::Bytes noise(5000, 0xA5);
  for (int i = 0; i < 3; ++i) net.raw(bob.conn, 0xC3E1, noise);
  net.raw(bob.conn, p::msg::Search, p::Bytes(5000, 0xA5));  // a family type breaks the run
  for (int i = 0; i < 3; ++i) net.raw(bob.conn, 0xC3E1, noise);
  BOOST_CHECK(!bob.closed);
  net.raw(bob.conn, 0x9A2F, noise);  // the fourth garbled frame in a row
  BOOST_CHECK(bob.closed);
  BOOST_CHECK(bob.close_reason.starts_with("cipher lost sync"));
  BOOST_CHECK(!alice.closed);
  BOOST_CHECK_EQUAL(net.hub.logged_in(), 1u);
}

BOOST_AUTO_TEST_CASE(disconnect_removes_the_users_files) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp, 6700, alice_shares());
  auto& bob = net.connect("bob456", BobIp);
  net.apply({o::CloseConnection{alice.conn, "test"}});
  BOOST_CHECK_EQUAL(net.hub.shared_files(), 0u);
  bob.session->search("song");
  net.pump();
  BOOST_CHECK(net.events_of<o::SearchHit>(bob).empty());
}

BOOST_AUTO_TEST_CASE(drops_silent_connections_and_sends_periodic_lists) {
  MiniNet net(config());
  auto& alice = net.connect("alice123", AliceIp);
  const auto silent = 99u;
  net.peers[silent].conn = silent;
  net.peers[silent].session = std::make_unique<o::SecondarySession>(o::SecondaryConfig{}, nullptr);
  net.apply(net.hub.on_accepted(silent, {127, 0, 0, 9}, net.now));
  const auto lists_before = alice.received.size();
  net.tick(31000);
  BOOST_CHECK(net.peers[silent].closed);
  net.tick(30000);
  BOOST_CHECK_GT(alice.received.size(), lists_before);
  BOOST_CHECK_EQUAL(alice.received.back().type, p::msg::NodeList);
  BOOST_CHECK(!alice.closed);  // it answered every 0x03A1 with 0x0384
}

BOOST_AUTO_TEST_SUITE_END()
