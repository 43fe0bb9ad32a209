// Room DTOs survive the JSON trip, readers bound hostile input, and the params parsers
// refuse what the service must not see.
#include <boost/test/unit_test.hpp>

#include "ipc/room_dto.h"
#include "ipc/room_params.h"

using namespace wpn::ipc;

namespace {

JsonObject json(const char* text) { return *parse_json_object(text); }

}  // namespace

BOOST_AUTO_TEST_SUITE(room_dto)

BOOST_AUTO_TEST_CASE(results_round_trip) {
  RoomListDto list{{{"Lobby_0100007F1A2B", "Lobby", "127.0.0.1", 6699, 3, 50, "hi"}}};
  BOOST_TEST((room_list_from_json(to_json(list)) == list));
  RoomsDto rooms{{{"127.0.0.2:7001", "Room_0200007F1B59", "127.0.0.2:7001", "bob123_00001", "joined", "t", 2, 1,
                   "closed_by_host", ""}}};
  BOOST_TEST((rooms_from_json(to_json(rooms)) == rooms));
  RoomUsersDto users{"Lobby", {{"bob123_00001", "WinMX 0100007f1871", 8, 12, "operator"}}};
  BOOST_TEST((room_users_from_json(to_json(users)) == users));
  RoomHistoryDto history{
      "Lobby", {{"Lobby", 4, 1700000000000, "chat", "bob123_00001", "red text", {{"red ", 4}, {"text", -1}}}}};
  BOOST_TEST((room_history_from_json(to_json(history)) == history));
  HostedRoomsDto hosted{{{"Lobby", "Lobby_0100007F1B59", 7001, "t", 1, 10, true, {"bob123_00001"}}}};
  BOOST_TEST((hosted_rooms_from_json(to_json(hosted)) == hosted));
  RoomBansDto bans{{{"Lobby", "bob", "bob123_00001", "127.0.0.3", 0, "the owner"}}};
  BOOST_TEST((room_bans_from_json(to_json(bans)) == bans));
  RoomEventDto event{"Lobby", "Lobby_0100007F1B59", "t", 3, "kicked", "bye", true};
  BOOST_TEST((room_event_from_json(to_json(event)) == event));
  RoomUserEventDto user{"Lobby", "old123_00001", "new123_00001", "WinMX 0100007f1871", 8, 2, "normal"};
  BOOST_TEST((room_user_event_from_json(to_json(user)) == user));
}

BOOST_AUTO_TEST_CASE(readers_skip_rows_that_are_not_objects) {
  const auto list = room_list_from_json(json(R"({"rooms":[1,"x",{"name":"A_0100007F1A2B","port":6699}]})"));
  BOOST_REQUIRE_EQUAL(list.rooms.size(), 1u);
  BOOST_TEST(list.rooms[0].port == 6699u);
  BOOST_TEST(room_history_from_json(json(R"({"lines":{}})")).lines.empty());
}

BOOST_AUTO_TEST_CASE(params_parse_and_refuse) {
  BOOST_TEST(parse_rooms_list(json("{}"))->wait_ms == DefaultRoomListWaitMs);
  BOOST_TEST(!parse_rooms_list(json(R"({"wait_ms":30001})")));
  BOOST_TEST(!parse_room_ref(json("{}")));
  BOOST_TEST(!parse_room_ref(json(R"({"room":""})")));
  BOOST_TEST(!parse_room_ref(json(R"({"room":7})")));
  const auto say = parse_rooms_say(json(R"({"room":"Lobby","text":"hi","action":true})"));
  BOOST_REQUIRE(say);
  BOOST_TEST(say->action);
  BOOST_TEST(!parse_rooms_say(json(R"({"room":"Lobby","text":""})")));
  BOOST_TEST(!parse_rooms_say(json((R"({"room":"Lobby","text":")" + std::string(1021, 'a') + R"("})").c_str())));
  BOOST_TEST(!parse_rooms_say(json(R"({"room":"Lobby","text":"x","action":"yes"})")));
  const auto host = parse_rooms_host(json(R"({"name":"Lobby","port":7001,"motd":["a","b"],"limit":5})"));
  BOOST_REQUIRE(host);
  BOOST_TEST(host->port == 7001u);
  BOOST_TEST(host->limit == 5u);
  BOOST_TEST(host->motd.size() == 2u);
  BOOST_TEST(!parse_rooms_host(json(R"({"name":"Lobby","port":70000})")));
  BOOST_TEST(!parse_rooms_host(json(R"({"name":"Lobby","limit":0})")));
  BOOST_TEST(!parse_rooms_host(json(R"({"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})")));
  BOOST_TEST(!parse_rooms_host(json(R"({"name":"Lobby","motd":[1]})")));
  BOOST_TEST(parse_room_user(json(R"({"room":"Lobby","user":"bob","seconds":60})"))->seconds == 60u);
  BOOST_TEST(!parse_room_user(json(R"({"room":"Lobby"})")));
  BOOST_TEST(!parse_rooms_topic(json(("{\"room\":\"Lobby\",\"topic\":\"" + std::string(126, 't') + "\"}").c_str())));
  for (const auto& params : {to_json(RoomsHostParams{"Lobby", 7001, "t", 5, {"m"}, "pw"})})
    BOOST_TEST((*parse_rooms_host(params) == RoomsHostParams{"Lobby", 7001, "t", 5, {"m"}, "pw"}));
}

BOOST_AUTO_TEST_SUITE_END()
