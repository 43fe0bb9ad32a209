#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/control_dto.h"

namespace {

using namespace wpn::ipc;

JsonObject json(const std::string& text) { return *parse_json_object(text); }

}  // namespace

BOOST_AUTO_TEST_SUITE(control_dto)

BOOST_AUTO_TEST_CASE(status_live_members_read_from_a_status_written_by_hand) {
  const auto live = status_live_from_json(json(R"({"version":"0.1.0","upload_bps":2048,"download_bps":7,
      "alternate_limits":true,"alternate_until":1790000000,"sharing_paused":true,"resuming":true,
      "problems":[{"code":"disk_full","text":"No space left in /srv"},{"code":""},5,{"code":"port_unreachable"}]})"));
  BOOST_TEST(live.upload_bps == 2048u);
  BOOST_TEST(live.download_bps == 7u);
  BOOST_TEST(live.alternate_limits);
  BOOST_TEST(live.alternate_until == 1790000000u);
  BOOST_TEST(live.sharing_paused);
  BOOST_TEST(live.resuming);
  BOOST_REQUIRE(live.problems.size() == 2u);
  BOOST_TEST(live.problems[0].code == "disk_full");
  BOOST_TEST(live.problems[0].text == "No space left in /srv");
  BOOST_TEST(live.problems[1].code == "port_unreachable");
}

BOOST_AUTO_TEST_CASE(status_live_round_trips_and_defaults_when_absent) {
  StatusLiveDto live{1, 2, true, 3, false, true, {{"watch_degraded", "too many folders"}}};
  auto object = make_object();
  write_status_live(live, object);
  BOOST_TEST((status_live_from_json(object) == live));
  BOOST_TEST((status_live_from_json(json(R"({"version":"0.1.0"})")) == StatusLiveDto{}));
}

BOOST_AUTO_TEST_CASE(view_params_round_trip_and_default) {
  const auto parsed = parse_transfers_view(to_json(TransfersViewParams{"queue", 200, 500}));
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->list == "queue");
  BOOST_TEST(parsed->offset == 200u);
  BOOST_TEST(parsed->limit == 500u);
  const auto defaults = parse_transfers_view(json(R"({"list":"uploads"})"));
  BOOST_REQUIRE(defaults.has_value());
  BOOST_TEST(defaults->offset == 0u);
  BOOST_TEST(defaults->limit == 100u);
}

BOOST_AUTO_TEST_CASE(view_params_reject_unknown_lists_and_large_windows) {
  for (const char* text : {R"({"list":"everything"})", R"({})", R"({"list":"queue","limit":501})",
                           R"({"list":"queue","offset":-1})", R"({"list":"queue","limit":"5"})"}) {
    const auto parsed = parse_transfers_view(json(text));
    BOOST_TEST(!parsed.has_value(), text);
    if (!parsed) BOOST_TEST((parsed.error().code == ErrorCode::InvalidParams));
  }
}

BOOST_AUTO_TEST_CASE(action_params_round_trip) {
  BOOST_TEST(parse_transfer_id(to_json(TransferIdParams{9}))->id == 9u);
  const auto move = parse_queue_move(to_json(QueueMoveParams{9, 4}));
  BOOST_TEST(move->position == 4u);
  const auto ban = parse_peers_ban(to_json(PeersBanParams{"leech_12_3456", 24}));
  BOOST_TEST(ban->user == "leech_12_3456");
  BOOST_TEST(ban->hours == 24u);
  BOOST_TEST(parse_slots_set(to_json(SlotsSetParams{6}))->upload_slots == 6u);
  const auto alternate = parse_limits_alternate(to_json(LimitsAlternateParams{true, 2}));
  BOOST_TEST(alternate->on);
  BOOST_TEST(alternate->hours == 2u);
}

BOOST_AUTO_TEST_CASE(ban_lists_round_trip_and_read_hand_written_rules) {
  const BanListDto list{{{"bob_00001", "full_name", 1'800'000'000, "spam"}, {"eve", "base_name", 0, ""}}};
  BOOST_TEST((ban_list_from_json(*parse_json_object(to_json_text(to_json(list)))) == list));
  const auto read = ban_list_from_json(json(R"({"bans":[{"name":"x","match":"base_name"},7,{"until":5}]})"));
  BOOST_REQUIRE(read.bans.size() == 2u);
  BOOST_TEST(read.bans[0].name == "x");
  BOOST_TEST(read.bans[1].until == 5u);
}

BOOST_AUTO_TEST_CASE(action_params_written_by_hand_parse) {
  BOOST_TEST(parse_queue_move(json(R"({"id":3,"position":1})"))->id == 3u);
  BOOST_TEST(parse_peers_ban(json(R"({"user":"x_1_2"})"))->hours == 0u);
  BOOST_TEST(parse_peers_ban(json(R"({"user":"x_1_2","seconds":30})"))->seconds == 30u);
  BOOST_TEST(parse_peers_unban(json(R"({"user":"x_1_2"})"))->user == "x_1_2");
  BOOST_TEST(!parse_limits_alternate(json(R"({"on":false})"))->on);
}

BOOST_AUTO_TEST_CASE(action_params_reject_missing_or_out_of_range_members) {
  BOOST_TEST(!parse_transfer_id(json(R"({})")).has_value());
  BOOST_TEST(!parse_transfer_id(json(R"({"id":"7"})")).has_value());
  BOOST_TEST(!parse_queue_move(json(R"({"id":1,"position":0})")).has_value());
  BOOST_TEST(!parse_queue_move(json(R"({"id":1})")).has_value());
  BOOST_TEST(!parse_peers_ban(json(R"({"user":""})")).has_value());
  BOOST_TEST(!parse_peers_ban(json(R"({"user":"a","hours":100000})")).has_value());
  BOOST_TEST(!parse_peers_ban(json(R"({"user":"a","seconds":-1})")).has_value());
  BOOST_TEST(!parse_peers_unban(json(R"({"user":""})")).has_value());
  BOOST_TEST(!parse_slots_set(json(R"({"upload_slots":-2})")).has_value());
  BOOST_TEST(!parse_slots_set(json(R"({"upload_slots":1001})")).has_value());
  BOOST_TEST(!parse_limits_alternate(json(R"({"on":1})")).has_value());
  BOOST_TEST(!parse_transfer_id(nullptr).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
