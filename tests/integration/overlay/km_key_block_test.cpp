// A primary of the KM era that sends its 0x53 key block mangled (wire audit D4): our
// secondary connection retries the block un-mangled once and then talks with the keys of
// the plain block. A raw primary on loopback plays the other side.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <optional>
#include <string>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "net/event_loop.h"
#include "net/overlay_connection.h"
#include "overlay_network_fixture.h"
#include "protocol/frame_encoder.h"
#include "protocol/key_block.h"
#include "protocol/message_types.h"
#include "protocol/tcp_cipher.h"

namespace p = wpn::protocol;
namespace n = wpn::net;
using wpn::overlay::test::eventually;
using namespace std::chrono_literals;

namespace {

struct Outcome {
  std::atomic<bool> ready{false};
  std::atomic<bool> closed{false};
  std::atomic<std::uint16_t> frame_type{0};
};

// Accepts one secondary, sends '1', reads its block, answers with `server_block`, then
// sends one 0x0460 frame with the keys of `key_source` (none when the block is refused:
// writing to a closed socket would raise SIGPIPE).
void serve_one(Poco::Net::ServerSocket& server, const p::KeyBlock& server_block, const p::KeyBlock& key_source,
               bool send_frame) {
  Poco::Net::StreamSocket peer = server.acceptConnection();
  peer.setReceiveTimeout(Poco::Timespan(5, 0));
  peer.sendBytes("1", 1);
  p::KeyBlock client{};
  int got = 0;
  while (got < 16) {
    const int read = peer.receiveBytes(client.data() + got, 16 - got);
    BOOST_REQUIRE(read > 0);
    got += read;
  }
  peer.sendBytes(server_block.data(), 16);
  if (send_frame) {
    const auto keys = p::session_keys_from_server_block(key_source);
    BOOST_REQUIRE(keys);
    p::FrameEncoder encoder(p::TcpCipher(keys->server_to_client), 65535);
    p::Bytes out;
    BOOST_REQUIRE(encoder.encode(p::msg::LoginAccepted, p::Bytes{0x16, 0x53}, out));
    peer.sendBytes(out.data(), static_cast<int>(out.size()));
  }
  // Stay open until the connector has read the frame.
  char byte = 0;
  try {
    (void)peer.receiveBytes(&byte, 1);
  } catch (const Poco::Exception&) {
  }
}

void connect_and_check(const p::KeyBlock& server_block, const p::KeyBlock& key_source, bool expect_ready) {
  Poco::Net::ServerSocket server(Poco::Net::SocketAddress("127.0.0.11", 0));
  const auto port = server.address().port();
  n::LoopThread thread;
  n::SystemRandom random;
  Outcome outcome;
  std::shared_ptr<n::OverlayConnection> conn;
  thread.call([&] {
    n::OverlayConnection::Handlers handlers;
    handlers.on_ready = [&] { outcome.ready = true; };
    handlers.on_frame = [&](const p::Frame& frame) { outcome.frame_type = frame.type; };
    handlers.on_closed = [&](const std::string&) { outcome.closed = true; };
    conn = n::OverlayConnection::connect(thread.loop(), Poco::Net::SocketAddress("127.0.0.11", port), "127.0.0.12",
                                         random, std::move(handlers));
  });
  serve_one(server, server_block, key_source, expect_ready);
  if (expect_ready) {
    BOOST_CHECK(eventually([&] { return outcome.frame_type.load() == p::msg::LoginAccepted; }, 5s));
    BOOST_CHECK(outcome.ready.load());
  } else {
    BOOST_CHECK(eventually([&] { return outcome.closed.load(); }, 5s));
    BOOST_CHECK(!outcome.ready.load());
  }
  thread.call([&] { conn.reset(); });
}

p::KeyBlock server_block() {
  n::SystemRandom random;
  return p::create_key_block(p::key_id::SecondaryServer, random);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(km_key_block)

BOOST_AUTO_TEST_CASE(a_plain_server_block_still_logs_in) {
  const auto plain = server_block();
  connect_and_check(plain, plain, true);
}

BOOST_AUTO_TEST_CASE(a_mangled_server_block_is_accepted_after_unmangling) {
  const auto plain = server_block();
  const auto mangled = p::km_unmangle(plain);
  BOOST_REQUIRE(p::decode_key_block_id(mangled) != std::optional<std::uint8_t>(p::key_id::SecondaryServer));
  connect_and_check(mangled, plain, true);
}

BOOST_AUTO_TEST_CASE(a_block_bad_in_both_forms_closes) {
  p::KeyBlock junk{};
  junk.fill(0xAB);
  BOOST_REQUIRE(!p::decode_key_block_id(junk).has_value() ||
                *p::decode_key_block_id(junk) != p::key_id::SecondaryServer);
  BOOST_REQUIRE(!p::decode_key_block_id(p::km_unmangle(junk)).has_value() ||
                *p::decode_key_block_id(p::km_unmangle(junk)) != p::key_id::SecondaryServer);
  connect_and_check(junk, server_block(), false);
}

BOOST_AUTO_TEST_SUITE_END()
