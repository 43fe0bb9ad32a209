// Room bans hold the address as well as the name, between real processes on loopback: a
// wpnd hub on 127.0.0.25 hosts a room and bans carol (127.0.0.26). After the host restarts,
// mallory, another wpnd with another name on carol's address, is refused; dave on
// 127.0.0.27 is let in; lifting carol's ban lets mallory in.
#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/room_dto.h"
#include "ipc/status_dto.h"
#include "room_node.h"

namespace {

using namespace wpn;
using namespace wpn::test;

constexpr const char* HostedRoom = R"("hosted_rooms": ["47321|Lobby|Bans by address|10"])";
constexpr const char* RoomAddress = "127.0.0.25:47321";

struct BanSegment {
  RoomNode host;
  std::string hub;

  BanSegment() {
    host.home.write_config(std::string("{\"shares\": [], ") + HostedRoom + "}");
    host.start({"--role", "primary", "--bind", "127.0.0.25", "--data-port", "0", "--name", "hosty123"});
    learn_hub();
  }
  // The hub's port is the kernel's pick, new after each restart.
  void learn_hub() {
    const auto port = ipc::get_uint(json_of(host.ctl({"network"})), "port");
    BOOST_REQUIRE(port && *port > 0);
    hub = "127.0.0.25:" + std::to_string(*port);
  }

  // A secondary of the host's hub at ip, as name, in the room or refused.
  void start_member(RoomNode& node, const std::string& ip, const std::string& name) {
    node.home.write_config(R"({"shares": [], "hubs": [")" + hub + R"("]})");
    node.start({"--bind", ip, "--name", name, "--data-port", "0"});
    BOOST_REQUIRE_MESSAGE(
        eventually([&] { return ipc::get_bool(json_of(node.ctl({"network"})), "logged_in").value_or(false); }, 30s),
        name + " not logged in: " + node.ctl({"network"}).out + node.wpnd->stderr_text());
    BOOST_REQUIRE_EQUAL(node.ctl({"rooms", "join", RoomAddress}).exit_code, 0);
  }
  static bool refused(RoomNode& node) {
    const auto room = node.room(RoomAddress);
    return room && room->state == "closed" && (room->last_end == "rejected" || room->last_end == "banned");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(rooms_ban_ip_e2e)

BOOST_FIXTURE_TEST_CASE(a_ban_refuses_the_banned_address_under_any_name_until_lifted, BanSegment) {
  RoomNode carol;
  start_member(carol, "127.0.0.26", "carol123");
  BOOST_REQUIRE(eventually([&] { return carol.in_state(RoomAddress, "joined"); }, 20s));
  const std::string carol_name = carol.room_now(RoomAddress).own_name;
  BOOST_REQUIRE_EQUAL(host.ctl({"rooms", "ban", "Lobby", carol_name}).exit_code, 0);
  BOOST_REQUIRE(eventually([&] { return carol.in_state(RoomAddress, "closed"); }, 20s));
  BOOST_REQUIRE_EQUAL(carol.wpnd->stop(), 0);

  // The ban and its address outlast a restart of the host.
  host.restart();
  learn_hub();
  const auto bans = ipc::room_bans_from_json(json_of(host.ctl({"rooms", "bans"}))).bans;
  BOOST_REQUIRE_EQUAL(bans.size(), 1u);
  BOOST_TEST(bans[0].name == carol_name);
  BOOST_TEST(bans[0].ip == "127.0.0.26");

  // Another user from carol's address is refused as she would be.
  RoomNode mallory;
  start_member(mallory, "127.0.0.26", "mallory123");
  BOOST_REQUIRE(eventually([&] { return refused(mallory); }, 20s));
  BOOST_TEST(mallory.room_now(RoomAddress).last_text.find("banned") != std::string::npos,
             mallory.room_now(RoomAddress).last_text);

  // Another address is not.
  RoomNode dave;
  start_member(dave, "127.0.0.27", "dave123");
  BOOST_TEST(eventually([&] { return dave.in_state(RoomAddress, "joined"); }, 20s));

  // Lifting carol's ban lifts it from her address too.
  BOOST_REQUIRE_EQUAL(host.ctl({"rooms", "unban", "Lobby", carol_name}).exit_code, 0);
  BOOST_REQUIRE_EQUAL(mallory.ctl({"rooms", "join", RoomAddress}).exit_code, 0);
  BOOST_TEST(eventually([&] { return mallory.in_state(RoomAddress, "joined"); }, 20s));
}

BOOST_AUTO_TEST_SUITE_END()
