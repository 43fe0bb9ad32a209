// A registered hub's report of its link peers over real sockets (docs/hub-link.md §6.2):
// the cache lists a reported hub only after that hub answered the cache's own dial with a
// Hello naming it as reported; a report naming an address with no hub behind it, or a
// hub under another WPN port, is never handed out; the check is not a link to the hub.
// Addresses 127.0.72.x.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "net/cache_server.h"
#include "net/event_loop.h"
#include "net/hub_server.h"
#include "support/eventually.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
namespace net = wpn::net;
using wpn::test::eventually;
using namespace std::chrono_literals;

namespace {

const Poco::Net::SocketAddress CacheAddress("127.0.72.1", 7950);

p::Ip4 ip_of(const std::string& text) { return *net::ip4_of(Poco::Net::SocketAddress(text, 0)); }

struct Cache {
  net::LoopThread thread;
  std::unique_ptr<net::CacheServer> server;

  Cache() {
    thread.call([&] {
      server = std::make_unique<net::CacheServer>(thread.loop(), std::vector<p::NodeRecord>{}, CacheAddress);
      BOOST_REQUIRE(server->start());
    });
  }
  ~Cache() {
    thread.call([&] { server.reset(); });
  }
  template <typename F>
  auto on_loop(F f) {
    decltype(f()) out{};
    thread.call([&] { out = f(); });
    return out;
  }
  bool lists(const std::string& ip) {
    const auto all = on_loop([&] { return server->hubs(); });
    return std::any_of(all.begin(), all.end(), [&](const p::NodeRecord& r) { return p::ip4_text(r.ip) == ip; });
  }
  // Every check started has ended.
  bool checked(std::uint64_t count) {
    return on_loop([&] { return server->checks() >= count && server->running_checks() == 0; });
  }
};

// A hub with hub links enabled, on ephemeral ports, registered with no cache.
struct Hub {
  net::LoopThread thread;
  std::unique_ptr<net::HubServer> server;
  p::HubEndpoint endpoint;

