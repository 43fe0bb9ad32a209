#include "protocol/codecs/hub_link.h"
#include "protocol/key_block.h"

#include <boost/test/unit_test.hpp>

#include <string>

#include "message_test_support.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::hex;

namespace {

// Hub 127.0.0.3, UDP 6257 (0x1871): hub id bytes 7F000003 7118.
const NodeHandle HubC{{127, 0, 0, 3}, 6257};
const NodeHandle HubA{{127, 0, 0, 2}, 6257};

Bytes z(const std::string& text) { return bytes_of(text + std::string(1, '\0')); }

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

template <class M>
M decoded(std::uint16_t type, const Bytes& wire) {
  auto message = decode_hub_link_message(type, wire);
  BOOST_TEST_REQUIRE(message.has_value());
  BOOST_TEST_REQUIRE(std::holds_alternative<M>(*message));
  return std::get<M>(*message);
}

template <class M>
Bytes encoded(const M& message) {
  Bytes out;
  encode(message, out);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_link)

BOOST_AUTO_TEST_CASE(hello_reads_version_hub_id_ports_and_free_slots_as_the_doc_lays_them_out) {
  // version 1, 127.0.0.3:6257, tcp 6699 (0x1A2B), link 6700 (0x1A2C), 5
  // secondary, 3 primary
  const Bytes wire = hex("0100 7F000003 7118 2B1A 2C1A 05 03");
  const auto hello = decoded<LinkHello>(link::Hello, wire);
  BOOST_TEST(hello.version == 1);
  BOOST_TEST((hello.self.hub == HubC));
  BOOST_TEST(hello.self.tcp_port == 6699);
  BOOST_TEST(hello.self.link_port == 6700);
  BOOST_TEST(hello.self.free_secondary == 5);
  BOOST_TEST(hello.self.free_primary == 3);
  BOOST_TEST(encoded(hello) == wire);
}

BOOST_AUTO_TEST_CASE(fixed_size_messages_reject_trailing_bytes_and_truncation) {
  const Bytes wire = hex("0100 7F000003 7118 2B1A 2C1A 05 03");
  Bytes longer = wire;
  longer.push_back(0);
  BOOST_TEST(!decode_hub_link_message(link::Hello, longer).has_value());
  wpn::test::require_truncations_fail(wire, wire.size(),
                                      [](ByteView v) { return decode_hub_link_message(link::Hello, v); });
}

BOOST_AUTO_TEST_CASE(search_carries_query_id_origin_ttl_hops_and_the_secondary_frame_untouched) {
  const Bytes inner = concat({hex("07000000 0000 00 00"), z("blue moon"), hex("00")});
  const Bytes wire = concat({hex("EFBEADDE 7F000002 7118 04 00 7117"), inner});
  const auto search = decoded<LinkSearch>(link::Search, wire);
  BOOST_TEST(search.query_id == 0xDEADBEEFu);
  BOOST_TEST((search.origin == HubA));
  BOOST_TEST(search.ttl == 4);
  BOOST_TEST(search.hops == 0);
  BOOST_TEST(search.wpn_type == 0x1771);
  BOOST_TEST(search.wpn_payload == inner);
  BOOST_TEST(encoded(search) == wire);
}

BOOST_AUTO_TEST_CASE(routed_request_carries_target_origin_requester_and_the_whole_frame) {
  const Bytes inner = concat({z("WinMX 0300007f1871"), z("carol123_00042")});
  const Bytes wire =
      concat({hex("7F000003 7118 7F000002 7118 06 0A000001 5A1A 0800"), z("alice123_00007"), hex("8913"), inner});
  const auto request = decoded<RoutedRequest>(link::RoutedRequest, wire);
  BOOST_TEST((request.target == HubC));
  BOOST_TEST((request.origin == HubA));
  BOOST_TEST(request.ttl == 6);
  BOOST_TEST((request.requester_ip == Ip4{10, 0, 0, 1}));
  BOOST_TEST(request.requester_data_port == 6746);
  BOOST_TEST(static_cast<int>(request.requester_line_type) == 8);
  BOOST_TEST(request.requester == "alice123_00007");
  BOOST_TEST(request.wpn_type == 0x1389);
  BOOST_TEST(request.wpn_payload == inner);
  BOOST_TEST(encoded(request) == wire);
}

BOOST_AUTO_TEST_CASE(user_not_here_names_the_hub_that_gave_up_and_an_unknown_reason_is_refused) {
  const Bytes good = concat({hex("7F000002 7118 7F000003 7118 07 02"), z("alice123_00007"), hex("8913")});
  const auto not_here = decoded<UserNotHere>(link::UserNotHere, good);
  BOOST_TEST((not_here.target == HubA));
  BOOST_TEST((not_here.sender == HubC));
  BOOST_TEST((not_here.reason == NotHereReason::HubUnreachable));
  BOOST_TEST(not_here.wpn_payload.empty());
  BOOST_TEST(encoded(not_here) == good);
  const Bytes bad = concat({hex("7F000002 7118 7F000003 7118 07 09"), z("alice123_00007"), hex("8913")});
  auto refused = decode_hub_link_message(link::UserNotHere, bad);
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().offset == 13u);
}

