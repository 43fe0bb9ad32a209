// Hubs register with a peer cache over real sockets (docs/hub-link.md §6): a HubServer
// sends its "OWR1" record on a timer, the CacheServer lists it, a secondary that knows only
// the cache logs in to it, a hub that stops reporting is aged out, a record naming
// another address than the connection's is refused, the reply lists the 10 hubs
// with most free secondary slots first, and link candidates go only to a hub that
// registers and asks. Addresses 127.0.62.x.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "net/cache_client.h"
#include "net/cache_server.h"
#include "net/event_loop.h"
#include "net/hub_server.h"
#include "net/secondary_client.h"
#include "support/eventually.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
namespace net = wpn::net;
using wpn::test::eventually;
using namespace std::chrono_literals;

namespace {

const Poco::Net::SocketAddress CacheAddress("127.0.62.1", 7950);

struct Cache {
  net::LoopThread thread;
  std::unique_ptr<net::CacheServer> server;

  explicit Cache(std::vector<p::NodeRecord> configured = {}, o::Millis max_age = 180000) {
    o::PeerCacheConfig config;
    config.max_age = max_age;
    thread.call([&] {
      server = std::make_unique<net::CacheServer>(thread.loop(), configured, CacheAddress,
                                                  net::CacheServer::HubSource{}, config);
      BOOST_REQUIRE(server->start());
    });
  }
  ~Cache() {
    thread.call([&] { server.reset(); });
  }
  std::vector<p::NodeRecord> hubs() {
    std::vector<p::NodeRecord> out;
    thread.call([&] { out = server->hubs(); });
    return out;
  }
  bool lists(const std::string& ip) {
    const auto all = hubs();
    return std::any_of(all.begin(), all.end(), [&](const p::NodeRecord& r) { return p::ip4_text(r.ip) == ip; });
  }
};

struct Hub {
  net::LoopThread thread;
  std::unique_ptr<net::HubServer> server;

