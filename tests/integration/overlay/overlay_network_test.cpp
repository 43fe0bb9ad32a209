#include <sys/socket.h>

#include <boost/test/unit_test.hpp>

#include <Poco/Net/StreamSocket.h>

#include "overlay_network_fixture.h"
#include "protocol/codecs/shares.h"
#include "protocol/frame_decoder.h"
#include "protocol/frame_encoder.h"
#include "protocol/key_block.h"
#include "protocol/message_types.h"
#include "support/scripted_wpn_peer.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::eventually;
using o::test::Node;
using o::test::OverlayNetwork;
using namespace std::chrono_literals;

namespace {

bool all_logged_in(std::initializer_list<Node*> nodes) {
  for (Node* n : nodes) {
    if (!n->on_loop([&] { return n->client->logged_in(); })) return false;
  }
  return true;
}

wpn::share::FileRecord record_of(Node& node, std::string_view words) {
  auto found = node.index->search_keywords(words, 10);
  BOOST_REQUIRE(found);
  BOOST_REQUIRE_EQUAL(found->size(), 1u);
  return found->front();
}

// A raw client: does the handshake by hand so tests can send what a real client never would.
struct RawClient {
  Poco::Net::StreamSocket socket;
  std::optional<p::FrameEncoder> encoder;

