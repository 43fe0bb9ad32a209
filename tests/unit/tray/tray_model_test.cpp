#include <boost/test/unit_test.hpp>
#include <string>

#include "model/tray_model.h"

namespace {

using namespace wpn::tray;
using namespace wpn::ipc;

JsonObject json(const std::string& text) { return *parse_json_object(text); }

Event event(Sequence seq, const std::string& name, const std::string& data) { return Event{seq, name, json(data)}; }

SubscribeResult subscribed(const std::string& instance, Sequence seq, const std::string& snapshot = "",
                           std::uint64_t replayed = 0) {
  SubscribeResult result;
  result.instance = instance;
  result.seq = seq;
  result.replayed = replayed;
  if (!snapshot.empty()) result.snapshot = json(snapshot);
  return result;
}

constexpr const char* OnlineStatus =
    R"({"status":{"connected":true,"upload_slots":4,"uploads_active":0,"queue_length":0}})";

// A model connected at t=0 to instance "A" whose snapshot says: online, idle.
TrayModel online(ModelOptions options = {}) {
  TrayModel model(options);
  model.on_connecting(0);
  model.on_subscribed(subscribed("A", 10, OnlineStatus), 0);
  return model;
}

std::string download_json(int id, const std::string& state) {
  return R"({"id":)" + std::to_string(id) + R"(,"direction":"download","state":")" + state +
         R"(","peer":"alice_1_2","file":"Music\\Album\\01 Song.mp3","size":100,"done":100})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tray_model)

BOOST_AUTO_TEST_CASE(icon_follows_the_status) {
  auto model = online();
  BOOST_TEST(icon_state_name(model.icon_state(1)) == "idle");
  struct Case {
    const char* status;
    const char* icon;
  };
  for (const Case& c :
       {Case{R"({"connected":true,"uploads_active":1})", "transferring"},
        Case{R"({"connected":true,"download_bps":5})", "transferring"},
        Case{R"({"connected":true,"uploads_active":1,"alternate_limits":true})", "alternate"},
        Case{R"({"connected":true,"alternate_limits":true,"sharing_paused":true})", "paused"},
        Case{R"({"connected":true,"sharing_paused":true,"problems":[{"code":"disk_full"}]})", "problem"},
        Case{R"({"connected":false})", "connecting"}, Case{R"({"connected":true})", "idle"}}) {
    model.on_status(json(c.status), 1);
    BOOST_TEST(icon_state_name(model.icon_state(1)) == c.icon, c.status);
  }
}

BOOST_AUTO_TEST_CASE(not_connected_is_a_problem_only_after_the_grace_period) {
  auto model = online();
  model.on_status(json(R"({"connected":false,"problems":[{"code":"not_connected","text":"no hub"}]})"), 5);
  BOOST_TEST(icon_state_name(model.icon_state(5)) == "connecting");
  BOOST_TEST(model.take_notifications().empty());
  BOOST_TEST(icon_state_name(model.icon_state(500)) == "problem");
  model.on_status(json(R"({"connected":false,"problems":[{"code":"not_connected","text":"no hub"}]})"), 500);
  const auto notes = model.take_notifications();
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0].text == "no hub");
}

BOOST_AUTO_TEST_CASE(resuming_after_sleep_shows_no_alarms_until_it_is_over) {
  auto model = online();
  constexpr const char* Resuming =
      R"({"connected":false,"resuming":true,"problems":[{"code":"not_connected","text":"no hub"},{"code":"disk_full","text":"disk full"}]})";
  model.on_status(json(Resuming), 500);
  BOOST_TEST(icon_state_name(model.icon_state(500)) == "connecting");
  BOOST_TEST(model.state_text(500) == "OpenWPN: resuming after sleep");
  BOOST_TEST(model.take_notifications().empty());
  // Still there once resuming is over: now it is news, once.
  model.on_status(json(R"({"connected":true,"problems":[{"code":"disk_full","text":"disk full"}]})"), 510);
  BOOST_TEST(icon_state_name(model.icon_state(510)) == "problem");
  const auto notes = model.take_notifications();
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0].text == "disk full");
}

BOOST_AUTO_TEST_CASE(a_service_restart_shows_connecting_then_offline) {
  auto model = online();
  model.on_disconnected(100);
  BOOST_TEST(icon_state_name(model.icon_state(101)) == "connecting");
  model.on_connecting(102);
  BOOST_TEST(icon_state_name(model.icon_state(110)) == "connecting");
  BOOST_TEST(icon_state_name(model.icon_state(130)) == "offline");
}

