#include "protocol/codecs/chat_users.h"

#include <boost/test/unit_test.hpp>

#include "chat_test_support.h"

using namespace wpn::protocol;
using wpn::test::chat_frame;
using wpn::test::require_truncations_fail;

namespace {

void require_bob(const ChatUser& user, ChatRank rank) {
  BOOST_TEST(user.name == "bob887_52531");
  BOOST_TEST((user.node_ip == Ip4{192, 168, 1, 2}));
  BOOST_TEST(user.node_port == 6257);
  BOOST_TEST((user.line_type == LineType::Cable));
  BOOST_TEST(user.files == 10u);
  BOOST_TEST((user.rank == rank));
}

constexpr std::size_t RecordLength = 13 + 4 + 2 + 2 + 4;

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_users)

BOOST_AUTO_TEST_CASE(list_entry_with_a_u16_rank_reads_its_first_byte) {
  const auto frame = chat_frame("user_listed_0x0072_u16_rank.hex");
  BOOST_TEST(frame.type == chat_msg::UserListed);
  const auto entry = decode_chat_user_record<ChatUserListed>(frame.payload);
  BOOST_REQUIRE(entry.has_value());
  require_bob(entry->user, ChatRank::Operator);
  Bytes out;
  encode(*entry, out);  // we send one byte
  BOOST_TEST(out == Bytes(frame.payload.begin(), frame.payload.end() - 1));
}

BOOST_AUTO_TEST_CASE(join_with_a_one_byte_rank_round_trips_exactly) {
  const auto frame = chat_frame("user_joined_0x0071_u8_rank.hex");
  const auto joined = decode_chat_user_record<ChatUserJoined>(frame.payload);
  BOOST_REQUIRE(joined.has_value());
  require_bob(joined->user, ChatRank::Voiced);
  Bytes out;
  encode(*joined, out);
  BOOST_TEST(out == frame.payload);
}

BOOST_AUTO_TEST_CASE(a_353_record_without_its_rank_reads_as_normal) {
  const auto frame = chat_frame("user_joined_legacy_0x006e.hex");
  const auto joined = decode_chat_user_record<ChatUserJoined>(frame.payload);
  BOOST_REQUIRE(joined.has_value());
  require_bob(joined->user, ChatRank::Normal);
}

BOOST_AUTO_TEST_CASE(legacy_join_has_no_rank_and_ignores_trailing_bytes) {
  const auto frame = chat_frame("user_joined_legacy_0x006e.hex");
  BOOST_TEST(frame.type == chat_msg::UserJoinedLegacy);
  const auto joined = decode_chat_user_record<ChatUserJoinedLegacy>(frame.payload);
  BOOST_REQUIRE(joined.has_value());
  require_bob(joined->user, ChatRank::Normal);
  Bytes out;
  encode(*joined, out);
  BOOST_TEST(out == frame.payload);
  Bytes longer = frame.payload;
  longer.push_back(0x01);
  const auto tolerant = decode_chat_user_record<ChatUserJoinedLegacy>(longer);
  BOOST_REQUIRE(tolerant.has_value());
  require_bob(tolerant->user, ChatRank::Normal);
  require_truncations_fail(frame.payload, RecordLength,
                           [](ByteView p) { return decode_chat_user_record<ChatUserJoinedLegacy>(p); });
}

BOOST_AUTO_TEST_CASE(join_for_admins_carries_the_real_address_after_the_rank) {
  const auto frame = chat_frame("user_joined_with_ip_0x0075.hex");
  BOOST_TEST(frame.type == chat_msg::UserJoinedWithIp);
  const auto joined = decode_chat_user_joined_with_ip(frame.payload);
  BOOST_REQUIRE(joined.has_value());
  require_bob(joined->user, ChatRank::Normal);
  BOOST_TEST((joined->real_ip == Ip4{10, 1, 2, 3}));
  Bytes out;
  encode(*joined, out);
  BOOST_TEST(out == frame.payload);
  require_truncations_fail(frame.payload, frame.payload.size(),
                           [](ByteView p) { return decode_chat_user_joined_with_ip(p); });
}

BOOST_AUTO_TEST_CASE(part_names_the_user_and_its_node) {
  const auto frame = chat_frame("user_left_0x0073.hex");
  const auto left = decode_chat_user_left(frame.payload);
  BOOST_REQUIRE(left.has_value());
  BOOST_TEST(left->name == "bob887_52531");
  BOOST_TEST((left->node_ip == Ip4{192, 168, 1, 2}));
  BOOST_TEST(left->node_port == 6257);
  Bytes out;
  encode(*left, out);
  BOOST_TEST(out == frame.payload);
  require_truncations_fail(frame.payload, frame.payload.size(), [](ByteView p) { return decode_chat_user_left(p); });
}

BOOST_AUTO_TEST_CASE(rename_353_holds_old_address_new_record_and_rank) {
  const auto frame = chat_frame("user_renamed_0x0074.hex");
  const auto renamed = decode_chat_user_renamed(frame.payload);
  BOOST_REQUIRE(renamed.has_value());
  BOOST_TEST(renamed->old_name == "bob887_52531");
  BOOST_TEST((renamed->old_ip == Ip4{192, 168, 1, 2}));
  BOOST_TEST(renamed->old_port == 6257);
  BOOST_TEST(renamed->user.name == "robert887_52531");
  BOOST_TEST(renamed->user.files == 10u);
  BOOST_TEST((renamed->user.rank == ChatRank::Operator));
  Bytes out;
  encode(*renamed, out);
  BOOST_TEST(out == frame.payload);
  require_truncations_fail(frame.payload, frame.payload.size() - 1,
                           [](ByteView p) { return decode_chat_user_renamed(p); });
}

BOOST_AUTO_TEST_CASE(rename_331_has_no_rank) {
  const auto frame = chat_frame("user_renamed_legacy_0x0070.hex");
  BOOST_TEST(frame.type == chat_msg::UserRenamedLegacy);
  const auto renamed = decode_chat_user_renamed_legacy(frame.payload);
  BOOST_REQUIRE(renamed.has_value());
  BOOST_TEST(renamed->old_name == "bob887_52531");
  BOOST_TEST(renamed->user.name == "robert887_52531");
  BOOST_TEST((renamed->user.line_type == LineType::Cable));
  Bytes out;
  encode(*renamed, out);
  BOOST_TEST(out == frame.payload);
}

BOOST_AUTO_TEST_SUITE_END()
