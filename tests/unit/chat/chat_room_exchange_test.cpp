// Clients and a room host talking entirely in memory: every frame the machines
// produce is handed to the other side until nothing moves.
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>

#include "chat/chat_client_session.h"
#include "chat/chat_room_host.h"
#include "chat_test_support.h"

using namespace wpn::chat;
namespace p = wpn::protocol;

namespace {

struct Room {
  wpn::test::MapBans bans;
  ChatRoomHost host{make_config(), bans};
  std::map<ConnId, std::unique_ptr<ChatClientSession>> clients;
  Millis now = 1000;

  static ChatRoomConfig make_config() {
    ChatRoomConfig c;
    c.topic = "Room topic";
    c.operator_password = "sesame";
    return c;
  }

  ChatClientSession& connect(ConnId conn, std::string name, bool v353) {
    ChatClientConfig config;
    config.room = "Lobby_0100007F1A2B";
    config.name = std::move(name);
    config.speak_353 = v353;
    config.node_ip = {10, 0, 0, static_cast<p::Byte>(conn)};
    config.node_port = 6257;
    auto& client = *(clients[conn] = std::make_unique<ChatClientSession>(config));
    deliver(host.on_accepted(conn, {127, 0, 0, 1}, now));
    client.start(now);
    pump();
    return client;
  }

  void deliver(const std::vector<HostAction>& actions) {
    for (const auto& action : actions) {
      if (const auto* send = std::get_if<SendFrame>(&action)) {
        clients.at(send->conn)->on_frame(p::Frame{send->type, send->payload}, now);
      } else if (const auto* many = std::get_if<BroadcastFrame>(&action)) {
        for (const ConnId conn : many->conns) clients.at(conn)->on_frame(p::Frame{many->type, many->payload}, now);
      } else {
        const auto& close = std::get<CloseConnection>(action);
        clients.at(close.conn)->on_closed(true, now);
      }
    }
  }

  void pump() {
    for (bool moved = true; moved;) {
      moved = false;
      for (auto& [conn, client] : clients) {
        for (const auto& frame : client->take_frames()) {
          moved = true;
          deliver(host.on_frame(conn, frame, now));
        }
      }
    }
  }

  void advance(Millis by) {
    now += by;
    deliver(host.on_tick(now));
    pump();
  }

  static std::vector<std::string> texts(const ChatClientSession& client, LineKind kind) {
    std::vector<std::string> out;
    for (const auto& line : client.history().lines())
      if (line.kind == kind) out.push_back(line.name + ": " + line.text);
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(chat_room_exchange, Room)

BOOST_AUTO_TEST_CASE(a_353_and_a_331_client_see_each_other_and_talk) {
  auto& alice = connect(1, "alice123_00001", true);
  auto& bob = connect(2, "bob456_00002", false);
  BOOST_TEST((alice.state() == ChatClientSession::State::InRoom));
  BOOST_TEST((bob.state() == ChatClientSession::State::InRoom));
  BOOST_TEST(alice.host_speaks_353());
  BOOST_TEST(!bob.host_speaks_353());
  BOOST_TEST(alice.users().size() == 2u);
  BOOST_TEST(bob.users().size() == 2u);
  BOOST_TEST(bob.topic() == "Room topic");

  alice.say("hello bob", now);
  bob.act("waves back", now);
  pump();
  const std::vector<std::string> said{"alice123_00001: hello bob"};
  BOOST_TEST(texts(bob, LineKind::Chat) == said, boost::test_tools::per_element());
  BOOST_TEST(texts(alice, LineKind::Chat) == said, boost::test_tools::per_element());
  const std::vector<std::string> acted{"bob456_00002: waves back"};
  BOOST_TEST(texts(alice, LineKind::Action) == acted, boost::test_tools::per_element());
  BOOST_TEST(texts(bob, LineKind::Action) == acted, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_rename_reaches_both_versions) {
  auto& alice = connect(1, "alice123_00001", true);
  auto& bob = connect(2, "bob456_00002", false);
  BOOST_TEST(bob.change_details("robert456_00002", 3, now));
  pump();
  BOOST_TEST(bob.name() == "robert456_00002");
  BOOST_TEST(alice.users().back().name == "robert456_00002");
  BOOST_TEST(alice.users().back().files == 3u);
  BOOST_TEST(texts(alice, LineKind::Renamed) == std::vector<std::string>{"bob456_00002: robert456_00002"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_operator_kick_ends_the_victims_session_as_a_kick) {
  auto& alice = connect(1, "alice123_00001", true);
  auto& bob = connect(2, "bob456_00002", false);
  alice.say("/login sesame", now);
  pump();
  BOOST_TEST((alice.users().front().rank == p::ChatRank::Operator));  // 3.31 records carry no rank
  advance(1000);
  alice.say("/kick bob", now);
  pump();
  BOOST_TEST(alice.users().size() == 1u);
  advance(ChatRoomConfig{}.close_delay);
  BOOST_REQUIRE(bob.end().has_value());
  BOOST_TEST((bob.end()->reason == ChatEndReason::Kicked));
  BOOST_TEST(!should_reconnect(bob.end()->reason));
}

BOOST_AUTO_TEST_CASE(a_taken_name_is_rejected_with_the_hosts_words) {
  connect(1, "alice123_00001", true);
  auto& copy = connect(3, "Alice555_00003", true);
  advance(ChatRoomConfig{}.close_delay);
  BOOST_REQUIRE(copy.end().has_value());
  BOOST_TEST((copy.end()->reason == ChatEndReason::Rejected));
  BOOST_TEST(copy.end()->text == "Login rejected. Username taken.");
}

BOOST_AUTO_TEST_CASE(a_banned_user_is_told_so_at_the_next_join) {
  connect(1, "alice123_00001", true);
  connect(2, "bob456_00002", true);
  deliver(host.ban("bob", 0, "owner", now));
  advance(ChatRoomConfig{}.close_delay);
  BOOST_TEST((clients.at(2)->end()->reason == ChatEndReason::Banned));
  auto& again = connect(4, "bob456_00002", false);
  advance(ChatRoomConfig{}.close_delay);
  BOOST_TEST((again.end()->reason == ChatEndReason::Banned));
}

BOOST_AUTO_TEST_SUITE_END()
