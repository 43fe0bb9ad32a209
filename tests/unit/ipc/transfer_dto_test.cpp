#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/transfer_dto.h"

namespace {

using namespace wpn::ipc;

JsonObject json(const std::string& text) { return *parse_json_object(text); }

TransferDto queued_upload() {
  TransferDto t;
  t.id = 42;
  t.direction = "upload";
  t.state = "queued";
  t.peer = "Zoë_123_45678";
  t.file = "Music\\Ärger\\01 Lied.mp3";
  t.key = std::string(40, 'a');
  t.size = 5'000'000'000ull;
  t.done = 17;
  t.rate_bps = 0;
  t.position = 3;
  t.wait_reason = "no_free_slot";
  t.started = 1'790'000'000;
  return t;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_dto)

BOOST_AUTO_TEST_CASE(transfer_carries_the_documented_members) {
  const auto object = to_json(TransferDto{});
  for (const char* key : {"id", "direction", "state", "peer", "file", "key", "size", "done", "rate_bps", "position",
                          "wait_reason", "fail_reason", "error", "started"})
    BOOST_TEST(object->has(key), key);
}

BOOST_AUTO_TEST_CASE(transfer_round_trips_with_utf8_names) {
  const auto transfer = queued_upload();
  BOOST_TEST((transfer_from_json(*parse_json_object(to_json_text(to_json(transfer)))) == transfer));
}

BOOST_AUTO_TEST_CASE(reads_a_view_result_written_by_hand) {
  const auto page = transfer_page_from_json(json(R"({"list":"queue","total":7,"revision":12,"offset":5,
      "rows":[{"id":9,"direction":"upload","state":"queued","peer":"bob_1_2","file":"a\\b.mp3","position":6,
               "wait_reason":"per_user_limit","size":100,"done":0},
              {"id":3,"direction":"upload","position":7}],"future":true})"));
  BOOST_TEST(page.list == "queue");
  BOOST_TEST(page.total == 7u);
  BOOST_TEST(page.revision == 12u);
  BOOST_TEST(page.offset == 5u);
  BOOST_REQUIRE(page.rows.size() == 2u);
  BOOST_TEST(page.rows[0].id == 9u);
  BOOST_TEST(page.rows[0].file == "a\\b.mp3");
  BOOST_TEST(page.rows[0].wait_reason == "per_user_limit");
  BOOST_TEST(page.rows[1].position == 7u);
}

BOOST_AUTO_TEST_CASE(page_and_snapshot_round_trip) {
  TransfersSnapshotDto snapshot;
  snapshot.uploads = {"uploads", 1, 0, 0, {TransferDto{}}};
  snapshot.queue = {"queue", 30, 4, 0, {queued_upload()}};
  snapshot.downloads.list = "downloads";
  BOOST_TEST((transfers_snapshot_from_json(to_json(snapshot)) == snapshot));
}

BOOST_AUTO_TEST_CASE(event_payloads_round_trip) {
  const TransferRemovedDto removed{77, "download", "peer_closed"};
  BOOST_TEST((transfer_removed_from_json(to_json(removed)) == removed));
  const TransferProgressDto progress{{{1, 100, 2000}, {2, 5, 0}}};
  BOOST_TEST((transfer_progress_from_json(to_json(progress)) == progress));
  BOOST_TEST(queue_changed_from_json(json(R"({"revision":99})")).revision == 99u);
}

BOOST_AUTO_TEST_CASE(reading_skips_rows_that_are_not_objects_and_mistyped_members) {
  const auto page = transfer_page_from_json(json(R"({"list":3,"total":"x","rows":[1,"two",{"id":"5","done":8}]})"));
  BOOST_TEST(page.list.empty());
  BOOST_TEST(page.total == 0u);
  BOOST_REQUIRE(page.rows.size() == 1u);
  BOOST_TEST(page.rows[0].id == 0u);
  BOOST_TEST(page.rows[0].done == 8u);
  BOOST_TEST(transfer_page_from_json(nullptr).rows.empty());
  BOOST_TEST(transfer_progress_from_json(json(R"({"rows":{}})")).rows.empty());
}

BOOST_AUTO_TEST_CASE(reading_caps_the_rows_of_a_hostile_page) {
  std::string text = R"({"rows":[)";
  for (int i = 0; i < 1500; ++i) text += std::string(i ? "," : "") + "{}";
  text += "]}";
  BOOST_TEST(transfer_page_from_json(json(text)).rows.size() == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
