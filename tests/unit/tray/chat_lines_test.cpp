#include <boost/test/unit_test.hpp>

#include "model/chat_lines.h"

using namespace wpn::tray;
using wpn::ipc::ColourSpanDto;
using wpn::ipc::ListedRoomDto;
using wpn::ipc::RoomDto;
using wpn::ipc::RoomLineDto;

namespace {

std::string joined(const std::vector<ColouredSpan>& spans) {
  std::string text;
  for (const auto& span : spans) text += span.text;
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_lines)

BOOST_AUTO_TEST_CASE(service_spans_come_back_as_the_same_colours) {
  RoomLineDto line{"Lobby", 7, 0, "chat", "bob_1", "red plain", {{"red ", 4}, {"plain", -1}}};
  const auto chat = chat_line_of(line, "me_2");
  BOOST_TEST(chat.seq == 7u);
  BOOST_TEST(!chat.own);
  BOOST_TEST(strip_colours(chat.text) == "red plain");
  const auto spans = line_spans(chat);
  BOOST_REQUIRE(spans.size() == 3u);
  BOOST_TEST((spans[0] == ColouredSpan{0, "<bob_1> "}));
  BOOST_TEST((spans[1] == ColouredSpan{4, "red "}));
  // Back in the default colour, which the wire form cannot say: the spans are kept.
  BOOST_TEST((spans[2] == ColouredSpan{0, "plain"}));
  BOOST_TEST(chat_line_of(line, "bob_1").own);
}

BOOST_AUTO_TEST_CASE(each_kind_reads_as_a_person_expects) {
  auto make = [](const char* kind, const char* name, const char* text) {
    return chat_line_of(RoomLineDto{"r", 1, 0, kind, name, text, {}}, "");
  };
  BOOST_TEST(joined(line_spans(make("action", "bob_1", "waves"))) == "* bob_1 waves");
  BOOST_TEST(make("action", "bob_1", "waves").action);
  BOOST_TEST(joined(line_spans(make("joined", "amy_3", ""))) == "-- amy_3 joined");
  BOOST_TEST(joined(line_spans(make("left", "amy_3", ""))) == "-- amy_3 left");
  BOOST_TEST(joined(line_spans(make("topic", "", "Fresh"))) == "-- Topic: Fresh");
  BOOST_TEST(joined(line_spans(make("server", "", "Welcome"))) == "-- Welcome");
  BOOST_TEST(joined(line_spans(make("chat", "bob_1", "hi"))) == "<bob_1> hi");
}

BOOST_AUTO_TEST_CASE(history_and_live_lines_overlap_without_repeats) {
  ChatTabs tabs;
  for (std::uint64_t seq : {1u, 2u, 3u})
    tabs.add_line(ChatTabKind::Room, "Lobby", chat_line_of(RoomLineDto{"Lobby", seq, 0, "chat", "a", "x", {}}, ""));
  BOOST_TEST(
      !tabs.add_line(ChatTabKind::Room, "Lobby", chat_line_of(RoomLineDto{"Lobby", 3, 0, "chat", "a", "x", {}}, "")));
  BOOST_TEST(
      tabs.add_line(ChatTabKind::Room, "Lobby", chat_line_of(RoomLineDto{"Lobby", 4, 0, "chat", "a", "y", {}}, "")));
  BOOST_TEST(tabs.tab(0).lines.size() == 4u);
  // Private lines carry no number and are all kept.
  BOOST_TEST(tabs.add_line(ChatTabKind::Private, "bob", {"bob", "a", false, false}));
  BOOST_TEST(tabs.add_line(ChatTabKind::Private, "bob", {"bob", "a", false, false}));
}

BOOST_AUTO_TEST_CASE(no_active_tab_makes_every_line_unread) {
  ChatTabs tabs;
  tabs.open(ChatTabKind::Room, "Lobby");
  tabs.deactivate();
  tabs.add_line(ChatTabKind::Room, "Lobby", {"a", "x", false, false});
  BOOST_TEST(tabs.label(0) == "#Lobby (1)");
}

BOOST_AUTO_TEST_CASE(room_names_lose_only_a_real_suffix) {
  BOOST_TEST(room_base_name("Lobby_0500007FB8CF") == "Lobby");
  BOOST_TEST(room_base_name("My_Room_0100007f1a2b") == "My_Room");
  BOOST_TEST(room_base_name("Lobby_0500007FB8CG") == "Lobby_0500007FB8CG");
  BOOST_TEST(room_base_name("Lobby_123") == "Lobby_123");
  BOOST_TEST(room_base_name("_0500007FB8CF") == "_0500007FB8CF");
  BOOST_TEST(room_base_name("") == "");
}

BOOST_AUTO_TEST_CASE(the_filter_matches_every_word_in_name_or_topic) {
  const std::vector<ListedRoomDto> rooms{{"Lobby_0500007FB8CF", "Lobby", "127.0.0.5", 47311, 3, 10, "Welcome here"},
                                         {"Jazz_0500007FB8D0", "Jazz", "127.0.0.5", 47312, 1, 10, "Late night"}};
  BOOST_TEST(filter_rooms(rooms, "").size() == 2u);
  BOOST_TEST(filter_rooms(rooms, "  ").size() == 2u);
  const auto jazz = filter_rooms(rooms, "NIGHT jazz");
  BOOST_REQUIRE(jazz.size() == 1u);
  BOOST_TEST(jazz[0].base_name == "Jazz");
  BOOST_TEST(filter_rooms(rooms, "welcome jazz").empty());
  // The hidden suffix never matches.
  BOOST_TEST(filter_rooms(rooms, "0500007f").empty());
}

BOOST_AUTO_TEST_CASE(line_types_and_room_ends_read_plainly) {
  BOOST_TEST(line_type_text(8) == "DSL");
  BOOST_TEST(line_type_text(0) == "Unknown");
  BOOST_TEST(line_type_text(11) == "Unknown");
  RoomDto room;
  room.state = "joined";
  BOOST_TEST(room_state_text(room) == "");
  room.state = "closed";
  room.last_end = "kicked";
  BOOST_TEST(room_state_text(room) == "Kicked by the host");
  room.last_end = "rejected";
  room.last_text = "\x03\x04Login rejected. Username taken.";
  BOOST_TEST(room_state_text(room) == "Rejected by the host: Login rejected. Username taken.");
  room.last_end = "timed_out";
  room.last_text.clear();
  BOOST_TEST(room_state_text(room) == "Closed (timed_out)");
}

BOOST_AUTO_TEST_CASE(a_room_is_ours_when_its_listed_name_is) {
  wpn::ipc::HostedRoomsDto hosted;
  hosted.rooms.push_back({"Lobby", "Lobby_0500007FB8CF", 47311, "", 0, 10, true, {}});
  RoomDto by_name;
  by_name.key = "Lobby";
  by_name.name = "Lobby_0500007FB8CF";
  BOOST_TEST(hosted_name(hosted, by_name) == "Lobby");
  RoomDto by_address;
  by_address.key = "127.0.0.5:47311";
  by_address.name = "Renamed_0500007FB8CF";
  BOOST_TEST(hosted_here(hosted, by_address));
  RoomDto other;
  other.key = "Lobby_0600007FB8CF";
  other.name = "Lobby_0600007FB8CF";
  BOOST_TEST(!hosted_here(hosted, other));
  BOOST_TEST(!hosted_here({}, by_name));
}

BOOST_AUTO_TEST_CASE(a_room_joined_by_address_takes_the_name_it_is_known_by) {
  RoomDto listed_room;
  listed_room.key = "Lobby_0500007FB8CF";
  listed_room.name = "Lobby_0500007FB8CF";
  BOOST_TEST(room_title(listed_room, {}, {}) == "Lobby");
  RoomDto by_address;
  by_address.key = "127.0.0.5:47311";
  by_address.name = "Room_0500007FB8CF";  // the service's name for an unlisted room
  BOOST_TEST(room_title(by_address, {}, {}) == "127.0.0.5:47311");
  const std::vector<ListedRoomDto> list{{"Lobby_0500007FB8CF", "Lobby", "127.0.0.5", 47311, 1, 10, ""}};
  BOOST_TEST(room_title(by_address, list, {}) == "Lobby");
  wpn::ipc::HostedRoomsDto hosted;
  hosted.rooms.push_back({"Den", "Den_0500007FB8CF", 47311, "", 0, 5, true, {}});
  BOOST_TEST(room_title(by_address, {}, hosted) == "Den");
}

BOOST_AUTO_TEST_SUITE_END()