BOOST_AUTO_TEST_CASE(no_service_at_start_is_offline_at_the_first_failure) {
  TrayModel model;
  model.on_connecting(0);
  BOOST_TEST(icon_state_name(model.icon_state(0)) == "connecting");
  model.on_disconnected(0.1);
  BOOST_TEST(icon_state_name(model.icon_state(0.2)) == "offline");
  BOOST_TEST(model.tooltip(0.2) == "OpenWPN: the service is not running");
}

BOOST_AUTO_TEST_CASE(tooltip_shows_speeds_slots_and_queue) {
  auto model = online();
  model.on_status(json(R"({"connected":true,"upload_bps":2560,"download_bps":1048576,"uploads_active":2,
                           "upload_slots":4,"queue_length":7})"),
                  1);
  BOOST_TEST(model.tooltip(1) ==
             "OpenWPN: transferring\nUp 2.5 KiB/s, down 1.0 MiB/s\nUpload slots: 2 of 4 in use, queue: 7");
}

BOOST_AUTO_TEST_CASE(tooltip_adds_active_downloads_and_the_hub) {
  auto model = online();
  model.on_status(json(R"({"connected":true,"downloads_active":3,"upload_slots":4})"), 1);
  model.set_hub("127.0.0.2:7000");
  BOOST_TEST(model.tooltip(1) ==
             "OpenWPN: transferring\nUp 0 B/s, down 0 B/s\nUpload slots: 0 of 4 in use, queue: 0\n"
             "Downloads active: 3\nHub: 127.0.0.2:7000");
}

BOOST_AUTO_TEST_CASE(progress_events_feed_a_smoothed_eta_per_direction) {
  auto model = online();
  const std::string added = R"({"id":7,"direction":"download","state":"transferring","peer":"a_1",)"
                            R"("file":"x.mp3","size":100000,"done":0})";
  model.on_event(event(11, "transfers.added", added), 1);
  model.on_event(event(12, "transfers.progress", R"({"rows":[{"id":7,"done":1000,"rate_bps":1000}]})"), 2);
  model.on_event(event(13, "transfers.progress", R"({"rows":[{"id":7,"done":2000,"rate_bps":1000}]})"), 3);
  const auto* row = model.window(ListKind::Downloads).find(7);
  BOOST_REQUIRE(row != nullptr);
  const auto* rate = model.rate(*row);
  BOOST_REQUIRE(rate != nullptr);
  BOOST_TEST(*rate->eta_s(row->size) == 98u);  // 98,000 bytes left at 1,000 B/s
  // An upload with the same id has its own rate (ids are unique per direction only).
  TransferDto upload = *row;
  upload.direction = "upload";
  BOOST_TEST(model.rate(upload) == nullptr);
  model.on_event(event(14, "transfers.removed", R"({"id":7,"direction":"download"})"), 4);
  BOOST_TEST(model.rate(*row) == nullptr);
}

BOOST_AUTO_TEST_CASE(replayed_sequence_numbers_are_applied_once) {
  auto model = online();
  model.on_event(event(11, "transfers.added", download_json(1, "transferring")), 1);
  BOOST_TEST(!model.on_event(event(11, "transfers.added", download_json(1, "transferring")), 1));
  BOOST_TEST(!model.on_event(event(9, "transfers.removed", R"({"id":1,"direction":"download"})"), 1));
  BOOST_TEST(model.window(ListKind::Downloads).total() == 1u);
  BOOST_TEST(model.resume_seq().value_or(0) == 11u);
}

BOOST_AUTO_TEST_CASE(a_finished_download_notifies_once) {
  auto model = online();
  model.on_event(event(11, "transfers.added", download_json(1, "transferring")), 1);
  model.on_event(event(12, "transfers.updated", download_json(1, "finished")), 2);
  model.on_event(event(13, "transfers.updated", download_json(1, "finished")), 3);
  const auto notes = model.take_notifications();
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0].title == "Download finished");
  BOOST_TEST(notes[0].text == "01 Song.mp3 from alice_1_2");
  BOOST_TEST(notes[0].opens_folder);  // a click on it opens the download folder
}

BOOST_AUTO_TEST_CASE(only_the_finished_token_means_finished) {
  auto model = online();
  model.on_event(event(11, "transfers.updated", download_json(1, "complete")), 1);
  model.on_event(event(12, "transfers.updated", download_json(2, "failed")), 1);
  model.on_event(event(13, "transfers.updated", download_json(3, "verifying")), 1);
  model.on_event(event(14, "transfers.updated", download_json(4, "Finished")), 1);
  BOOST_TEST(model.take_notifications().empty());
  model.on_event(event(15, "transfers.updated", download_json(5, "finished")), 1);
  const auto notes = model.take_notifications();
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0].title == "Download finished");
}

