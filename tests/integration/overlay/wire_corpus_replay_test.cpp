// The frame corpus of tests/data/wire_corpus replayed through real encrypted sockets on
// loopback: a scripted primary feeds it to a SecondaryClient, and a scripted secondary
// feeds it to a HubServer. After every frame the next valid request must be answered on
// the same connection, which must never close.
#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Net/ServerSocket.h>

#include <boost/test/unit_test.hpp>

#include "overlay_network_fixture.h"
#include "protocol/codecs/private_message.h"
#include "protocol/codecs/search.h"
#include "protocol/message_types.h"
#include "support/pm_probe.h"
#include "support/scripted_wpn_peer.h"
#include "support/test_data.h"
#include "support/wire_corpus.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::eventually;
using o::test::OverlayNetwork;
using wpn::test::ScriptedWpnPeer;
using namespace std::chrono_literals;

namespace {

std::size_t hostile_count(const std::vector<wpn::test::CorpusFrame>& corpus) {
  return static_cast<std::size_t>(std::count_if(corpus.begin(), corpus.end(), [](const auto& f) { return f.hostile; }));
}

// Keeps what the engine logs under "wpn.net" while it lives (the trace of skipped frames).
class LogCapture {
 public:
  LogCapture() : channel_(new Lines), logger_(Poco::Logger::get("wpn.net")) {
    old_channel_ = logger_.getChannel();
    old_level_ = logger_.getLevel();
    logger_.setChannel(channel_);
    logger_.setLevel(Poco::Message::PRIO_INFORMATION);
  }
  ~LogCapture() {
    logger_.setChannel(old_channel_);
    logger_.setLevel(old_level_);
  }
  bool contains(const std::string& text) const {
    std::lock_guard lock(channel_->mutex);
    for (const auto& line : channel_->lines)
      if (line.find(text) != std::string::npos) return true;
    return false;
  }

 private:
  struct Lines : Poco::Channel {
    void log(const Poco::Message& message) override {
      std::lock_guard lock(mutex);
      lines.push_back(message.getText());
    }
    mutable std::mutex mutex;
    std::vector<std::string> lines;
  };
  Poco::AutoPtr<Lines> channel_;
  Poco::Logger& logger_;
  Poco::Channel::Ptr old_channel_;
  int old_level_ = 0;
};

// A SecondaryClient on its own loop whose only hub is the scripted primary.
struct SecondaryUnderTest {
  wpn::net::LoopThread thread;
  std::unique_ptr<wpn::net::SecondaryClient> client;
  std::mutex mutex;
  std::vector<o::SecondaryEvent> events;

