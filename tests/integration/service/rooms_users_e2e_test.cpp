// A room's users are network users: three wpnd secondaries meet in a room one of them
// hosts; two are on one hub, the third on a second hub linked to it. One keeps the default
// name "OpenWPN" (no digits of its own): its room name is its network name, so the user on
// the other hub browses its files and sends it a private message straight from the room's
// user list, across the link. After the first hub restarts, the host's room is listed
// there again at once, and the new network name of "OpenWPN" (a new client id) reaches the
// room as a rename that the others see.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "ipc/room_dto.h"
#include "raw_client.h"
#include "room_node.h"

namespace {

using namespace wpn;
using namespace wpn::test;

constexpr const char* HubIp = "127.0.0.70";
constexpr const char* HubPort = "47390";  // fixed: the hub comes back where the secondaries look
constexpr const char* OtherHubIp = "127.0.0.74";
constexpr const char* OtherHubPort = "47391";

std::string network_name(RoomNode& node) {
  const auto run = node.ctl({"network"});
  if (run.exit_code != 0) return {};
  const auto status = json_of(run);
  return ipc::get_bool(status, "logged_in").value_or(false) ? ipc::get_string(status, "full_name").value_or("")
                                                            : std::string();
}

bool logged_in(RoomNode& node) { return !network_name(node).empty(); }

bool logged(RoomNode& node, const std::string& text) {
  const auto run = run_wpnctl(node.home, {"logs", "--lines", "2000"});
  return run.exit_code == 0 && run.out.find(text) != std::string::npos;
}

std::vector<ipc::ListedRoomDto> listed_rooms(RoomNode& node) {
  const auto run = node.ctl({"rooms", "list", "--wait", "1"});
  if (run.exit_code != 0) return {};
  return ipc::room_list_from_json(json_of(run)).rooms;
}

bool lists(RoomNode& node, const std::string& base_name) {
  for (const auto& room : listed_rooms(node))
    if (room.base_name == base_name) return true;
  return false;
}

// Network events of one node, read through its control socket.
class PmWatch {
 public:
  explicit PmWatch(RoomNode& node) : client_(node.home.socket()) {
    BOOST_REQUIRE(client_.send_frame(R"({"id":0,"method":"hello","params":{"protocol":1}})"));
    BOOST_REQUIRE(client_.read_frame(10s));
    BOOST_REQUIRE(client_.send_frame(R"({"id":1,"method":"events.subscribe","params":{"topics":["network"]}})"));
    BOOST_REQUIRE(client_.read_frame(10s));
  }
  // The text of the next private message within `limit`.
  std::optional<std::string> next_pm(std::chrono::milliseconds limit) {
    std::optional<std::string> text;
    eventually(
        [&] {
          const auto frame = client_.read_frame(100ms);
          if (!frame) return false;
          const auto message = ipc::parse_server_message(*frame);
          const auto* event = message ? std::get_if<ipc::Event>(&*message) : nullptr;
          if (event && event->name == "network.pm") text = ipc::get_string(event->data, "text");
          return text.has_value();
        },
        limit);
    return text;
  }

 private:
  RawClient client_;
};

struct ThreeInARoom {
  RoomNode hub;
  RoomNode other_hub;
  RoomNode plain;   // the default name, on the first hub
  RoomNode bob;     // hosts the room, on the first hub
  RoomNode carol;   // on the other hub
  std::string den;  // bob's room as HOST:PORT

