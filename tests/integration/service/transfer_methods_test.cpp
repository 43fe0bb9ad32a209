// The transfer views and quick actions through the real socket of a real wpnd.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "ipc/control_dto.h"
#include "ipc/setting_dto.h"
#include "ipc/status_dto.h"
#include "ipc/transfer_dto.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

struct Service {
  WpndHome home;
  std::unique_ptr<WpndProcess> wpnd;
  std::optional<ipc::BlockingClient> client;

  Service() {
    home.write_config(R"({"share_mode": "all", "shares": []})");
    wpnd = std::make_unique<WpndProcess>(home);
    wpnd->require_ready();
    client.emplace(wpnd->connect());
  }

  std::string error_code(std::string_view method, const std::string& params) {
    return std::string(ipc::to_string(call_error(*client, method, *ipc::parse_json_object(params)).code));
  }

  Poco::Dynamic::Var setting(const std::string& key) {
    ipc::SettingsGetParams params;
    params.keys = {key};
    const auto list = ipc::as_array(call_ok(*client, "settings.get", ipc::to_json(params)));
    return ipc::setting_from_json(list->getObject(0)).value;
  }
};

std::uint64_t unix_now() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_methods)

BOOST_FIXTURE_TEST_CASE(views_page_each_list_and_refuse_unknown_lists, Service) {
  for (const char* list : {"uploads", "downloads", "queue"}) {
    ipc::TransfersViewParams params;
    params.list = list;
    params.limit = 10;
    const auto page =
        ipc::transfer_page_from_json(ipc::as_object(call_ok(*client, "transfers.view", ipc::to_json(params))));
    BOOST_TEST(page.list == list);
    BOOST_TEST(page.total == 0u);
    BOOST_TEST(page.rows.empty());
  }
  BOOST_TEST(error_code("transfers.view", R"({"list": "everything"})") == "invalid_params");
  BOOST_TEST(error_code("transfers.view", R"({"list": "uploads", "limit": 100000})") == "invalid_params");
}

BOOST_FIXTURE_TEST_CASE(actions_on_unknown_transfers_are_not_found, Service) {
  BOOST_TEST(error_code("transfers.cancel", R"({"id": 987654})") == "not_found");
  BOOST_TEST(error_code("transfers.remove", R"({"id": 987654})") == "not_found");
  BOOST_TEST(error_code("queue.remove", R"({"id": 987654})") == "not_found");
  BOOST_TEST(error_code("transfers.cancel", R"({})") == "invalid_params");
}

BOOST_FIXTURE_TEST_CASE(slots_set_changes_status_and_the_saved_setting, Service) {
  call_ok(*client, "slots.set", ipc::to_json(ipc::SlotsSetParams{7}));
  const auto status = ipc::status_from_json(ipc::as_object(call_ok(*client, "status")));
  BOOST_TEST(status.upload_slots == 7u);
  BOOST_TEST(*ipc::as_uint(setting("upload_slots")) == 7u);
  BOOST_TEST(error_code("slots.set", R"({"upload_slots": 5000})") == "invalid_params");
}

// The ban itself is tested where a user asks for a file (network_e2e); here, the methods.
BOOST_FIXTURE_TEST_CASE(bans_are_listed_lifted_and_kept_across_a_restart_outside_the_banned_setting, Service) {
  const auto bans = [&] { return ipc::ban_list_from_json(ipc::as_object(call_ok(*client, "peers.bans"))).bans; };
  const auto before = unix_now();
  call_ok(*client, "peers.ban", ipc::to_json(ipc::PeersBanParams{"Leecher_12345", 24, 0}));
  auto listed = bans();
  BOOST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(listed[0].name == "Leecher_12345");
  BOOST_TEST(listed[0].match == "full_name");
  BOOST_TEST(listed[0].until >= before + 24 * 3600);
  BOOST_TEST(listed[0].until <= unix_now() + 24 * 3600);
  call_ok(*client, "peers.ban", ipc::to_json(ipc::PeersBanParams{"Leecher_12345", 0, 0}));  // now for ever
  call_ok(*client, "peers.ban", ipc::to_json(ipc::PeersBanParams{"Leecher", 0, 3600}));
  listed = bans();
  BOOST_REQUIRE(listed.size() == 2u);
  BOOST_TEST(listed[0].until == 0u);
  BOOST_TEST(listed[1].name == "Leecher");
  BOOST_TEST(listed[1].match == "base_name");
  const auto banned = ipc::as_string_list(setting("banned"));
  BOOST_REQUIRE(banned.has_value());
  BOOST_TEST(banned->empty());

  BOOST_REQUIRE(wpnd->stop() == 0);
  wpnd = std::make_unique<WpndProcess>(home);
  wpnd->require_ready();
  client.emplace(wpnd->connect());
  BOOST_TEST(bans().size() == 2u);
  call_ok(*client, "peers.unban", ipc::to_json(ipc::PeersUnbanParams{"Leecher_12345"}));
  BOOST_TEST(error_code("peers.unban", R"({"user": "Leecher_12345"})") == "not_found");
  listed = bans();
  BOOST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(listed[0].name == "Leecher");

  BOOST_TEST(error_code("peers.ban", R"({"user": ""})") == "invalid_params");
  BOOST_TEST(error_code("peers.ban", R"({"user": "x_00001", "hours": 100000})") == "invalid_params");
  BOOST_TEST(error_code("peers.ban", R"({"user": "x_00001", "seconds": -5})") == "invalid_params");
}

BOOST_FIXTURE_TEST_CASE(alternate_limits_show_in_status_until_turned_off, Service) {
  const auto before = unix_now();
  call_ok(*client, "limits.alternate", ipc::to_json(ipc::LimitsAlternateParams{true, 2}));
  auto live = ipc::status_live_from_json(ipc::as_object(call_ok(*client, "status")));
  BOOST_TEST(live.alternate_limits);
  BOOST_TEST(live.alternate_until >= before + 2 * 3600);
  BOOST_TEST(live.alternate_until <= unix_now() + 2 * 3600);
  call_ok(*client, "limits.alternate", ipc::to_json(ipc::LimitsAlternateParams{false, 0}));
  live = ipc::status_live_from_json(ipc::as_object(call_ok(*client, "status")));
  BOOST_TEST(!live.alternate_limits);
  BOOST_TEST(live.alternate_until == 0u);
}

BOOST_FIXTURE_TEST_CASE(subscribing_to_transfers_gives_a_snapshot_of_every_list, Service) {
  ipc::SubscribeParams params;
  params.topics = {"transfers"};
  const auto result =
      ipc::subscribe_result_from_json(ipc::as_object(call_ok(*client, "events.subscribe", ipc::to_json(params))));
  BOOST_REQUIRE(!result.snapshot.isNull());
  BOOST_REQUIRE(result.snapshot->has("transfers"));
  const auto snapshot = ipc::transfers_snapshot_from_json(result.snapshot->getObject("transfers"));
  BOOST_TEST(snapshot.uploads.list == "uploads");
  BOOST_TEST(snapshot.downloads.list == "downloads");
  BOOST_TEST(snapshot.queue.list == "queue");
}

BOOST_FIXTURE_TEST_CASE(service_stop_answers_then_the_service_exits_cleanly, Service) {
  call_ok(*client, "service.stop");
  BOOST_TEST(wpnd->wait_exit(std::chrono::seconds(20)) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