  explicit RawClient(std::uint16_t port) {
    socket.impl()->bind(Poco::Net::SocketAddress("127.0.0.9", 0), false);
    socket.connect(Poco::Net::SocketAddress("127.0.0.2", port));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
  }
  bool handshake() {
    char greeting = 0;
    if (socket.receiveBytes(&greeting, 1) != 1 || greeting != '1') return false;
    wpn::net::SystemRandom random;
    const auto block = p::create_key_block(p::key_id::SecondaryClient, random);
    socket.sendBytes(block.data(), 16);
    p::KeyBlock reply{};
    int got = 0;
    while (got < 16) {
      const int n = socket.receiveBytes(reply.data() + got, 16 - got);
      if (n <= 0) return false;
      got += n;
    }
    const auto keys = p::session_keys_from_server_block(reply);
    if (!keys) return false;
    encoder.emplace(p::TcpCipher(keys->client_to_server), 65535);
    return true;
  }
  void send(std::uint16_t type, const p::Bytes& payload) {
    p::Bytes out;
    BOOST_REQUIRE(encoder->encode(type, payload, out));
    socket.sendBytes(out.data(), static_cast<int>(out.size()));
  }
  // True when the hub closed the connection (reads until EOF or timeout).
  bool closed_by_peer() {
    char buffer[4096];
    for (int i = 0; i < 100; ++i) {
      try {
        if (socket.receiveBytes(buffer, sizeof buffer) <= 0) return true;
      } catch (const Poco::Exception&) {
        return false;  // timed out: still open
      }
    }
    return false;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(overlay_network)

BOOST_AUTO_TEST_CASE(secondaries_find_the_hub_through_the_cache_and_log_in) {
  OverlayNetwork net;
  auto& a = net.add_secondary("alice123", {{"music/First Artist - Opening Song.mp3", 5000}});
  auto& b = net.add_secondary("bob456", {{"docs/annual report.txt", 3000}});
  auto& c = net.add_secondary("carol789", {});
  BOOST_REQUIRE(eventually([&] { return all_logged_in({&a, &b, &c}); }));
  for (Node* n : {&a, &b, &c}) {
    const auto name = n->on_loop([&] { return n->client->full_name(); });
    const auto user = net.on_hub([&](const o::Hub& hub) { return hub.user(name); });
    BOOST_REQUIRE_MESSAGE(user, name);
    BOOST_CHECK_EQUAL(o::ip4_text(user->ip), n->ip);
    const auto in = n->events_of<o::LoggedIn>();
    BOOST_REQUIRE_EQUAL(in.size(), 1u);
    BOOST_CHECK_EQUAL(p::full_name(name.substr(0, name.size() - 6), in[0].client_id), name);
  }
  BOOST_CHECK(eventually([&] { return net.on_hub([](const o::Hub& hub) { return hub.shared_files(); }) == 2u; }));
}

BOOST_AUTO_TEST_CASE(keyword_and_hash_search_find_the_right_file) {
  OverlayNetwork net;
  auto& a = net.add_secondary(
      "alice123", {{"music/First Artist - Opening Song.mp3", 200000}, {"music/Second Artist - Other.mp3", 1000}});
  auto& b = net.add_secondary("bob456", {{"docs/annual report.txt", 3000}});
  BOOST_REQUIRE(eventually([&] { return all_logged_in({&a, &b}); }));
  BOOST_REQUIRE(eventually([&] { return net.on_hub([](const o::Hub& hub) { return hub.shared_files(); }) == 3u; }));
  const auto expected = record_of(a, "opening song");
  BOOST_REQUIRE(expected.key);

  const auto id = b.on_loop([&] { return b.client->search("opening SONG"); });
  BOOST_REQUIRE_NE(id, 0u);
  BOOST_REQUIRE(eventually([&] { return !b.events_of<o::SearchHit>().empty(); }));
  const auto hit = b.events_of<o::SearchHit>().front().result;
  BOOST_CHECK_EQUAL(hit.search_id, id);
  BOOST_CHECK_EQUAL(hit.path, expected.announced_name());
  BOOST_CHECK(hit.key == *expected.key);
  BOOST_CHECK_EQUAL(hit.size, expected.size);
  BOOST_CHECK(hit.media == expected.media);
  BOOST_CHECK_EQUAL(hit.user, a.on_loop([&] { return a.client->full_name(); }));
  BOOST_CHECK_EQUAL(o::ip4_text(hit.ping_ip), a.ip);

  b.on_loop([&] { return b.client->search_hash(expected.key->hash); });
  BOOST_REQUIRE(eventually([&] { return b.events_of<o::SearchHit>().size() >= 2u; }));
  const auto by_hash = b.events_of<o::SearchHit>()[1].result;
  BOOST_CHECK_EQUAL(by_hash.path, expected.announced_name());
  BOOST_CHECK(by_hash.key == *expected.key);
}

BOOST_AUTO_TEST_CASE(browse_lists_a_share_within_the_cap) {
  o::HubConfig config;
  config.browse_cap = 2;
  OverlayNetwork net(config);
  auto& a = net.add_secondary("alice123", {{"a/one.mp3", 100}, {"a/two.mp3", 200}, {"a/three.mp3", 300}});
  auto& b = net.add_secondary("bob456", {});
  BOOST_REQUIRE(eventually([&] { return all_logged_in({&a, &b}); }));
  BOOST_REQUIRE(eventually([&] { return net.on_hub([](const o::Hub& hub) { return hub.shared_files(); }) == 3u; }));
  const auto alice = a.on_loop([&] { return a.client->full_name(); });
  b.on_loop([&] { return b.client->browse(net.hub_handle(), alice); });
  BOOST_REQUIRE(eventually([&] { return !b.events_of<p::BrowseComplete>().empty(); }));
  const auto entries = b.events_of<p::BrowseEntry>();
  BOOST_REQUIRE_EQUAL(entries.size(), 2u);
  for (const auto& e : entries) {
    BOOST_CHECK_EQUAL(e.name, alice);
    auto local = a.index->find_by_announced_name(e.path, wpn::share::NameMatch::Exact);
    BOOST_REQUIRE(local && local->has_value());
    BOOST_CHECK(e.key == *(*local)->key);
  }
}

BOOST_AUTO_TEST_CASE(private_message_round_trip_with_ack) {
  OverlayNetwork net;
  auto& a = net.add_secondary("alice123", {});
  auto& b = net.add_secondary("bob456", {});
  BOOST_REQUIRE(eventually([&] { return all_logged_in({&a, &b}); }));
  const auto alice = a.on_loop([&] { return a.client->full_name(); });
  BOOST_REQUIRE(b.on_loop([&] { return b.client->send_pm(net.hub_handle(), alice, "hi there"); }));
  BOOST_REQUIRE(eventually([&] { return !b.events_of<p::PmDelivered>().empty(); }));
  const auto got = a.events_of<p::PmIncoming>();
  BOOST_REQUIRE_EQUAL(got.size(), 1u);
  BOOST_CHECK_EQUAL(got[0].text, "hi there");
  BOOST_CHECK_EQUAL(got[0].name, b.on_loop([&] { return b.client->full_name(); }));
  BOOST_CHECK_EQUAL(b.events_of<p::PmDelivered>()[0].reply, "SENT");
}

BOOST_AUTO_TEST_CASE(every_secondary_reconnects_and_republishes_after_hub_restart) {
  OverlayNetwork net;
  auto& a = net.add_secondary("alice123", {{"x/alpha.mp3", 100}});
  auto& b = net.add_secondary("bob456", {{"y/beta.mp3", 100}});
  auto& c = net.add_secondary("carol789", {{"z/gamma.mp3", 100}});
  BOOST_REQUIRE(eventually([&] { return all_logged_in({&a, &b, &c}); }));
  const auto port = net.hub_port();
  net.stop_hub();
  BOOST_REQUIRE(eventually([&] { return !a.on_loop([&] { return a.client->logged_in(); }); }));
  net.start_hub(port);
  BOOST_REQUIRE_EQUAL(net.hub_port(), port);
  BOOST_REQUIRE(eventually(
      [&] {
        for (Node* n : {&a, &b, &c}) {
          if (n->on_loop([&] { return n->client->logins(); }) < 2u) return false;
        }
        return true;
      },
      20s));
  BOOST_CHECK(eventually([&] { return net.on_hub([](const o::Hub& hub) { return hub.shared_files(); }) == 3u; }));
  BOOST_CHECK_EQUAL(net.on_hub([](const o::Hub& hub) { return hub.logged_in(); }), 3u);
}

BOOST_AUTO_TEST_CASE(hostile_frames_are_skipped_and_only_a_bad_key_block_closes) {
  OverlayNetwork net;
  auto& a = net.add_secondary("alice123", {{"m/song title.mp3", 100}});
  auto& b = net.add_secondary("bob456", {});
  BOOST_REQUIRE(eventually([&] { return all_logged_in({&a, &b}); }));

  RawClient bad_block(net.hub_port());
  char greeting = 0;
  BOOST_REQUIRE_EQUAL(bad_block.socket.receiveBytes(&greeting, 1), 1);
  const p::Bytes junk(16, 0xAB);
  bad_block.socket.sendBytes(junk.data(), 16);
  BOOST_CHECK(bad_block.closed_by_peer());

  auto hostile = wpn::test::ScriptedWpnPeer::connect_to("127.0.0.9", "127.0.0.2", net.hub_port());
  BOOST_REQUIRE(hostile);
  p::Bytes login;
  p::encode(p::Login{"mallory1", p::LineType::Dsl, 1}, login);
  BOOST_REQUIRE(hostile->send(p::msg::Login, login));
  BOOST_REQUIRE(hostile->wait_for(p::msg::LoginAccepted, 5s));
  hostile->send(p::msg::PmSend, p::Bytes{'D', '\\', 0, 'f', 0, 1, 2, 3});  // no handle
  hostile->send(0x1234, p::Bytes(60000, 0x11));                            // unknown and huge: ignored
  hostile->send(p::msg::Login, p::Bytes{0x41});                            // a rename without NUL or fields: skipped
  p::Search search;
  search.search_id = 77;
  search.query = "song title";
  p::Bytes query;
  p::encode(search, query, p::default_wire_options());
  hostile->send(p::msg::Search, query);
  BOOST_CHECK(hostile->wait_for(p::msg::SearchResult, 5s));  // still served
  BOOST_CHECK(!hostile->closed());
  BOOST_CHECK_EQUAL(net.on_hub([](const o::Hub& hub) { return hub.skipped_frames(); }), 2u);

  b.on_loop([&] { return b.client->search("song title"); });
  BOOST_CHECK(eventually([&] { return !b.events_of<o::SearchHit>().empty(); }));
  BOOST_CHECK(all_logged_in({&a, &b}));
}

BOOST_AUTO_TEST_SUITE_END()