  ThreeInARoom() {
    hub.home.write_config(R"({"shares": []})");
    other_hub.home.write_config(R"({"shares": []})");
    hub.start({"--role", "primary", "--bind", HubIp, "--data-port", HubPort, "--neighbour",
               std::string(OtherHubIp) + ":6700"});
    other_hub.start({"--role", "primary", "--bind", OtherHubIp, "--data-port", OtherHubPort, "--neighbour",
                     std::string(HubIp) + ":6700"});
    const std::string hubs = std::string(R"("hubs": [")") + HubIp + ":" + HubPort + R"("])";
    const std::string other_hubs = std::string(R"("hubs": [")") + OtherHubIp + ":" + OtherHubPort + R"("])";
    const auto music = plain.home.root() / "music";
    write_random(music / "Den Song.mp3", 200'000, 7);
    write_random(music / "den notes.txt", 2'000, 8);
    plain.home.write_config(R"({"share_mode": "all", "shares": [")" + music.string() + R"("], )" + hubs + "}");
    bob.home.write_config(R"({"shares": [], )" + hubs + "}");
    carol.home.write_config(R"({"shares": [], )" + other_hubs + "}");
    plain.start({"--bind", "127.0.0.71", "--data-port", "0"});
    bob.start({"--bind", "127.0.0.72", "--name", "bob", "--data-port", "0"});
    carol.start({"--bind", "127.0.0.73", "--name", "carol", "--data-port", "0"});
    for (auto* node : {&plain, &bob, &carol}) BOOST_REQUIRE(eventually([&] { return logged_in(*node); }, 30s));

    const auto hosted = bob.ctl({"rooms", "host", "Den", "--port", "0", "--topic", "Anyone"});
    BOOST_REQUIRE_MESSAGE(hosted.exit_code == 0, hosted.err);
    den = "127.0.0.72:" + std::to_string(ipc::hosted_room_from_json(json_of(hosted)).port);
    // Bob registers the way RoboServ-style hosts do (chat.md §9.2): a 0x50 link to his hub,
    // which asks over it with 0x4E.
    BOOST_TEST(eventually(
        [&] { return logged(bob, std::string("primary link to ") + HubIp + ":" + HubPort + " ready"); }, 10s));
    BOOST_TEST(eventually([&] { return logged(hub, "room query link from 127.0.0.72"); }, 10s));
    BOOST_TEST(eventually([&] { return logged(bob, "1 room(s) sent"); }, 10s));
    BOOST_REQUIRE(eventually([&] { return lists(plain, "Den"); }, 30s));
    // A new room brings its hub's RoomAnnounce forward to 5 s after the last one
    // (docs/hub-link.md §3.4), well before the 60 s interval.
    BOOST_REQUIRE(eventually([&] { return lists(carol, "Den"); }, 20s));
    BOOST_REQUIRE_EQUAL(plain.ctl({"join", "Den"}).exit_code, 0);
    BOOST_REQUIRE_EQUAL(carol.ctl({"join", "Den"}).exit_code, 0);
    BOOST_REQUIRE_EQUAL(bob.ctl({"join", den}).exit_code, 0);
    for (auto* node : {&plain, &carol}) BOOST_REQUIRE(eventually([&] { return node->in_state("Den", "joined"); }, 20s));
    BOOST_REQUIRE(eventually([&] { return bob.in_state(den, "joined"); }, 20s));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(rooms_users_e2e)

BOOST_FIXTURE_TEST_CASE(a_room_user_with_the_default_name_is_browsed_and_messaged_from_the_user_list, ThreeInARoom) {
  // Three secondaries, one room: each sees all three.
  BOOST_TEST(eventually([&] { return plain.users("Den").size() == 3 && carol.users("Den").size() == 3; }, 10s));
  BOOST_TEST(eventually([&] { return bob.users(den).size() == 3; }, 10s));

  // "OpenWPN" got its three digits once: one name on the network and in the room.
  const std::string name = network_name(plain);
  BOOST_TEST(name.rfind("OpenWPN", 0) == 0u, name);
  BOOST_TEST(plain.room_now("Den").own_name == name);
  std::optional<ipc::RoomUserDto> listed;
  BOOST_REQUIRE_MESSAGE(eventually([&] { return (listed = carol.user("Den", name)).has_value(); }, 10s),
                        name + " is not in carol's user list of Den");
  BOOST_TEST(listed->files == 2u);

  // Carol, on the other hub, browses and messages that user with the name and handle of
  // the room's list.
  const auto browsed = carol.ctl({"browse", listed->name, listed->handle});
  BOOST_TEST_REQUIRE(browsed.exit_code == 0, browsed.err);
  BOOST_TEST(browsed.out.find("Den Song.mp3") != std::string::npos, browsed.out);
  BOOST_TEST(browsed.out.find("den notes.txt") != std::string::npos, browsed.out);
  PmWatch watch(plain);
  const auto sent = carol.ctl({"pm", listed->name, listed->handle, "hello", "from", "the", "room"});
  BOOST_TEST_REQUIRE(sent.exit_code == 0, sent.err);
  BOOST_TEST(watch.next_pm(30s).value_or("") == "hello from the room");

  // Talk reaches all three.
  BOOST_REQUIRE_EQUAL(carol.ctl({"say", "Den", "evening", "all"}).exit_code, 0);
  BOOST_TEST(eventually([&] { return plain.heard("Den", "evening all") && bob.heard(den, "evening all"); }, 10s));

  // The hub restarts. The rooms themselves do not depend on it: everyone stays in Den.
  BOOST_REQUIRE_EQUAL(hub.wpnd->stop(), 0);
  BOOST_REQUIRE(eventually([&] { return !logged_in(bob) && !logged_in(plain); }, 30s));
  hub.wpnd = std::make_unique<WpndProcess>(hub.home, hub.args);
  hub.wpnd->require_ready();
  BOOST_REQUIRE(eventually([&] { return logged_in(bob) && logged_in(carol) && logged_in(plain); }, 30s));
  // Bob re-registers Den as soon as he is back: no wait for the 30-second renewal.
  BOOST_TEST(eventually([&] { return lists(plain, "Den"); }, 4s), "Den not listed within 4 s of the logins");

  // A new client id is a new network name; the room hears it as a rename, and the user
  // list keeps leading to the right user.
  const std::string renamed = network_name(plain);
  BOOST_TEST(renamed.rfind("OpenWPN", 0) == 0u, renamed);
  if (renamed == name) {
    BOOST_TEST_MESSAGE("the hub gave the same client id again; no rename to see");
    return;
  }
  BOOST_TEST(eventually([&] { return plain.room_now("Den").own_name == renamed; }, 10s));
  BOOST_TEST(eventually([&] { return carol.user("Den", renamed).has_value() && !carol.user("Den", name); }, 10s));
  BOOST_TEST(eventually(
      [&] {
        for (const auto& line : bob.history(den))
          if (line.kind == "renamed" && line.name == name && line.text == renamed) return true;
        return false;
      },
      10s));
  const auto again = bob.user(den, renamed);
  BOOST_REQUIRE(again.has_value());
  const auto resent = bob.ctl({"pm", again->name, again->handle, "still", "you?"});
  BOOST_TEST_REQUIRE(resent.exit_code == 0, resent.err);
  BOOST_TEST(watch.next_pm(30s).value_or("") == "still you?");
}

BOOST_AUTO_TEST_SUITE_END()
