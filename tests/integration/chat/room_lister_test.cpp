// A room host's primary-client link (chat.md §9.2) against a scripted primary on
// loopback: the link says 0x50 and takes the 0x51 block; the primary's ciphered records
// arrive cut anywhere; every 0x4E query is reported once per request id with the address
// its answer goes to, and a room host answers it by UDP 0x47 carrying the request id.
#include <boost/test/unit_test.hpp>

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "net/chat_room_lister.h"
#include "net/chat_room_query_link.h"
#include "net/chat_room_udp.h"
#include "net/hub_server.h"
#include "protocol/codecs/rooms.h"
#include "protocol/udp_cipher.h"
#include "support/eventually.h"
#include "support/scripted_wpn_peer.h"

namespace n = wpn::net;
namespace p = wpn::protocol;
using namespace std::chrono_literals;

namespace {

struct Lister {
  n::LoopThread thread;
  std::unique_ptr<n::ChatRoomLister> link;
  std::unique_ptr<n::ChatRoomUdp> udp;
  std::mutex mutex;
  std::vector<n::ChatRoomLister::Query> queries;
  std::optional<std::string> closed;

  // Answers each query with one 0x47 for a room "Den" on TCP port 47500, as the engine does.
  void connect(std::uint16_t port) {
    thread.call([&] {
      udp = std::make_unique<n::ChatRoomUdp>(thread.loop());
      link = std::make_unique<n::ChatRoomLister>(
          thread.loop(),
          [this](const n::ChatRoomLister::Query& query) {
            {
              std::lock_guard lock(mutex);
              queries.push_back(query);
            }
            p::RoomAnnouncement room;
            room.request_id = query.request_id;
            room.port = 47500;
            room.name = "Den";
            room.topic = "Anyone";
            room.users = 2;
            room.limit = 20;
            udp->announce(query.reply_to, room, "127.0.0.3");
          },
          [this](const std::string& reason, bool) {
            std::lock_guard lock(mutex);
            closed = reason;
          });
      link->connect(Poco::Net::SocketAddress("127.0.0.2", port), "127.0.0.3");
    });
  }
  ~Lister() {
    thread.call([&] {
      link.reset();
      udp.reset();
    });
  }
  std::size_t query_count() {
    std::lock_guard lock(mutex);
    return queries.size();
  }
};

p::Bytes record_bytes(const p::PrimaryRecord& record) {
  p::Bytes out;
  BOOST_REQUIRE(p::encode(record, out));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(room_lister)

BOOST_AUTO_TEST_CASE(queries_are_answered_by_udp_once_per_request_id) {
  Poco::Net::ServerSocket primary(Poco::Net::SocketAddress("127.0.0.2", 0));
  Poco::Net::DatagramSocket answers(Poco::Net::SocketAddress("127.0.0.2", 0));
  answers.setReceiveTimeout(Poco::Timespan(5, 0));
  const std::uint16_t udp_port = answers.address().port();

  Lister lister;
  lister.connect(primary.address().port());
  auto peer = wpn::test::ScriptedWpnPeer::accept_from(primary, 10s, p::key_id::PrimaryClient);
  BOOST_REQUIRE_MESSAGE(peer, "the link did not speak 0x50");

  // A record that is not a query, a query, the same query again, a second query: sent as
  // one stream cut in the middle of a header.
  p::Bytes stream = record_bytes(p::PrimaryRecord{{127, 0, 0, 2}, udp_port, 7, p::Bytes{0x20, 0x01}});
  for (const std::uint32_t id : {0x78563412u, 0x78563412u, 0x01020304u}) {
    const auto query = record_bytes(p::room_list_query({127, 0, 0, 2}, udp_port, id));
    stream.insert(stream.end(), query.begin(), query.end());
  }
  BOOST_REQUIRE(peer->send_raw(p::Bytes(stream.begin(), stream.begin() + 30)));
  BOOST_REQUIRE(peer->send_raw(p::Bytes(stream.begin() + 30, stream.end())));

  std::vector<p::RoomAnnouncement> received;
  for (int i = 0; i < 2; ++i) {
    std::array<p::Byte, 1024> buffer{};
    Poco::Net::SocketAddress from;
    const int size = answers.receiveFrom(buffer.data(), static_cast<int>(buffer.size()), from);
    BOOST_REQUIRE(size > 0);
    BOOST_TEST(from.host().toString() == "127.0.0.3");
    std::span<p::Byte> datagram(buffer.data(), static_cast<std::size_t>(size));
    p::decrypt_datagram(datagram);
    const auto room = p::decode_room_announcement(datagram);
    BOOST_REQUIRE(room.has_value());
    received.push_back(*room);
  }
  BOOST_TEST(received[0].request_id == 0x78563412u);
  BOOST_TEST(received[1].request_id == 0x01020304u);
  BOOST_TEST(received[0].name == "Den");
  BOOST_TEST(received[0].port == 47500u);
  BOOST_TEST(lister.query_count() == 2u);  // the repeated id is not answered twice
  lister.thread.call([&] { BOOST_TEST(lister.link->ready()); });
}

// Our hub's side: a 0x50 connection on the hub port is handed over, gets the 0x51 block
// and the hub's query record; the host's link reports it with the hub's handle address.
BOOST_AUTO_TEST_CASE(our_hub_takes_a_primary_client_link_and_its_query_reaches_the_host) {
  Lister lister;
  std::unique_ptr<n::HubServer> hub;
  std::vector<std::unique_ptr<n::ChatRoomQueryLink>> links;
  lister.thread.call([&] {
    wpn::overlay::HubConfig config;
    config.ip = {127, 0, 0, 2};
    config.udp_port = 47501;
    hub = std::make_unique<n::HubServer>(lister.thread.loop(), config, Poco::Net::SocketAddress("127.0.0.2", 0));
    BOOST_REQUIRE(hub->start());
    hub->on_primary_client([&](Poco::Net::StreamSocket socket) {
      links.push_back(std::make_unique<n::ChatRoomQueryLink>(lister.thread.loop(), std::move(socket), nullptr));
      links.back()->send(p::room_list_query({127, 0, 0, 2}, 47501, 0xCAFE0001));
    });
  });
  lister.connect(hub->port());
  BOOST_REQUIRE(wpn::test::eventually([&] { return lister.query_count() == 1; }, 10s));
  {
    std::lock_guard lock(lister.mutex);
    BOOST_TEST(lister.queries[0].request_id == 0xCAFE0001u);
    BOOST_TEST(lister.queries[0].reply_to.toString() == "127.0.0.2:47501");
  }
  // Secondaries still log in on the same port.
  auto secondary = wpn::test::ScriptedWpnPeer::connect_to("127.0.0.3", "127.0.0.2", hub->port());
  BOOST_TEST(secondary.has_value());
  lister.thread.call([&] {
    links.clear();
    hub.reset();
  });
}

BOOST_AUTO_TEST_CASE(a_node_that_is_not_a_primary_ends_the_link) {
  Poco::Net::ServerSocket other(Poco::Net::SocketAddress("127.0.0.2", 0));
  Lister lister;
  lister.connect(other.address().port());
  // Greets like a primary but answers with a secondary's block (0x53).
  auto socket = other.acceptConnection();
  socket.sendBytes("1", 1);
  std::array<p::Byte, 16> block{};
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  BOOST_REQUIRE_EQUAL(socket.receiveBytes(block.data(), 16), 16);
  BOOST_TEST((p::decode_key_block_id(block) == p::key_id::PrimaryClient));
  struct Fixed : p::RandomSource {
    void fill(std::span<p::Byte> out) override { std::fill(out.begin(), out.end(), p::Byte{0x11}); }
  } random;
  const auto reply = p::create_key_block(p::key_id::SecondaryServer, random);
  socket.sendBytes(reply.data(), static_cast<int>(reply.size()));
  BOOST_REQUIRE(wpn::test::eventually([&] {
    std::lock_guard lock(lister.mutex);
    return lister.closed.has_value();
  }));
  std::lock_guard lock(lister.mutex);
  BOOST_TEST(lister.closed->find("0x51") != std::string::npos, *lister.closed);
  BOOST_TEST(lister.queries.empty());
}

BOOST_AUTO_TEST_SUITE_END()