  explicit Hub(const std::string& ip) {
    o::HubConfig config;
    config.ip = ip_of(ip);
    config.mesh = o::MeshConfig{};
    thread.call([&] {
      server = std::make_unique<net::HubServer>(thread.loop(), config, Poco::Net::SocketAddress(ip, 0));
      BOOST_REQUIRE(server->start());
      endpoint = server->hub()->endpoint();
    });
  }
  ~Hub() {
    thread.call([&] { server.reset(); });
  }
  std::size_t links() {
    std::size_t n = 0;
    thread.call([&] {
      const auto* hub = server->hub();
      const auto* mesh = hub ? hub->mesh() : nullptr;
      n = mesh ? mesh->links() : 99;
    });
    return n;
  }
};

// A registration from `from` (naming `registered`, by default itself), asking for
// candidates and reporting `links`, as a hub sends them; returns what the cache sent back
// once it closed. With `registered` "-" only the report is sent.
p::Bytes report(const std::string& from, const std::vector<p::HubEndpoint>& links, std::string registered = {}) {
  p::Bytes bytes;
  if (registered != "-") {
    if (registered.empty()) registered = from;
    p::encode(p::CacheRegistration{1, p::HubEndpoint{{ip_of(registered), 6257}, 6699, 6700, 9, 4}}, bytes);
    bytes.insert(bytes.end(), p::CandidateQueryMagic.begin(), p::CandidateQueryMagic.end());
  }
  p::encode(p::LinkReport{links}, bytes);
  Poco::Net::StreamSocket socket;
  socket.impl()->bind(Poco::Net::SocketAddress(from, 0), false);
  socket.connect(CacheAddress);
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  p::Bytes got;
  p::Byte buffer[512];
  for (int n = socket.receiveBytes(buffer, sizeof buffer); n > 0; n = socket.receiveBytes(buffer, sizeof buffer))
    got.insert(got.end(), buffer, buffer + n);
  return got;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cache_link_report)

BOOST_AUTO_TEST_CASE(a_reported_hub_is_listed_with_its_own_figures_once_it_answered_the_cache) {
  Cache cache;
  Hub hub("127.0.72.11");
  BOOST_TEST(!cache.lists("127.0.72.11"));
  auto claimed = hub.endpoint;
  claimed.free_secondary = 250;  // the reporter's figure; the hub's own Hello says otherwise
  const auto answer = report("127.0.72.10", {claimed});
  BOOST_TEST(answer.size() > p::CacheReplyLength);  // the candidates still came
  BOOST_REQUIRE(eventually([&] { return cache.lists("127.0.72.11"); }, 10s));
  BOOST_TEST(cache.on_loop([&] { return cache.server->checks_passed(); }) == 1u);
  const auto all = cache.on_loop([&] { return cache.server->hubs(); });
  const auto it =
      std::find_if(all.begin(), all.end(), [](const auto& r) { return p::ip4_text(r.ip) == "127.0.72.11"; });
  BOOST_REQUIRE(it != all.end());
  BOOST_TEST(it->tcp_port == hub.endpoint.tcp_port);
  BOOST_TEST(it->udp_port == hub.endpoint.hub.udp_port);
  BOOST_TEST(it->free_secondary == hub.endpoint.free_secondary);
  BOOST_TEST(it->free_secondary != 250);
  // The cache closed after the Hello: the hub holds no link from it (one that never sent
  // its Hello would stay for 10 s).
  BOOST_TEST(eventually([&] { return hub.links() == 0u; }, 3s));
  // Reported again at once: no second dial (it was heard from moments ago).
  report("127.0.72.10", {claimed});
  BOOST_TEST(cache.checked(1));
  BOOST_TEST(cache.on_loop([&] { return cache.server->checks(); }) == 1u);
}

BOOST_AUTO_TEST_CASE(a_report_naming_an_address_with_no_hub_behind_it_is_never_handed_out) {
  Cache cache;
  Hub hub("127.0.72.21");
  // Nothing listens at .22; .21's link port is a hub but not under WPN port 1234; and a
  // plain listener that never greets at .23.
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.72.23", 0));
  auto wrong_port = hub.endpoint;
  wrong_port.tcp_port = 1234;
  const std::vector<p::HubEndpoint> reported{{{ip_of("127.0.72.22"), 6257}, 6699, 6700, 9, 4},
                                             wrong_port,
                                             {{ip_of("127.0.72.23"), 6257}, 6699, silent.address().port(), 9, 4}};
  report("127.0.72.20", reported);
  BOOST_REQUIRE(eventually([&] { return cache.checked(3); }, 15s));
  BOOST_TEST(cache.on_loop([&] { return cache.server->checks_passed(); }) == 0u);
  BOOST_TEST(!cache.lists("127.0.72.22"));
  BOOST_TEST(!cache.lists("127.0.72.21"));
  BOOST_TEST(!cache.lists("127.0.72.23"));
  BOOST_TEST(cache.lists("127.0.72.20"));  // the reporter itself registered
  // Nor is any of them a link candidate for another hub.
  const auto answer = report("127.0.72.24", {});
  const auto list = p::decode_link_candidates(p::ByteView(answer).subspan(p::CacheReplyLength));
  BOOST_REQUIRE(list.has_value());
  for (const auto& candidate : list->hubs) BOOST_TEST(p::ip4_text(candidate.hub.ip) == "127.0.72.20");
}

BOOST_AUTO_TEST_CASE(a_report_of_more_hubs_than_one_reporter_may_have_checked_is_cut) {
  Cache cache;
  std::vector<p::HubEndpoint> reported;
  for (int i = 0; i < 10; ++i)
    reported.push_back({{ip_of("127.0.72." + std::to_string(40 + i)), 6257}, 6699, 6700, 9, 4});
  report("127.0.72.30", reported);
  const o::PeerCacheConfig limits;
  BOOST_REQUIRE(eventually([&] { return cache.checked(limits.max_checks_per_reporter); }, 15s));
  BOOST_TEST(cache.on_loop([&] { return cache.server->checks(); }) == limits.max_checks_per_reporter);
}

BOOST_AUTO_TEST_CASE(a_report_without_an_accepted_registration_checks_nothing) {
  Cache cache;
  Hub hub("127.0.72.51");
  report("127.0.72.50", {hub.endpoint}, "-");            // no registration at all
  report("127.0.72.50", {hub.endpoint}, "127.0.72.52");  // a registration for another address
  // A reporter that registers is checked: the cache is listening and checking.
  report("127.0.72.53", {{{ip_of("127.0.72.54"), 6257}, 6699, 6700, 9, 4}});
  BOOST_REQUIRE(eventually([&] { return cache.checked(1); }, 10s));
  BOOST_TEST(cache.on_loop([&] { return cache.server->checks(); }) == 1u);
  BOOST_TEST(!cache.lists("127.0.72.51"));
}

BOOST_AUTO_TEST_SUITE_END()
