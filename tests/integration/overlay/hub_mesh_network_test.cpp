// Three hubs linked by the OpenWPN hub link on real loopback sockets: A and C each dial
// B (their configured neighbour, one link each; B accepts them by address), secondaries log in to A and C, and a
// search, a PM and a whois cross B. When B goes, A's secondary gets "not found".
#include <boost/test/unit_test.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/event_loop.h"
#include "net/hub_server.h"
#include "net/secondary_client.h"
#include "overlay_network_fixture.h"
#include "protocol/codecs/shares.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
namespace net = wpn::net;
using o::test::eventually;
using namespace std::chrono_literals;

namespace {

struct MeshHub {
  std::string ip;
  std::unique_ptr<net::LoopThread> thread = std::make_unique<net::LoopThread>();
  std::unique_ptr<net::HubServer> server;
  p::HubEndpoint endpoint;

  template <class F>
  auto on_hub(F f) {
    decltype(f(std::declval<const o::Hub&>())) result{};
    thread->call([&] {
      if (server && server->hub()) result = f(*server->hub());
    });
    return result;
  }
  void stop() {
    thread->call([&] { server.reset(); });
  }
};

std::unique_ptr<MeshHub> start_hub(const std::string& ip, p::Ip4 ip4, o::MeshConfig mesh) {
  auto hub = std::make_unique<MeshHub>();
  hub->ip = ip;
  o::HubConfig config;
  config.ip = ip4;
  config.mesh = std::move(mesh);
  hub->thread->call([&] {
    hub->server = std::make_unique<net::HubServer>(hub->thread->loop(), config, Poco::Net::SocketAddress(ip, 0));
    hub->server->start();
    hub->endpoint = hub->server->hub()->endpoint();
  });
  return hub;
}

struct Member {
  std::unique_ptr<net::LoopThread> thread = std::make_unique<net::LoopThread>();
  std::unique_ptr<net::SecondaryClient> client;
  std::mutex mutex;
  std::vector<o::SecondaryEvent> events;

  template <class E>
  std::vector<E> events_of() {
    std::lock_guard lock(mutex);
    std::vector<E> out;
    for (const auto& e : events) {
      if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
    }
    return out;
  }
  template <class F>
  auto on_loop(F f) {
    decltype(f()) result{};
    thread->call([&] { result = f(); });
    return result;
  }
  ~Member() {
    thread->call([&] { client.reset(); });
  }
};

std::unique_ptr<Member> join(const MeshHub& hub, const std::string& base, const std::string& bind_ip,
                             std::vector<p::Bytes> shares) {
  auto member = std::make_unique<Member>();
  net::SecondaryClientConfig config;
  config.session.base_name = base;
  config.session.data_port = 7100;
  config.hubs = {{hub.ip, hub.endpoint.tcp_port}};
  config.bind_ip = bind_ip;
  config.backoff = {200, 1000};
  Member* raw = member.get();
  raw->thread->call([&] {
    raw->client = std::make_unique<net::SecondaryClient>(raw->thread->loop(), config, [] {
      return p::QueueStatus{1, 2, 0};
    });
    raw->client->set_event_handler([raw](const o::SecondaryEvent& e) {
      std::lock_guard lock(raw->mutex);
      raw->events.push_back(e);
    });
    raw->client->set_shares(std::move(shares));
    raw->client->start();
  });
  return member;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_mesh_network)

BOOST_AUTO_TEST_CASE(search_pm_and_whois_cross_a_hub_in_between_and_a_lost_hub_gives_not_found) {
  o::MeshConfig middle;  // accepts A and C by address; dials nobody
  middle.neighbours = {p::HubEndpoint{{{127, 0, 0, 2}, 0}, 0, 0, 0, 0},
                       p::HubEndpoint{{{127, 0, 0, 4}, 0}, 0, 0, 0, 0}};
  auto b = start_hub("127.0.0.3", {127, 0, 0, 3}, middle);
  o::MeshConfig edge;
  edge.max_links = 1;
  edge.neighbours = {b->endpoint};
  auto a = start_hub("127.0.0.2", {127, 0, 0, 2}, edge);
  auto c = start_hub("127.0.0.4", {127, 0, 0, 4}, edge);
  const auto reaches = [](MeshHub& from, const MeshHub& to) {
    return from.on_hub([&](const o::Hub& h) { return h.mesh() != nullptr && h.mesh()->reaches(to.endpoint.hub); });
  };
  BOOST_REQUIRE(eventually([&] { return reaches(*a, *c) && reaches(*c, *a); }, 15s));
  BOOST_TEST(a->on_hub([](const o::Hub& h) { return h.mesh()->established_links(); }) == 1u);

  p::ShareEntry song{"Blue Moon.mp3", {}, 5000, {128, 44100, 200}};
  song.key.size = 5000;
  song.key.hash[0] = 7;
  const std::vector<p::ShareEntry> songs{song};
  auto carol = join(*c, "carol123", "127.0.0.6", p::build_share_folder_payloads("Music", songs).payloads);
  auto alice = join(*a, "alice123", "127.0.0.5", {});
  BOOST_REQUIRE(eventually([&] { return alice->on_loop([&] { return alice->client->logged_in(); }); }));
  BOOST_REQUIRE(eventually([&] { return c->on_hub([](const o::Hub& h) { return h.shared_files(); }) == 1u; }));

  const auto id = alice->on_loop([&] { return alice->client->search("moon"); });
  BOOST_REQUIRE(eventually([&] { return !alice->events_of<o::SearchHit>().empty(); }));
  const auto hit = alice->events_of<o::SearchHit>().front().result;
  BOOST_TEST(hit.search_id == id);
  BOOST_TEST((hit.primary_ip == p::Ip4{127, 0, 0, 4}));
  BOOST_TEST(hit.path == "Music\\Blue Moon.mp3");
  const std::string carol_name = hit.user;

  alice->on_loop([&] { return alice->client->send_pm(c->endpoint.hub, carol_name, "over the bridge"); });
  BOOST_REQUIRE(eventually([&] { return !carol->events_of<p::PmIncoming>().empty(); }));
  BOOST_TEST(carol->events_of<p::PmIncoming>().front().text == "over the bridge");
  BOOST_REQUIRE(eventually([&] { return !alice->events_of<p::PmDelivered>().empty(); }));
  BOOST_TEST(alice->events_of<p::PmDelivered>().front().name == carol_name);

  alice->on_loop([&] { return alice->client->whois(c->endpoint.hub, carol_name); });
  BOOST_REQUIRE(eventually([&] { return !alice->events_of<p::WhoisAnswer>().empty(); }));

  b->stop();
  BOOST_REQUIRE(eventually([&] { return !reaches(*a, *c); }));
  alice->on_loop([&] { return alice->client->whois(c->endpoint.hub, carol_name); });
  BOOST_TEST(eventually([&] { return !alice->events_of<p::WhoisFailed>().empty(); }));
}

BOOST_AUTO_TEST_SUITE_END()