BOOST_AUTO_TEST_CASE(reconnects_and_replays_do_not_notify) {
  auto model = online();
  model.on_disconnected(5);
  // Events arriving between the link going down and the new subscription are not news.
  model.on_event(event(11, "transfers.updated", download_json(1, "finished")), 6);
  model.on_connecting(7);
  model.on_subscribed(subscribed("A", 13, "", 2), 7);
  model.on_event(event(12, "transfers.updated", download_json(2, "finished")), 7);
  model.on_event(event(13, "status.changed", R"({"connected":true,"problems":[{"code":"disk_full"}]})"), 7);
  BOOST_TEST(model.take_notifications().empty());
  BOOST_TEST(icon_state_name(model.icon_state(8)) == "problem");
  // Live events after the replay notify again; the known problem is not repeated.
  model.on_event(event(14, "transfers.updated", download_json(3, "finished")), 8);
  model.on_event(event(15, "status.changed", R"({"connected":true,"problems":[{"code":"disk_full"}]})"), 8);
  BOOST_TEST(model.take_notifications().size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_snapshot_is_a_baseline_without_notifications) {
  TrayModel model;
  model.on_connecting(0);
  model.on_subscribed(subscribed("A", 50,
                                 R"({"status":{"connected":true,"problems":[{"code":"disk_full"}]},
      "transfers":{"downloads":{"list":"downloads","total":1,"rows":[)" +
                                     download_json(4, "finished") + "]}}}"),
                      0);
  BOOST_TEST(model.take_notifications().empty());
  BOOST_TEST(model.window(ListKind::Downloads).rows().size() == 1u);
  model.on_event(event(51, "transfers.updated", download_json(4, "finished")), 1);
  BOOST_TEST(model.take_notifications().empty());
}

BOOST_AUTO_TEST_CASE(a_new_instance_resets_sequence_and_rows) {
  auto model = online();
  model.on_event(event(11, "transfers.added", download_json(1, "transferring")), 1);
  model.on_disconnected(2);
  model.on_connecting(3);
  model.on_subscribed(subscribed("B", 2, OnlineStatus), 3);
  BOOST_TEST(model.window(ListKind::Downloads).rows().empty());
  BOOST_TEST(model.resume_seq().value_or(0) == 2u);
  BOOST_TEST(model.on_event(event(3, "transfers.added", download_json(1, "transferring")), 4));
  BOOST_TEST(model.window(ListKind::Downloads).rows().size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_upload_leaving_the_queue_moves_between_lists) {
  auto model = online();
  model.on_transfer_page({"queue", 2, 1, 0, {}});
  model.on_event(event(11, "transfers.added",
                       R"({"id":7,"direction":"upload","state":"queued","position":1,"wait_reason":"no_free_slot"})"),
                 1);
  BOOST_TEST(model.window(ListKind::Queue).find(7) != nullptr);
  model.on_event(event(12, "transfers.updated", R"({"id":7,"direction":"upload","state":"transferring","position":0})"),
                 2);
  BOOST_TEST(model.window(ListKind::Queue).find(7) == nullptr);
  BOOST_TEST(model.window(ListKind::Uploads).find(7) != nullptr);
}

BOOST_AUTO_TEST_CASE(started_uploads_notify_only_when_asked) {
  ModelOptions options;
  options.notify_started_uploads = true;
  auto model = online(options);
  model.on_event(event(11, "transfers.added", R"({"id":7,"direction":"upload","state":"transferring","file":"x.mp3"})"),
                 1);
  BOOST_TEST(model.take_notifications().size() == 1u);
  auto quiet = online();
  quiet.on_event(event(11, "transfers.added", R"({"id":7,"direction":"upload","state":"transferring"})"), 1);
  BOOST_TEST(quiet.take_notifications().empty());
}

BOOST_AUTO_TEST_CASE(events_without_values_ask_for_a_refetch) {
  auto model = online();
  BOOST_TEST(model.take_shares_stale());  // the snapshot had no shares: fetch them once
  BOOST_TEST(!model.take_shares_stale());
  model.on_event(event(11, "shares.scan_finished", R"({"root":1})"), 1);
  model.on_event(event(12, "settings.changed", R"({"keys":["upload_slots"]})"), 1);
  BOOST_TEST(model.take_shares_stale());
  BOOST_TEST(!model.take_shares_stale());
  BOOST_TEST(model.take_settings_stale());
}

BOOST_AUTO_TEST_CASE(windows_are_fetched_only_while_transfers_are_available) {
  auto model = online();
  BOOST_TEST(model.take_transfer_fetches().size() == 3u);
  auto unavailable = online();
  unavailable.set_transfers_available(false);
  BOOST_TEST(unavailable.take_transfer_fetches().empty());
}

BOOST_AUTO_TEST_SUITE_END()