BOOST_AUTO_TEST_CASE(search_hit_names_the_origin_then_the_responding_hub_before_the_result) {
  const Bytes result = hex("07000000 7F000003 7118");
  const Bytes wire = concat({hex("EFBEADDE 7F000002 7118 7F000003 7118"), result});
  const auto hit = decoded<LinkSearchHit>(link::SearchHit, wire);
  BOOST_TEST(hit.query_id == 0xDEADBEEFu);
  BOOST_TEST((hit.origin == HubA));
  BOOST_TEST((hit.responder == HubC));
  BOOST_TEST(hit.result == result);
  BOOST_TEST(encoded(hit) == wire);
  wpn::test::require_truncations_fail(wire, 16, [](ByteView v) { return decode_hub_link_message(link::SearchHit, v); });
}

BOOST_AUTO_TEST_CASE(routed_delivery_names_the_target_then_the_sending_hub) {
  const Bytes inner = z("WinMX 0300007f1871");
  const Bytes wire = concat({hex("7F000002 7118 7F000003 7118 07"), z("alice123_00007"), hex("8A13"), inner});
  const auto delivery = decoded<RoutedDelivery>(link::RoutedDelivery, wire);
  BOOST_TEST((delivery.target == HubA));
  BOOST_TEST((delivery.sender == HubC));
  BOOST_TEST(delivery.ttl == 7);
  BOOST_TEST(delivery.user == "alice123_00007");
  BOOST_TEST(delivery.wpn_type == 0x138A);
  BOOST_TEST(delivery.wpn_payload == inner);
  BOOST_TEST(encoded(delivery) == wire);
}

BOOST_AUTO_TEST_CASE(room_entry_reads_counts_name_and_topic) {
  const Bytes wire = concat({hex("01000000 7F000002 7118 0C000000 32000000"), z("lounge_0300007F2B1A"), z("hi")});
  const auto entry = decoded<RoomEntry>(link::RoomEntry, wire);
  BOOST_TEST(entry.users == 12u);
  BOOST_TEST(entry.limit == 50u);
  BOOST_TEST(entry.room == "lounge_0300007F2B1A");
  BOOST_TEST(entry.topic == "hi");
  BOOST_TEST(encoded(entry) == wire);
}

BOOST_AUTO_TEST_CASE(room_announce_reads_its_hub_then_each_rooms_host_counts_name_and_topic) {
  const Bytes wire = concat({hex("05000000 07 7F000003 7118 0200"), hex("0A000909 2B1A 03000000 32000000"), z("Lobby"),
                             z("Hello"), hex("0A000909 581B 00000000 0A000000"), z("Music"), z("")});
  const auto announce = decoded<RoomAnnounce>(link::RoomAnnounce, wire);
  BOOST_TEST(announce.sequence == 5u);
  BOOST_TEST(announce.ttl == 7);
  BOOST_TEST((announce.hub == HubC));
  BOOST_TEST_REQUIRE(announce.rooms.size() == 2u);
  BOOST_TEST((announce.rooms[0].ip == Ip4{10, 0, 9, 9}));
  BOOST_TEST(announce.rooms[0].port == 6699);
  BOOST_TEST(announce.rooms[0].users == 3u);
  BOOST_TEST(announce.rooms[0].limit == 50u);
  BOOST_TEST(announce.rooms[0].name == "Lobby");
  BOOST_TEST(announce.rooms[0].topic == "Hello");
  BOOST_TEST(announce.rooms[1].port == 7000);
  BOOST_TEST(announce.rooms[1].name == "Music");
  BOOST_TEST(encoded(announce) == wire);
  BOOST_TEST(encoded_size(announce.rooms[0]) == 16u + 5u + 5u);
}

