// Engine values and events -> the IPC's names and DTO payloads, read back the way clients
// read them (the DTOs' from_json).
#include "service/mapping/event_mapping.h"

#include <boost/test/unit_test.hpp>

#include "ipc/network_dto.h"
#include "ipc/schema.h"
#include "ipc/share_event_dto.h"
#include "ipc/transfer_dto.h"
#include "service/mapping/network_mapping.h"

namespace {

using namespace wpn;

}  // namespace

BOOST_AUTO_TEST_SUITE(event_mapping)

BOOST_AUTO_TEST_CASE(network_status_carries_the_skipped_frames) {
  session::NetworkStatus status;
  status.role = session::Role::Primary;
  status.node = true;
  status.running = true;
  status.port = 7000;
  status.skipped_frames = 41;
  const auto dto = ipc::network_status_from_json(ipc::to_json(service::to_dto(status)));
  BOOST_TEST(dto.role == "primary");
  BOOST_TEST(dto.port == 7000u);
  BOOST_TEST(dto.skipped_frames == 41u);
}

BOOST_AUTO_TEST_CASE(a_removed_transfer_says_why_with_a_token) {
  const auto [name, data] =
      service::map_event(session::TransferRemoved{12, session::Direction::Upload, session::RemovalReason::PeerClosed});
  BOOST_TEST(name == "transfers.removed");
  const auto removed = ipc::transfer_removed_from_json(data);
  BOOST_TEST(removed.id == 12u);
  BOOST_TEST(removed.direction == "upload");
  BOOST_TEST(removed.reason == "peer_closed");
}

BOOST_AUTO_TEST_CASE(network_events_are_named_by_the_schema) {
  const auto [name, data] = service::map_event(session::PmReceived{"alice_1", "WinMX 0100007f1871", "hi"});
  BOOST_TEST(name == ipc::event::NetworkPm);
  const auto pm = ipc::pm_event_from_json(data);
  BOOST_TEST(pm.from == "alice_1");
  BOOST_TEST(pm.text == "hi");
  const auto delivered = service::map_event(session::PmDelivered{"bob_2", "away"});
  BOOST_TEST(delivered.first == ipc::event::NetworkPmDelivered);
  BOOST_TEST(ipc::pm_delivered_from_json(delivered.second).reply == "away");
  BOOST_TEST(service::map_event(session::LoggedIn{"carol_3"}).first == ipc::event::NetworkLoggedIn);
}

BOOST_AUTO_TEST_CASE(share_file_events_name_their_change_and_a_removal_has_no_key) {
  session::SharedFileChanged added{session::FileChange::Added, 5, "a\\b.mp3", 2, std::string(40, 'a')};
  const auto [added_name, added_data] = service::map_event(added);
  BOOST_TEST(added_name == ipc::event::SharesFileAdded);
  BOOST_TEST(ipc::share_file_event_from_json(added_data).root_id == 2);
  auto removed = added;
  removed.change = session::FileChange::Removed;
  const auto [removed_name, removed_data] = service::map_event(removed);
  BOOST_TEST(removed_name == ipc::event::SharesFileRemoved);
  BOOST_TEST(ipc::file_removed_from_json(removed_data).id == 5);
  BOOST_TEST(!removed_data->has("key"));
}

BOOST_AUTO_TEST_CASE(scan_finished_reports_its_duration_in_milliseconds) {
  session::ScanFinished finished;
  finished.root = "/srv/a";
  finished.files_seen = 3;
  finished.duration = std::chrono::milliseconds(1500);
  const auto [name, data] = service::map_event(finished);
  BOOST_TEST(name == ipc::event::SharesScanFinished);
  const auto dto = ipc::scan_finished_from_json(data);
  BOOST_TEST(dto.duration_ms == 1500u);
  BOOST_TEST(dto.files_seen == 3u);
}

// A whois's answer read as a browse (and the reverse) is not that kind's answer.
BOOST_AUTO_TEST_CASE(peer_answers_map_only_to_their_own_kind) {
  const session::PeerAnswer whois{4, session::WhoisAnswer{true, true, "dave_4", 10, 60, "1/2"}};
  BOOST_TEST(!service::to_browse_dto(whois).has_value());
  const auto dto = service::to_whois_dto(whois);
  BOOST_REQUIRE(dto.has_value());
  BOOST_TEST(dto->user == "dave_4");
  BOOST_TEST(dto->id == 4u);
  const session::PeerAnswer browse{5, session::BrowseAnswer{true, false, {}}};
  BOOST_TEST(!service::to_whois_dto(browse).has_value());
  BOOST_TEST(service::to_browse_dto(browse)->done);
}

BOOST_AUTO_TEST_SUITE_END()
