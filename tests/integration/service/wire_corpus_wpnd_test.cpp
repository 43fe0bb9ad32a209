// The frame corpus of tests/data/wire_corpus against real wpnd processes: a scripted
// primary on 127.0.0.53 that a wpnd secondary logs in to, and a scripted secondary that
// logs in to a wpnd hub. After every corpus frame the next valid request (a PM, a search)
// must be answered on the same connection, and the connection must stay.
#include <Poco/Net/ServerSocket.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <random>

#include "ipc/status_dto.h"
#include "protocol/codecs/search.h"
#include "protocol/message_types.h"
#include "support/pm_probe.h"
#include "support/scripted_wpn_peer.h"
#include "support/test_data.h"
#include "support/wire_corpus.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;
namespace p = wpn::protocol;

struct Wpnd {
  WpndHome home;
  std::unique_ptr<WpndProcess> process;
  std::optional<ipc::BlockingClient> client;

  void start(std::vector<std::string> args) {
    process = std::make_unique<WpndProcess>(home, std::move(args));
    process->require_ready();
    client.emplace(process->connect());
  }
  ipc::JsonObject call(std::string_view method) { return ipc::as_object(call_ok(*client, method)); }
};

p::Bytes payload_of_capture(const std::string& name) {
  const p::Bytes frame = capture(name);
  return p::Bytes(frame.begin() + p::FrameHeaderSize, frame.end());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_corpus_wpnd)

BOOST_AUTO_TEST_CASE(a_wpnd_secondary_stays_with_a_primary_that_sends_the_corpus) {
  Poco::Net::ServerSocket server;
  server.bind(Poco::Net::SocketAddress("127.0.0.53", 0), true);
  server.listen(4);
  const std::string primary_address = "127.0.0.53:" + std::to_string(server.address().port());
  Wpnd node;
  node.home.write_config(R"({"shares": [], "hubs": [")" + primary_address + R"("]})");
  node.start({"--bind", "127.0.0.54", "--name", "replay", "--data-port", "0"});

  auto primary = ScriptedWpnPeer::accept_from(server, 30s);
  BOOST_REQUIRE(primary);
  BOOST_REQUIRE(primary->wait_for(p::msg::Login, 10s));
  BOOST_REQUIRE(primary->send(p::msg::LoginAccepted, payload_of_capture("login_accepted_0x0460.hex")));
  BOOST_REQUIRE(primary->wait_for(p::msg::FullName, 10s));

  std::uint8_t round = 0;
  for (const auto& entry : wire_corpus("to_secondary")) {
    BOOST_REQUIRE(primary->send(entry.frame.type, entry.frame.payload));
    BOOST_TEST_REQUIRE(pm_answered(*primary, {0x6B, ++round}, "after " + entry.name, 10s),
                       entry.name + "\n" + node.process->stderr_text());
  }
  BOOST_CHECK(!primary->closed_within(500ms));
  BOOST_TEST(node.process->running());
  const auto network = node.call("network.status");
  BOOST_TEST(*ipc::get_bool(network, "logged_in"));
  BOOST_TEST(*ipc::get_string(network, "parent") == primary_address);
  // The corpus holds undecodable frames; the session counts what it skipped. The snapshot
  // behind network.status is refreshed every second, so wait for it.
  BOOST_TEST(
      eventually([&] { return ipc::get_uint(node.call("network.status"), "skipped_frames").value_or(0) > 0; }, 5s));
  const auto log = node.process->stderr_text();
  BOOST_TEST(log.find("skipped 0x1fb0 (8112) from " + primary_address) != std::string::npos, log);
}

BOOST_AUTO_TEST_CASE(a_wpnd_hub_keeps_a_secondary_that_sends_the_corpus) {
  Wpnd hub;
  hub.home.write_config(R"({"shares": []})");
  hub.start({"--role", "primary", "--bind", "127.0.0.55", "--data-port", "0"});
  const auto hub_port = *ipc::get_uint(hub.call("network.status"), "port");
  BOOST_REQUIRE(hub_port > 0);

  Wpnd alice;
  const auto music = alice.home.root() / "music";
  std::filesystem::create_directories(music);
  std::ofstream(music / "Artist Song.mp3", std::ios::binary) << std::string(5000, 'x');
  alice.home.write_config(R"({"share_mode": "all", "shares": [")" + music.string() + R"("], "hubs": ["127.0.0.55:)" +
                          std::to_string(hub_port) + R"("]})");
  alice.start({"--bind", "127.0.0.56", "--name", "alice"});
  BOOST_REQUIRE(eventually(
      [&] {
        const auto status = ipc::status_from_json(alice.call("status"));
        return status.connected && status.files_shared == 1;
      },
      30s));

  auto sender = ScriptedWpnPeer::connect_to("127.0.0.57", "127.0.0.55", static_cast<std::uint16_t>(hub_port));
  BOOST_REQUIRE(sender);
  BOOST_REQUIRE(sender->send(p::msg::Login, payload_of_capture("login_0x03e9.hex")));
  BOOST_REQUIRE(sender->wait_for(p::msg::LoginAccepted, 10s));

  std::uint32_t search_id = 2000;
  const auto search = [&](std::chrono::milliseconds limit) {
    p::Search request;
    request.search_id = ++search_id;
    request.query = "artist song";
    p::Bytes payload;
    p::encode(request, payload, p::default_wire_options());
    if (!sender->send(p::msg::Search, payload)) return false;
    return sender
        ->wait_until(
            [&](const p::Frame& f) {
              if (f.type != p::msg::SearchResult) return false;
              const auto result = p::decode_search_result(f.payload);
              return result && result->search_id == search_id && result->path.ends_with("Artist Song.mp3");
            },
            limit)
        .has_value();
  };
  // Until the hub has alice's share list.
  BOOST_REQUIRE(eventually([&] { return search(500ms); }, 30s));

  for (const auto& entry : wire_corpus("to_hub")) {
    BOOST_REQUIRE(sender->send(entry.frame.type, entry.frame.payload));
    BOOST_TEST_REQUIRE(search(10s), entry.name + "\n" + hub.process->stderr_text());
  }
  BOOST_CHECK(!sender->closed_within(500ms));
  BOOST_TEST(hub.process->running());
  BOOST_TEST(*ipc::get_uint(hub.call("network.status"), "users") == 2u);
  BOOST_TEST(
      eventually([&] { return ipc::get_uint(hub.call("network.status"), "skipped_frames").value_or(0) > 0; }, 5s));
  const auto log = hub.process->stderr_text();
  BOOST_TEST(log.find("hub: skipped 0x1bc0 (7104) from 127.0.0.57:") != std::string::npos, log);
}

BOOST_AUTO_TEST_SUITE_END()