  // advertised: the configured hub address when it differs from the one listened on.
  Hub(const std::string& ip, std::chrono::milliseconds interval, std::size_t max_secondaries = 20,
      const std::string& advertised = {}) {
    o::HubConfig config;
    config.ip = *net::ip4_of(Poco::Net::SocketAddress(advertised.empty() ? ip : advertised, 0));
    config.max_secondaries = max_secondaries;
    thread.call([&] {
      server = std::make_unique<net::HubServer>(thread.loop(), config, Poco::Net::SocketAddress(ip, 0));
      BOOST_REQUIRE(server->start());
      server->announce_to(CacheAddress, interval);
    });
  }
  ~Hub() { stop(); }
  void stop() {
    thread.call([&] { server.reset(); });
  }
};

// The cache's reply as a secondary reads it.
std::vector<p::NodeRecord> fetch_list(net::LoopThread& thread) {
  std::optional<p::CacheReply> reply;
  bool done = false;
  std::shared_ptr<net::CacheClient> client;
  thread.call([&] {
    client = net::CacheClient::fetch(thread.loop(), CacheAddress, "127.0.62.99", [&](auto r) {
      reply = std::move(r);
      done = true;
    });
  });
  BOOST_REQUIRE(eventually([&] {
    bool d = false;
    thread.call([&] { d = done; });
    return d;
  }));
  BOOST_REQUIRE(reply.has_value());
  std::vector<p::NodeRecord> out;
  for (const auto& r : reply->records)
    if (r.tcp_port != 0) out.push_back(r);
  return out;
}

// Everything the cache sends a client at `from` that sends `bytes`, until the cache closes.
p::Bytes exchange(const std::string& from, const p::Bytes& bytes) {
  Poco::Net::StreamSocket socket;
  socket.impl()->bind(Poco::Net::SocketAddress(from, 0), false);
  socket.connect(CacheAddress);
  if (!bytes.empty()) socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  p::Bytes got;
  p::Byte buffer[512];
  for (int n = socket.receiveBytes(buffer, sizeof buffer); n > 0; n = socket.receiveBytes(buffer, sizeof buffer))
    got.insert(got.end(), buffer, buffer + n);
  return got;
}

p::Bytes registration_of(const std::string& ip, bool ask) {
  p::Bytes bytes;
  p::encode(
      p::CacheRegistration{1, p::HubEndpoint{{*net::ip4_of(Poco::Net::SocketAddress(ip, 0)), 6257}, 6699, 6700, 9, 4}},
      bytes);
  if (ask) bytes.insert(bytes.end(), p::CandidateQueryMagic.begin(), p::CandidateQueryMagic.end());
  return bytes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cache_registration)

// docs/hub-link.md §6.1: only a hub that registers and asks gets link candidates after the
// 149 bytes; a client that sends nothing (a WinMX client) gets the 149 bytes and no more.
BOOST_AUTO_TEST_CASE(link_candidates_go_only_to_a_hub_that_registers_and_asks) {
  Cache cache;
  BOOST_TEST(exchange("127.0.62.31", registration_of("127.0.62.31", false)).size() == p::CacheReplyLength);
  const auto answer = exchange("127.0.62.30", registration_of("127.0.62.30", true));
  BOOST_TEST_REQUIRE(answer.size() > p::CacheReplyLength);
  BOOST_TEST(p::decode_cache_reply(p::ByteView(answer).first(p::CacheReplyLength)).has_value());
  const auto list = p::decode_link_candidates(p::ByteView(answer).subspan(p::CacheReplyLength));
  BOOST_TEST_REQUIRE(list.has_value());
  BOOST_TEST_REQUIRE(list->hubs.size() == 1u);  // hub .31, never the asker
  BOOST_TEST(p::ip4_text(list->hubs[0].hub.ip) == "127.0.62.31");
  BOOST_TEST(list->hubs[0].link_port == 6700);
  const auto plain = exchange("127.0.62.32", {});
  BOOST_TEST(plain.size() == p::CacheReplyLength);
  BOOST_TEST(p::decode_cache_reply(plain).has_value());
  // Asking without registering (or with a refused registration) gets nothing more either.
  BOOST_TEST(exchange("127.0.62.33", registration_of("127.0.62.34", true)).size() == p::CacheReplyLength);
}

BOOST_AUTO_TEST_CASE(a_hub_registers_a_secondary_finds_it_and_a_silent_hub_is_aged_out) {
  Cache cache({}, 1500);
  auto hub = std::make_unique<Hub>("127.0.62.2", 200ms);
  BOOST_REQUIRE(eventually([&] { return cache.lists("127.0.62.2"); }));
  std::uint64_t registrations = 0;
  cache.thread.call([&] { registrations = cache.server->registrations(); });
  BOOST_TEST(registrations >= 1u);

  net::LoopThread member_thread;
  std::unique_ptr<net::SecondaryClient> member;
  net::SecondaryClientConfig config;
  config.session.base_name = "carol";
  config.session.data_port = 7100;
  config.caches = {{"127.0.62.1", 7950}};
  config.bind_ip = "127.0.62.3";
  config.backoff = {200, 1000};
  member_thread.call([&] {
    member = std::make_unique<net::SecondaryClient>(member_thread.loop(), config, [] { return p::QueueStatus{}; });
    member->start();
  });
  BOOST_REQUIRE(eventually([&] {
    bool in = false;
    member_thread.call([&] { in = member->logged_in(); });
    return in;
  }));
  member_thread.call([&] { member.reset(); });

  // Still reporting: listed past the age limit. Then silent: gone within it.
  BOOST_TEST(wpn::test::holds_for([&] { return cache.lists("127.0.62.2"); }, 2s));
  hub->stop();
  BOOST_TEST(eventually([&] { return !cache.lists("127.0.62.2"); }, 5s));
}

// The first registration meets a cache that hangs up; the hub tries again within seconds
// instead of a whole interval (60 s here) later, and the real cache lists it.
BOOST_AUTO_TEST_CASE(a_failed_registration_is_retried_soon_not_at_the_next_interval) {
  std::unique_ptr<Hub> hub;
  {
    Poco::Net::ServerSocket down(CacheAddress, 4);
    hub = std::make_unique<Hub>("127.0.62.90", 60s);
    Poco::Net::StreamSocket first = down.acceptConnection();  // the first attempt, refused
  }
  Cache cache;
  BOOST_TEST(eventually([&] { return cache.lists("127.0.62.90"); }, 15s));
}

BOOST_AUTO_TEST_CASE(a_registration_naming_another_address_is_refused_and_the_cache_serves_on) {
  Cache cache;
  Poco::Net::StreamSocket forger;
  forger.impl()->bind(Poco::Net::SocketAddress("127.0.62.4", 0), false);
  forger.connect(CacheAddress);
  p::CacheRegistration forged{1, p::HubEndpoint{{{127, 0, 62, 5}, 6257}, 6699, 6700, 9, 1}};
  p::Bytes bytes;
  p::encode(forged, bytes);
  forger.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  // Garbage from another client is ignored as well.
  Poco::Net::StreamSocket noisy;
  noisy.connect(CacheAddress);
  const std::string junk(40, 'x');
  noisy.sendBytes(junk.data(), static_cast<int>(junk.size()));
  Hub honest("127.0.62.6", 60s);
  BOOST_REQUIRE(eventually([&] { return cache.lists("127.0.62.6"); }));
  BOOST_TEST(!cache.lists("127.0.62.5"));
  BOOST_TEST(!cache.lists("127.0.62.4"));
}

// A hub listening on every interface registers with the address its connection to the
// cache leaves from (on loopback 127.0.0.1), not the configured one the cache would
// refuse; a secondary that knows only the cache then logs in to it there.
BOOST_AUTO_TEST_CASE(a_hub_bound_to_every_interface_registers_the_address_the_cache_sees) {
  Cache cache;
  Hub hub("0.0.0.0", 200ms, 20, "127.0.62.77");
  std::uint16_t port = 0;
  hub.thread.call([&] { port = hub.server->port(); });
  BOOST_REQUIRE(eventually([&] { return cache.lists("127.0.0.1"); }, 5s));
  BOOST_TEST(!cache.lists("127.0.62.77"));
  const auto hubs = cache.hubs();
  BOOST_TEST(std::any_of(hubs.begin(), hubs.end(), [&](const p::NodeRecord& r) {
    return p::ip4_text(r.ip) == "127.0.0.1" && r.tcp_port == port;
  }));
}

BOOST_AUTO_TEST_CASE(the_reply_lists_the_ten_hubs_with_most_free_slots_first_configured_ones_included) {
  p::NodeRecord configured;
  configured.ip = {127, 0, 62, 40};
  configured.tcp_port = 6699;
  configured.udp_port = 6257;
  configured.free_secondary = 15;
  Cache cache({configured});
  std::vector<std::unique_ptr<Hub>> hubs;
  for (std::size_t i = 0; i < 12; ++i)
    hubs.push_back(std::make_unique<Hub>("127.0.62." + std::to_string(10 + i), 60s, 5 + i));  // free 5..16
  BOOST_REQUIRE(eventually([&] { return cache.hubs().size() == 13u; }));
  net::LoopThread thread;
  const auto list = fetch_list(thread);
  BOOST_REQUIRE(list.size() == 10u);
  std::vector<int> free;
  for (const auto& r : list) free.push_back(r.free_secondary);
  const std::vector<int> expected{16, 15, 15, 14, 13, 12, 11, 10, 9, 8};
  BOOST_TEST(free == expected, boost::test_tools::per_element());
  BOOST_TEST(std::any_of(list.begin(), list.end(), [&](const p::NodeRecord& r) { return r.ip == configured.ip; }));
}

BOOST_AUTO_TEST_SUITE_END()
