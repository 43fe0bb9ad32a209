// The hub's room table and the room list both ways: a secondary's 0x238D is answered with
// one 0x238E per registered room, which the secondary reports as RoomListEntry events.
#include <boost/test/unit_test.hpp>

#include "overlay/hub_rooms.h"
#include "overlay_test_support.h"
#include "protocol/message_types.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::MiniNet;

namespace {

const p::Ip4 HostIp{127, 0, 0, 1};
const p::Ip4 AliceIp{127, 0, 0, 3};

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_rooms)

BOOST_AUTO_TEST_CASE(builds_the_listed_name_from_the_hosts_address_and_port) {
  o::HubRooms rooms;
  BOOST_TEST(rooms.register_room(HostIp, 6699, "Lobby", "Hello all", 3, 50, 1000));
  const auto entries = rooms.entries();
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  // chat.md §2: 127.0.0.1 -> "0100007F", 6699 -> "1A2B".
  BOOST_TEST(entries[0].name == "Lobby_0100007F1A2B");
  BOOST_TEST(entries[0].topic == "Hello all");
  BOOST_TEST(entries[0].users == 3u);
  BOOST_TEST(entries[0].limit == 50u);
}

BOOST_AUTO_TEST_CASE(a_renewal_replaces_and_an_old_room_ages_out) {
  o::HubRooms rooms(o::HubRoomsConfig{10000, 100});
  BOOST_TEST(rooms.register_room(HostIp, 7000, "Lobby", "old", 1, 50, 1000));
  BOOST_TEST(rooms.register_room(HostIp, 7000, "Lobby", "new", 2, 50, 8000));
  BOOST_REQUIRE_EQUAL(rooms.size(), 1u);
  BOOST_TEST(rooms.entries()[0].topic == "new");
  rooms.expire(17999);
  BOOST_TEST(rooms.size() == 1u);
  rooms.expire(18000);
  BOOST_TEST(rooms.size() == 0u);
}

BOOST_AUTO_TEST_CASE(refuses_bad_names_port_zero_and_a_full_table) {
  o::HubRooms rooms(o::HubRoomsConfig{10000, 2});
  BOOST_TEST(!rooms.register_room(HostIp, 7000, "", "t", 0, 1, 0));
  BOOST_TEST(!rooms.register_room(HostIp, 7000, std::string(41, 'x'), "t", 0, 1, 0));
  BOOST_TEST(!rooms.register_room(HostIp, 0, "Lobby", "t", 0, 1, 0));
  BOOST_TEST(rooms.register_room(HostIp, 7001, "A", std::string(300, 't'), 0, 1, 0));
  BOOST_TEST(rooms.register_room(HostIp, 7002, "B", "t", 0, 1, 0));
  BOOST_TEST(!rooms.register_room(HostIp, 7003, "C", "t", 0, 1, 0));
  BOOST_TEST(rooms.entries()[0].topic.size() == p::MaxRoomTopicLength);
  rooms.remove_room(HostIp, 7001);
  BOOST_TEST(rooms.register_room(HostIp, 7003, "C", "t", 0, 1, 0));
}

BOOST_AUTO_TEST_CASE(a_udp_announcement_registers_under_its_source_address) {
  o::HubRooms rooms;
  p::RoomAnnouncement announcement;
  announcement.port = 0x1A2B;
  announcement.name = "Remote";
  announcement.topic = "far away";
  announcement.users = 7;
  announcement.limit = 40;
  BOOST_TEST(rooms.register_room(p::Ip4{10, 0, 0, 9}, announcement, 5));
  BOOST_TEST(rooms.entries()[0].name == "Remote_0900000A1A2B");
}

BOOST_AUTO_TEST_CASE(a_secondary_asks_and_gets_one_entry_per_room) {
  MiniNet net;
  net.hub.rooms().register_room(HostIp, 6699, "Lobby", "Hello", 3, 50, net.now);
  net.hub.rooms().register_room(HostIp, 7000, "Music", "", 0, 10, net.now);
  auto& alice = net.connect("alice123", AliceIp);
  const auto before = alice.received.size();
  BOOST_TEST(alice.session->request_rooms());
  net.pump();
  std::vector<p::Frame> answers(alice.received.begin() + static_cast<std::ptrdiff_t>(before), alice.received.end());
  BOOST_REQUIRE_EQUAL(answers.size(), 2u);
  for (const auto& frame : answers) BOOST_TEST(frame.type == p::msg::RoomListEntry);
  const auto listed = net.events_of<p::RoomListEntry>(alice);
  BOOST_REQUIRE_EQUAL(listed.size(), 2u);
  BOOST_TEST(listed[0].name == "Lobby_0100007F1A2B");
  BOOST_TEST(listed[1].name == "Music_0100007F1B58");
  BOOST_TEST(listed[0].users == 3u);
}

BOOST_AUTO_TEST_CASE(an_expired_room_is_not_answered) {
  MiniNet net;
  net.hub.rooms().register_room(HostIp, 6699, "Lobby", "Hello", 3, 50, net.now);
  auto& alice = net.connect("alice123", AliceIp);
  net.now += 180000;
  alice.session->request_rooms();
  net.pump();
  BOOST_TEST(net.events_of<p::RoomListEntry>(alice).empty());
}

BOOST_AUTO_TEST_CASE(a_secondary_not_logged_in_does_not_ask_and_skips_a_bad_entry) {
  o::SecondarySession idle(o::SecondaryConfig{}, [] { return p::QueueStatus{}; });
  BOOST_TEST(!idle.request_rooms());
  MiniNet net;
  auto& alice = net.connect("alice123", AliceIp);
  const auto skipped = alice.session->skipped_frames();
  alice.session->on_frame(p::Frame{p::msg::RoomListEntry, {1, 2, 3}}, net.now);  // too short for two u32
  BOOST_TEST(alice.session->skipped_frames() == skipped + 1);
  BOOST_TEST((alice.session->state() == o::SecondarySession::State::LoggedIn));
}

BOOST_AUTO_TEST_SUITE_END()
