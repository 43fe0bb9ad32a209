// A room served by net::ChatRoomServer on 127.0.0.2 and members connected through
// net::ChatClientConnection from other loopback addresses: the real handshake with
// key IDs 0x57/0x58, the stream cipher and framing, on real sockets.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <thread>

#include "net/chat_client_connection.h"
#include "net/chat_room_server.h"

namespace c = wpn::chat;
namespace n = wpn::net;
namespace p = wpn::protocol;
using namespace std::chrono_literals;

namespace {

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

struct KeptBans : c::ChatRoomMediator {
  std::map<std::string, c::ChatBan, std::less<>> bans;
  bool is_banned(std::string_view key, const p::Ip4&) override { return bans.find(key) != bans.end(); }
  void add_ban(const c::ChatBan& ban) override { bans[ban.user_key] = ban; }
  bool remove_ban(std::string_view key) override {
    auto it = bans.find(key);
    if (it == bans.end()) return false;
    bans.erase(it);
    return true;
  }
};

struct RoomOnLoopback {
  n::LoopThread thread;
  KeptBans bans;
  std::unique_ptr<n::ChatRoomServer> server;
  std::map<std::string, std::unique_ptr<n::ChatClientConnection>> members;

  RoomOnLoopback() {
    c::ChatRoomConfig config;
    config.name = "Loopback Room";
    config.topic = "testing";
    config.operator_password = "sesame";
    config.close_delay = 300;
    thread.call([&] {
      server =
          std::make_unique<n::ChatRoomServer>(thread.loop(), config, bans, Poco::Net::SocketAddress("127.0.0.2", 0));
      BOOST_REQUIRE(server->start());
    });
  }
  ~RoomOnLoopback() {
    thread.call([&] {
      members.clear();
      server.reset();
    });
  }

  void join(const std::string& name, const std::string& from_ip, bool v353 = true) {
    c::ChatClientConfig config;
    config.room = "Loopback Room_0200007F" + std::string("0000");
    config.name = name;
    config.speak_353 = v353;
    thread.call([&] {
      auto member = std::make_unique<n::ChatClientConnection>(thread.loop(), config, nullptr);
      member->connect(Poco::Net::SocketAddress("127.0.0.2", server->port()), from_ip);
      members[name] = std::move(member);
    });
  }

  template <class F>
  auto with(const std::string& name, F f) {
    decltype(f(*members.at(name))) result{};
    thread.call([&] { result = f(*members.at(name)); });
    return result;
  }
  c::ChatClientSession::State state(const std::string& name) {
    return with(name, [](n::ChatClientConnection& m) { return m.session().state(); });
  }
  std::size_t users(const std::string& name) {
    return with(name, [](n::ChatClientConnection& m) { return m.session().users().size(); });
  }
  std::optional<c::ChatEnd> end(const std::string& name) {
    return with(name, [](n::ChatClientConnection& m) { return m.session().end(); });
  }
  bool saw(const std::string& name, c::LineKind kind, const std::string& text) {
    return with(name, [&](n::ChatClientConnection& m) {
      for (const auto& line : m.session().history().lines())
        if (line.kind == kind && line.text == text) return true;
      return false;
    });
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(chat_room_server, RoomOnLoopback)

BOOST_AUTO_TEST_CASE(two_members_join_over_real_sockets_and_exchange_text_and_actions) {
  join("alice123_00001", "127.0.0.3");
  join("bob456_00002", "127.0.0.4", false);
  BOOST_REQUIRE(eventually([&] { return users("alice123_00001") == 2 && users("bob456_00002") == 2; }));
  BOOST_TEST((state("alice123_00001") == c::ChatClientSession::State::InRoom));
  BOOST_TEST(with("bob456_00002", [](n::ChatClientConnection& m) { return m.session().topic(); }) == "testing");

  BOOST_TEST(with("alice123_00001", [](n::ChatClientConnection& m) { return m.say("hello over loopback"); }));
  BOOST_TEST(with("bob456_00002", [](n::ChatClientConnection& m) { return m.act("waves"); }));
  BOOST_TEST(eventually([&] { return saw("bob456_00002", c::LineKind::Chat, "hello over loopback"); }));
  BOOST_TEST(eventually([&] { return saw("alice123_00001", c::LineKind::Action, "waves"); }));
}

BOOST_AUTO_TEST_CASE(an_operator_kick_closes_the_victim_as_a_kick) {
  join("alice123_00001", "127.0.0.3");
  join("bob456_00002", "127.0.0.4");
  BOOST_REQUIRE(eventually([&] { return users("alice123_00001") == 2; }));
  with("alice123_00001", [](n::ChatClientConnection& m) { return m.say("/login sesame"); });
  BOOST_REQUIRE(
      eventually([&] { return saw("alice123_00001", c::LineKind::Server, "You are now an operator of this room."); }));
  with("alice123_00001", [](n::ChatClientConnection& m) { return m.say("/kick bob"); });
  BOOST_REQUIRE(eventually([&] { return end("bob456_00002").has_value(); }));
  BOOST_TEST((end("bob456_00002")->reason == c::ChatEndReason::Kicked));
  BOOST_TEST(eventually([&] { return users("alice123_00001") == 1; }));
}

BOOST_AUTO_TEST_CASE(a_taken_name_is_rejected_and_a_banned_user_is_told_so) {
  join("alice123_00001", "127.0.0.3");
  BOOST_REQUIRE(eventually([&] { return state("alice123_00001") == c::ChatClientSession::State::InRoom; }));
  join("ALICE999_00009", "127.0.0.5");
  BOOST_REQUIRE(eventually([&] { return end("ALICE999_00009").has_value(); }));
  BOOST_TEST((end("ALICE999_00009")->reason == c::ChatEndReason::Rejected));
  BOOST_TEST(end("ALICE999_00009")->text == "Login rejected. Username taken.");

  thread.call([&] { server->ban("mallory", 0, "owner"); });
  join("mallory777_00007", "127.0.0.6");
  BOOST_REQUIRE(eventually([&] { return end("mallory777_00007").has_value(); }));
  BOOST_TEST((end("mallory777_00007")->reason == c::ChatEndReason::Banned));
  BOOST_TEST(users("alice123_00001") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
