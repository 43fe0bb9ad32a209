// Chat rooms between real processes on loopback: a wpnd hub on 127.0.0.5 hosts a room
// from its settings; a wpnd secondary on 127.0.0.6 lists it through the hub, joins it and
// talks with the host, all through wpnctl; a room the secondary hosts reaches the hub's list
// by UDP 0x47. The host kicks, then bans the secondary; the ban
// holds after the host restarts.
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>

#include "ipc/room_dto.h"
#include "ipc/status_dto.h"
#include "room_node.h"

namespace {

using namespace wpn;
using namespace wpn::test;

constexpr const char* HostedRoom = R"("hosted_rooms": ["47311|Lobby|Welcome here|10"])";
constexpr const char* RoomAddress = "127.0.0.5:47311";

using Node = RoomNode;

struct RoomSegment {
  Node host;
  Node carol;

  RoomSegment() {
    host.home.write_config(std::string("{\"shares\": [], ") + HostedRoom + "}");
    host.start({"--role", "primary", "--bind", "127.0.0.5", "--data-port", "0", "--name", "hosty123"});
    const auto status = host.ctl({"network"});
    const auto port = ipc::get_uint(json_of(status), "port");
    BOOST_REQUIRE(port && *port > 0);
    carol.home.write_config(R"({"shares": [], "hubs": ["127.0.0.5:)" + std::to_string(*port) + R"("]})");
    carol.start({"--bind", "127.0.0.6", "--name", "carol123", "--data-port", "0"});
    BOOST_REQUIRE(
        eventually([&] { return ipc::get_bool(json_of(carol.ctl({"network"})), "logged_in").value_or(false); }, 30s));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(rooms_e2e)

BOOST_FIXTURE_TEST_CASE(list_join_talk_kick_ban_and_the_ban_survives_a_restart, RoomSegment) {
  // The hub lists the room it hosts; the secondary sees it through 0x238D/0x238E.
  std::vector<ipc::ListedRoomDto> listed;
  BOOST_REQUIRE(eventually(
      [&] {
        const auto run = carol.ctl({"rooms", "list", "--wait", "1"});
        if (run.exit_code != 0) return false;
        listed = ipc::room_list_from_json(json_of(run)).rooms;
        return !listed.empty();
      },
      30s));
  BOOST_REQUIRE_EQUAL(listed.size(), 1u);
  BOOST_TEST(listed[0].name == "Lobby_0500007FB8CF");  // 127.0.0.5 reversed, 47311 = 0xB8CF
  BOOST_TEST(listed[0].base_name == "Lobby");
  BOOST_TEST(listed[0].topic == "Welcome here");
  BOOST_TEST(listed[0].limit == 10u);

  // A room hosted by the secondary is announced to its hub over UDP (0x47) and listed too.
  const auto hosted = carol.ctl({"rooms", "host", "Kitchen", "--port", "47312", "--topic", "Tea"});
  BOOST_REQUIRE_MESSAGE(hosted.exit_code == 0, hosted.err);
  BOOST_REQUIRE(eventually(
      [&] {
        const auto run = carol.ctl({"rooms", "list", "--wait", "1"});
        if (run.exit_code != 0) return false;
        listed = ipc::room_list_from_json(json_of(run)).rooms;
        return listed.size() == 2;
      },
      30s));
  BOOST_TEST(listed[0].name == "Kitchen_0600007FB8D0");  // 127.0.0.6, 47312 = 0xB8D0
  BOOST_TEST(listed[0].topic == "Tea");
  // The message of the day set through wpnctl, one argument per line.
  BOOST_REQUIRE_EQUAL(carol.ctl({"rooms", "motd", "Kitchen", "Tea at five", "Bring cups"}).exit_code, 0);

  // Carol joins by the listed base name, the host by HOST:PORT.
  const auto join = carol.ctl({"join", "Lobby"});
  BOOST_REQUIRE_MESSAGE(join.exit_code == 0, join.err);
  BOOST_REQUIRE_MESSAGE(host.ctl({"rooms", "join", RoomAddress}).exit_code == 0, "host join");
  BOOST_REQUIRE(eventually([&] { return carol.in_state("Lobby", "joined"); }, 20s));
  BOOST_REQUIRE(eventually([&] { return host.in_state(RoomAddress, "joined"); }, 20s));
  const std::string carol_name = carol.room_now("Lobby").own_name;

  // Two rooms at once: carol also joins the room she hosts, is greeted by its new MOTD,
  // and stays in the Lobby meanwhile.
  BOOST_REQUIRE_EQUAL(carol.ctl({"join", "Kitchen"}).exit_code, 0);
  BOOST_REQUIRE(eventually([&] { return carol.in_state("Kitchen", "joined"); }, 20s));
  BOOST_TEST(
      eventually([&] { return carol.heard("Kitchen", "Tea at five") && carol.heard("Kitchen", "Bring cups"); }, 10s));
  BOOST_TEST(carol.in_state("Lobby", "joined"));
  BOOST_REQUIRE_EQUAL(carol.ctl({"rooms", "leave", "Kitchen"}).exit_code, 0);
  BOOST_TEST(carol_name.rfind("carol123_", 0) == 0u, carol_name);

  // Users carry their handle (browse, whois and PM go through it).
  BOOST_REQUIRE(eventually(
      [&] {
        const auto run = host.ctl({"rooms", "users", RoomAddress});
        if (run.exit_code != 0) return false;
        for (const auto& user : ipc::room_users_from_json(json_of(run)).users)
          if (user.name == carol_name) return user.handle.rfind("WinMX ", 0) == 0;
        return false;
      },
      10s));

  // Text and actions both ways.
  BOOST_REQUIRE_EQUAL(carol.ctl({"say", "Lobby", "hello", "from", "carol"}).exit_code, 0);
  BOOST_REQUIRE_EQUAL(host.ctl({"say", RoomAddress, "waves", "--action"}).exit_code, 0);
  BOOST_TEST(eventually([&] { return host.heard(RoomAddress, "hello from carol"); }, 10s));
  BOOST_TEST(eventually([&] { return carol.heard("Lobby", "waves"); }, 10s));

  // A kick ends carol's membership for good (no reconnect).
  BOOST_REQUIRE_EQUAL(host.ctl({"rooms", "kick", "Lobby", carol_name}).exit_code, 0);
  BOOST_REQUIRE(eventually([&] { return carol.in_state("Lobby", "closed"); }, 20s));
  BOOST_TEST(carol.room_now("Lobby").last_end == "kicked");
  // A drop would be retried after a second; a kick never is.
  BOOST_TEST(holds_for([&] { return carol.in_state("Lobby", "closed"); }, 2500ms));
  BOOST_TEST(carol.room_now("Lobby").reconnects == 0u);

  // She comes back, is banned, and stays out after the host restarts.
  BOOST_REQUIRE_EQUAL(carol.ctl({"join", "Lobby"}).exit_code, 0);
  BOOST_REQUIRE(eventually([&] { return carol.in_state("Lobby", "joined"); }, 20s));
  BOOST_REQUIRE_EQUAL(host.ctl({"rooms", "ban", "Lobby", carol_name}).exit_code, 0);
  BOOST_REQUIRE(eventually([&] { return carol.in_state("Lobby", "closed"); }, 20s));
  BOOST_TEST(carol.room_now("Lobby").last_end == "banned");

  host.restart();
  const auto bans = ipc::room_bans_from_json(json_of(host.ctl({"rooms", "bans"}))).bans;
  BOOST_REQUIRE_EQUAL(bans.size(), 1u);
  BOOST_TEST(bans[0].room == "Lobby");
  BOOST_TEST(bans[0].name == carol_name);
  BOOST_REQUIRE_EQUAL(carol.ctl({"join", "Lobby"}).exit_code, 0);
  BOOST_REQUIRE(eventually(
      [&] {
        const auto room = carol.room("Lobby");
        // Refused at the join: "rejected", or "banned" when the host's line says so.
        return room && room->state == "closed" && (room->last_end == "rejected" || room->last_end == "banned");
      },
      20s));
  BOOST_TEST(carol.room_now("Lobby").last_text.find("banned") != std::string::npos, carol.room_now("Lobby").last_text);

  // Lifting the ban lets her in again.
  BOOST_REQUIRE_EQUAL(host.ctl({"rooms", "unban", "Lobby", carol_name}).exit_code, 0);
  BOOST_REQUIRE_EQUAL(carol.ctl({"join", "Lobby"}).exit_code, 0);
  BOOST_REQUIRE(eventually([&] { return carol.in_state("Lobby", "joined"); }, 20s));

  // A host that goes away and comes back: the room drops, and carol is back in by herself,
  // with the lines from before still in her history.
  host.restart();
  BOOST_REQUIRE(eventually(
      [&] {
        const auto room = carol.room("Lobby");
        return room && room->state == "joined" && room->reconnects >= 1;
      },
      30s));
  BOOST_TEST(carol.heard("Lobby", "hello from carol"));
  BOOST_TEST(carol.room_now("Lobby").last_end == "closed_by_host");

  // `wpnctl chat` prints the history, then follows the room live.
  // (The host is in first: its join line would otherwise be the one live line.)
  BOOST_REQUIRE(eventually([&] { return host.ctl({"rooms", "join", RoomAddress}).exit_code == 0; }, 10s));
  BOOST_REQUIRE(eventually([&] { return host.in_state(RoomAddress, "joined"); }, 20s));
  BOOST_REQUIRE(eventually(
      [&] {
        const auto run = carol.ctl({"rooms", "users", "Lobby"});
        if (run.exit_code != 0) return false;
        for (const auto& user : ipc::room_users_from_json(json_of(run)).users)
          if (user.name.rfind("hosty123_", 0) == 0) return true;
        return false;
      },
      10s));
  ProgramResult followed;
  std::atomic<bool> done{false};
  std::thread follower([&] {
    followed = run_wpnctl(carol.home, {"chat", "Lobby", "--count", "1"});
    done = true;
  });
  // The follower may subscribe only after a first line: one line a second until it has one.
  bool heard_live = false;
  for (int attempt = 0; attempt < 10 && !heard_live; ++attempt) {
    host.ctl({"say", RoomAddress, "live", "line"});
    heard_live = eventually([&] { return done.load(); }, 1s);
  }
  follower.join();
  BOOST_TEST(heard_live);
  BOOST_TEST(followed.exit_code == 0, followed.err);
  BOOST_TEST(followed.out.find("hello from carol") != std::string::npos, followed.out);
  BOOST_TEST(followed.out.find("live line") != std::string::npos, followed.out);
}

BOOST_AUTO_TEST_SUITE_END()
