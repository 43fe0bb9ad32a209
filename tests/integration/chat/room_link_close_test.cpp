// How the two ends of a room host's primary-client link (chat.md §9.2) end: the host's
// lister tells its owner whether the link had been ready (a hub that refuses 0x50 is not
// asked again), and our hub lets go of a host that does not read its query records.
#include <boost/test/unit_test.hpp>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <mutex>
#include <optional>
#include <string>

#include "net/chat_room_lister.h"
#include "net/chat_room_query_link.h"
#include "net/hub_server.h"
#include "support/eventually.h"
#include "support/scripted_wpn_peer.h"

namespace n = wpn::net;
namespace p = wpn::protocol;
using namespace std::chrono_literals;

namespace {

struct Ending {
  std::string reason;
  bool was_ready = false;
};

struct Lister {
  n::LoopThread thread;
  std::unique_ptr<n::ChatRoomLister> link;
  std::mutex mutex;
  std::optional<Ending> ended;

  void connect(std::uint16_t port) {
    thread.call([&] {
      link = std::make_unique<n::ChatRoomLister>(thread.loop(), nullptr, [this](const std::string& reason, bool ready) {
        std::lock_guard lock(mutex);
        ended = Ending{reason, ready};
      });
      link->connect(Poco::Net::SocketAddress("127.0.0.2", port), "127.0.0.3");
    });
  }
  std::optional<Ending> ending() {
    std::lock_guard lock(mutex);
    return ended;
  }
  ~Lister() {
    thread.call([&] { link.reset(); });
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(room_link_close)

BOOST_AUTO_TEST_CASE(a_lister_says_whether_its_link_was_ready_when_it_ends) {
  Poco::Net::ServerSocket primary(Poco::Net::SocketAddress("127.0.0.2", 0));

  Lister refused;
  refused.connect(primary.address().port());
  primary.acceptConnection().close();  // an older hub: gone before any greeting
  BOOST_REQUIRE(wpn::test::eventually([&] { return refused.ending().has_value(); }));
  BOOST_TEST(!refused.ending()->was_ready);

  Lister dropped;
  dropped.connect(primary.address().port());
  {
    auto peer = wpn::test::ScriptedWpnPeer::accept_from(primary, 10s, p::key_id::PrimaryClient);
    BOOST_REQUIRE(peer.has_value());
    BOOST_REQUIRE(wpn::test::eventually([&] {
      bool ready = false;
      dropped.thread.call([&] { ready = dropped.link->ready(); });
      return ready;
    }));
  }  // the primary closes a ready link
  BOOST_REQUIRE(wpn::test::eventually([&] { return dropped.ending().has_value(); }));
  BOOST_TEST(dropped.ending()->was_ready);
}

BOOST_AUTO_TEST_CASE(our_hub_lets_go_of_a_host_that_does_not_read_its_queries) {
  n::LoopThread thread;
  std::unique_ptr<n::HubServer> hub;
  std::unique_ptr<n::ChatRoomQueryLink> link;
  std::mutex mutex;
  std::optional<std::string> closed;
  thread.call([&] {
    wpn::overlay::HubConfig config;
    config.ip = {127, 0, 0, 2};
    config.udp_port = 47502;
    hub = std::make_unique<n::HubServer>(thread.loop(), config, Poco::Net::SocketAddress("127.0.0.2", 0));
    BOOST_REQUIRE(hub->start());
    hub->on_primary_client([&](Poco::Net::StreamSocket socket) {
      link = std::make_unique<n::ChatRoomQueryLink>(thread.loop(), std::move(socket), [&](const std::string& reason) {
        std::lock_guard lock(mutex);
        closed = reason;
      });
    });
  });

  // A host that says 0x50 and then never reads.
  Poco::Net::StreamSocket host;
  host.connect(Poco::Net::SocketAddress("127.0.0.2", hub->port()), Poco::Timespan(5, 0));
  host.setReceiveTimeout(Poco::Timespan(5, 0));
  char greeting = 0;
  BOOST_REQUIRE_EQUAL(host.receiveBytes(&greeting, 1), 1);
  n::SystemRandom random;
  const auto block = p::create_key_block(p::key_id::PrimaryClient, random);
  host.sendBytes(block.data(), static_cast<int>(block.size()));
  BOOST_REQUIRE(wpn::test::eventually([&] {
    bool linked = false;
    thread.call([&] { linked = link != nullptr; });
    return linked;
  }));

  // Records until the link refuses one: the socket buffers fill, then the link's own cap.
  bool refused = false;
  thread.call([&] {
    for (std::uint32_t id = 0; id < 4'000'000 && !refused; ++id)
      refused = !link->send(p::room_list_query({127, 0, 0, 2}, 47502, id));
    BOOST_TEST(link->closed());
  });
  BOOST_REQUIRE(refused);
  BOOST_REQUIRE(wpn::test::eventually([&] {
    std::lock_guard lock(mutex);
    return closed.has_value();
  }));
  BOOST_TEST(*closed == "host not reading");
  thread.call([&] {
    link.reset();
    hub.reset();
  });
}

BOOST_AUTO_TEST_SUITE_END()