  SecondaryUnderTest(const std::string& hub_ip, std::uint16_t hub_port, const std::string& own_ip) {
    wpn::net::SecondaryClientConfig config;
    config.session.base_name = "replay1";
    config.hubs = {{hub_ip, hub_port}};
    config.bind_ip = own_ip;
    config.backoff = {200, 1000};
    thread.call([&] {
      client = std::make_unique<wpn::net::SecondaryClient>(thread.loop(), config, [] {
        return p::QueueStatus{1, 1, 0};
      });
      client->set_event_handler([this](const o::SecondaryEvent& e) {
        std::lock_guard lock(mutex);
        events.push_back(e);
      });
      client->start();
    });
  }
  ~SecondaryUnderTest() {
    thread.call([&] { client.reset(); });
  }
  template <class E>
  std::vector<E> events_of() {
    std::lock_guard lock(mutex);
    std::vector<E> out;
    for (const auto& e : events)
      if (const auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
  }
  template <class F>
  auto on_loop(F f) {
    decltype(f()) result{};
    thread.call([&] { result = f(); });
    return result;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_corpus_replay)

BOOST_AUTO_TEST_CASE(a_secondary_stays_with_a_primary_that_sends_the_corpus) {
  LogCapture log;
  Poco::Net::ServerSocket server;
  server.bind(Poco::Net::SocketAddress("127.0.0.30", 0), true);
  server.listen(4);
  SecondaryUnderTest secondary("127.0.0.30", server.address().port(), "127.0.0.31");
  auto primary = ScriptedWpnPeer::accept_from(server, 10s);
  BOOST_REQUIRE(primary);
  BOOST_REQUIRE(primary->wait_for(p::msg::Login, 5s));
  const p::Bytes accepted = wpn::test::capture("login_accepted_0x0460.hex");  // header + payload
  BOOST_REQUIRE(primary->send(p::msg::LoginAccepted, p::Bytes(accepted.begin() + 4, accepted.end())));
  BOOST_REQUIRE(primary->wait_for(p::msg::FullName, 5s));

  const auto corpus = wpn::test::wire_corpus("to_secondary");
  std::uint8_t round = 0;
  for (const auto& entry : corpus) {
    BOOST_REQUIRE(primary->send(entry.frame.type, entry.frame.payload));
    BOOST_TEST(wpn::test::pm_answered(*primary, {0x5A, ++round}, "after " + entry.name, 5s), entry.name);
    BOOST_TEST(!primary->closed(), entry.name);
  }
  BOOST_CHECK(!primary->closed_within(300ms));
  BOOST_CHECK_EQUAL(secondary.on_loop([&] { return secondary.client->logins(); }), 1u);
  BOOST_CHECK(eventually([&] { return secondary.events_of<p::PmIncoming>().size() >= corpus.size(); }));
  const auto skipped = secondary.on_loop([&] { return secondary.client->skipped_frames(); });
  BOOST_CHECK_GE(skipped, hostile_count(corpus));
  BOOST_CHECK_EQUAL(skipped, secondary.events_of<o::SkippedFrame>().size());
  BOOST_CHECK(log.contains("skipped 0x1fb0 (8112) from 127.0.0.30:"));  // traced in hex
  BOOST_CHECK(log.contains("skipped 0x13f6 (5110) from 127.0.0.30:"));
  BOOST_CHECK(!log.contains("parent connection closed"));
}

BOOST_AUTO_TEST_CASE(a_hub_keeps_a_secondary_that_sends_the_corpus) {
  LogCapture log;
  OverlayNetwork net;
  auto& alice = net.add_secondary("alice123", {{"m/Artist Song.mp3", 1000}});
  BOOST_REQUIRE(eventually([&] { return alice.on_loop([&] { return alice.client->logged_in(); }); }));
  BOOST_REQUIRE(eventually([&] { return net.on_hub([](const o::Hub& hub) { return hub.shared_files(); }) == 1u; }));

  auto sender = ScriptedWpnPeer::connect_to("127.0.0.40", "127.0.0.2", net.hub_port());
  BOOST_REQUIRE(sender);
  const p::Bytes login = wpn::test::capture("login_0x03e9.hex");  // header + payload
  BOOST_REQUIRE(sender->send(p::msg::Login, p::Bytes(login.begin() + 4, login.end())));
  BOOST_REQUIRE(sender->wait_for(p::msg::LoginAccepted, 5s));

  const auto corpus = wpn::test::wire_corpus("to_hub");
  std::uint32_t search_id = 1000;
  for (const auto& entry : corpus) {
    BOOST_REQUIRE(sender->send(entry.frame.type, entry.frame.payload));
    p::Search search;
    search.search_id = ++search_id;
    search.query = "artist song";
    p::Bytes payload;
    p::encode(search, payload, p::default_wire_options());
    BOOST_REQUIRE(sender->send(p::msg::Search, payload));
    const auto hit = sender->wait_until(
        [&](const p::Frame& f) {
          if (f.type != p::msg::SearchResult) return false;
          const auto result = p::decode_search_result(f.payload);
          return result && result->search_id == search_id;
        },
        5s);
    BOOST_TEST_REQUIRE(hit.has_value(), entry.name);
    BOOST_TEST(p::decode_search_result(hit->payload)->path.ends_with("Artist Song.mp3"), entry.name);
  }
  BOOST_CHECK(!sender->closed_within(300ms));
  BOOST_CHECK_EQUAL(net.on_hub([](const o::Hub& hub) { return hub.logged_in(); }), 2u);
  BOOST_CHECK_GE(net.on_hub([](const o::Hub& hub) { return hub.skipped_frames(); }), hostile_count(corpus));
  BOOST_CHECK(alice.on_loop([&] { return alice.client->logged_in(); }));
  BOOST_CHECK(log.contains("hub: skipped 0x1bc0 (7104) from 127.0.0.40:"));
  BOOST_CHECK(log.contains("hub: skipped 0x1f41 (8001) from 127.0.0.40:"));
  BOOST_CHECK(!log.contains("hub closes"));
}

BOOST_AUTO_TEST_SUITE_END()