BOOST_AUTO_TEST_CASE(room_announce_with_a_count_its_payload_does_not_hold_fails) {
  const Bytes head = hex("05000000 07 7F000003 7118 FFFF");
  BOOST_TEST(!decode_hub_link_message(link::RoomAnnounce, head).has_value());
  const Bytes one = concat({hex("05000000 07 7F000003 7118 0100 0A000909 2B1A 03000000 32000000"), z("Lobby"), z("")});
  BOOST_TEST(decode_hub_link_message(link::RoomAnnounce, one).has_value());
  Bytes trailing = one;
  trailing.push_back(0);
  BOOST_TEST(!decode_hub_link_message(link::RoomAnnounce, trailing).has_value());
}

BOOST_AUTO_TEST_CASE(a_wpn_type_is_not_a_link_message) {
  BOOST_TEST(!decode_hub_link_message(0x1771, hex("00")).has_value());
  BOOST_TEST(!is_hub_link_type(0x1771));
  BOOST_TEST(is_hub_link_type(link::RoutedDelivery));
}

BOOST_AUTO_TEST_CASE(cache_registration_is_owr1_then_the_hub_endpoint_with_primary_slots_first) {
  const Bytes wire = hex("4F575231 01 7F000003 7118 2B1A 2C1A 02 09");
  auto registration = decode_cache_registration(wire);
  BOOST_TEST_REQUIRE(registration.has_value());
  BOOST_TEST((registration->hub.hub == HubC));
  BOOST_TEST(registration->hub.free_primary == 2);
  BOOST_TEST(registration->hub.free_secondary == 9);
  BOOST_TEST(encoded(*registration) == wire);
}

BOOST_AUTO_TEST_CASE(cache_registration_with_a_wrong_magic_or_version_is_refused) {
  BOOST_TEST(!decode_cache_registration(hex("4F575232 01 7F000003 7118 2B1A 2C1A 02 09")).has_value());
  BOOST_TEST(!decode_cache_registration(hex("4F575231 02 7F000003 7118 2B1A 2C1A 02 09")).has_value());
  BOOST_TEST(!decode_cache_registration(hex("4F575231 01 7F000003")).has_value());
}

BOOST_AUTO_TEST_CASE(link_key_blocks_carry_5c_and_5d_and_key_like_the_secondary_row) {
  std::array<Byte, 16> draws{};
  for (std::size_t i = 0; i < draws.size(); ++i) draws[i] = static_cast<Byte>(0x11 * i + 3);
  const KeyBlock server = create_key_block(key_id::HubLinkServer, draws);
  BOOST_TEST(decode_key_block_id(server).value() == 0x5D);
  BOOST_TEST(decode_key_block_id(create_key_block(key_id::HubLinkClient, draws)).value() == 0x5C);
  BOOST_TEST(server_id_for(0x5C).value() == 0x5D);
  // docs/hub-link.md §1: protocol.md §2.3 row 0x52/0x53 on the raw bytes R of the 0x5D block;
  // state A = R[7]+0x54, R[3], R[9], R[5]; state B = R[2]+0x55, R[8], R[13], R[6].
  const auto le = [](unsigned s0, unsigned s1, unsigned s2, unsigned s3) {
    return static_cast<std::uint32_t>((s0 & 0xFF) | (s1 << 8) | (s2 << 16) | (s3 << 24));
  };
  const auto& r = server;
  const auto keys = session_keys_from_server_block(server);
  BOOST_TEST_REQUIRE(keys.has_value());
  BOOST_TEST(keys->server_to_client == le(r[7] + 0x54u, r[3], r[9], r[5]));
  BOOST_TEST(keys->client_to_server == le(r[2] + 0x55u, r[8], r[13], r[6]));
}

BOOST_AUTO_TEST_SUITE_END()
