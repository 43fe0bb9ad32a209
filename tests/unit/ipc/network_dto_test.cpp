// The network DTOs read JSON written by hand from PROTOCOL.md ("The WPN network"), round-trip,
// and read tolerantly: unknown members are ignored, missing or mistyped ones keep defaults.
#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/network_dto.h"

namespace {

using namespace wpn::ipc;

JsonObject json(const std::string& text) { return *parse_json_object(text); }

template <class T, class Read>
T round_trip(const T& value, Read read) {
  return read(*parse_json_object(to_json_text(to_json(value))));
}

SearchResultDto song() {
  SearchResultDto r;
  r.user = "Zoë_123_45678";
  r.handle = "WinMX 0200007f1871";
  r.file = "Music\\Ärger\\01 Lied.mp3";
  r.file_hex = "4d75736963";
  r.key = std::string(40, 'b');
  r.size = 5'000'000'000ull;
  r.bitrate = 320;
  r.frequency = 44100;
  r.duration = 241;
  r.queue_status = "2/4 (0)";
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(network_dto)

BOOST_AUTO_TEST_CASE(status_reads_the_documented_members) {
  const auto status = network_status_from_json(json(R"({"role":"secondary","running":true,"logged_in":true,
      "full_name":"alice_777_12345","parent":"127.0.0.2:7950","port":0,"users":3,"shared_files":12,"hosts":4,
      "skipped_frames":2,"hubs_known":5,"later":{"x":1}})"));
  BOOST_TEST(status.role == "secondary");
  BOOST_TEST(status.running);
  BOOST_TEST(status.logged_in);
  BOOST_TEST(status.full_name == "alice_777_12345");
  BOOST_TEST(status.parent == "127.0.0.2:7950");
  BOOST_TEST(status.users == 3u);
  BOOST_TEST(status.shared_files == 12u);
  BOOST_TEST(status.hosts == 4u);
  BOOST_TEST(status.skipped_frames == 2u);
  BOOST_TEST(status.hubs_known == 5u);
}

BOOST_AUTO_TEST_CASE(status_round_trips_and_tolerates_missing_and_mistyped_members) {
  NetworkStatusDto status;
  status.role = "primary";
  status.running = true;
  status.port = 7950;
  status.users = 9;
  status.skipped_frames = 1u << 20;
  status.hubs_known = 3;
  BOOST_TEST((round_trip(status, network_status_from_json) == status));
  // An older service without skipped_frames, with a mistyped port.
  const auto old = network_status_from_json(json(R"({"role":"cache","running":true,"port":"7950"})"));
  BOOST_TEST(old.role == "cache");
  BOOST_TEST(old.port == 0u);
  BOOST_TEST(old.skipped_frames == 0u);
  BOOST_TEST((network_status_from_json(JsonObject()) == NetworkStatusDto{}));
}

BOOST_AUTO_TEST_CASE(host_list_reads_hosts_and_the_import_count) {
  const auto list = host_list_from_json(json(R"({"hosts":[{"type":"WPN_CACHE","address":"127.0.0.3","port":7952},
      "junk",{"type":"WPN_HUB","address":"localhost","port":7950}],"file":"/home/a/.local/share/openwpn/hosts.wsx",
      "added":2})"));
  BOOST_REQUIRE(list.hosts.size() == 2u);
  BOOST_TEST(list.hosts[0].type == "WPN_CACHE");
  BOOST_TEST(list.hosts[0].address == "127.0.0.3");
  BOOST_TEST(list.hosts[0].port == 7952u);
  BOOST_TEST(list.hosts[1].address == "localhost");
  BOOST_TEST(list.file == "/home/a/.local/share/openwpn/hosts.wsx");
  BOOST_TEST((list.added == std::optional<std::uint64_t>(2)));
  BOOST_TEST(!host_list_from_json(json(R"({"hosts":[],"file":"x"})")).added.has_value());
}

BOOST_AUTO_TEST_CASE(host_list_writes_added_only_when_set) {
  HostListDto list;
  list.hosts = {{"WPN_HUB", "127.0.0.2", 7950}};
  list.file = "/tmp/hosts.wsx";
  BOOST_TEST(!to_json(list)->has("added"));
  BOOST_TEST((round_trip(list, host_list_from_json) == list));
  list.added = 0;
  BOOST_TEST(to_json(list)->has("added"));
  BOOST_TEST((round_trip(list, host_list_from_json) == list));
}

BOOST_AUTO_TEST_CASE(search_results_read_by_hand_and_round_trip) {
  const auto page = search_results_from_json(json(R"({"id":7,"results":[{"user":"bob_1_2","handle":"WinMX 0200007f1871",
      "file":"a\\b.mp3","file_hex":"615c622e6d7033","key":"0123456789abcdef0123456789abcdef01234567","size":100,
      "bitrate":128,"frequency":44100,"duration":30,"queue_status":"1/2"},{"user":"carol_3_4","size":-5},7]})"));
  BOOST_TEST(page.id == 7u);
  BOOST_REQUIRE(page.results.size() == 2u);
  BOOST_TEST(page.results[0].handle == "WinMX 0200007f1871");
  BOOST_TEST(page.results[0].file == "a\\b.mp3");
  BOOST_TEST(page.results[0].file_hex == "615c622e6d7033");
  BOOST_TEST(page.results[0].key == "0123456789abcdef0123456789abcdef01234567");
  BOOST_TEST(page.results[0].bitrate == 128u);
  BOOST_TEST(page.results[0].queue_status == "1/2");
  BOOST_TEST(page.results[1].user == "carol_3_4");
  BOOST_TEST(page.results[1].size == 0u);  // negative: mistyped, default kept
  SearchResultsDto written{9, {song(), SearchResultDto{}}};
  BOOST_TEST((round_trip(written, search_results_from_json) == written));
  BOOST_TEST(search_results_from_json(json(R"({"id":1,"results":"none"})")).results.empty());
}

BOOST_AUTO_TEST_CASE(browse_answer_pending_and_done) {
  const auto pending = browse_answer_from_json(json(R"({"id":3,"done":false})"));
  BOOST_TEST(pending.id == 3u);
  BOOST_TEST(!pending.done);
  BOOST_TEST(pending.files.empty());
  const auto done = browse_answer_from_json(json(R"({"id":3,"done":true,"complete":true,"files":[{"file":"x.ogg",
      "file_hex":"782e6f6767","key":"aa","size":4,"bitrate":0,"frequency":0,"duration":0}]})"));
  BOOST_TEST(done.done);
  BOOST_TEST(done.complete);
  BOOST_REQUIRE(done.files.size() == 1u);
  BOOST_TEST(done.files[0].file == "x.ogg");
  BOOST_TEST(done.files[0].size == 4u);
  BrowseAnswerDto written{4, true, false, {{"y.mp3", "792e6d7033", std::string(40, 'c'), 1, 2, 3, 4}}};
  BOOST_TEST((round_trip(written, browse_answer_from_json) == written));
}

BOOST_AUTO_TEST_CASE(whois_answer_found_and_not_found) {
  const auto found = whois_answer_from_json(json(R"({"id":5,"done":true,"found":true,"user":"bob_1_2",
      "shared_files":40,"online_time":90,"queue_status":"0/3"})"));
  BOOST_TEST(found.found);
  BOOST_TEST(found.user == "bob_1_2");
  BOOST_TEST(found.shared_files == 40u);
  BOOST_TEST(found.online_time == 90u);
  BOOST_TEST(found.queue_status == "0/3");
  const auto gone = whois_answer_from_json(json(R"({"id":5,"done":true,"found":false})"));
  BOOST_TEST(gone.done);
  BOOST_TEST(!gone.found);
  BOOST_TEST(gone.user.empty());
  WhoisAnswerDto written{6, true, true, "Zoë_1_2", 7, 8, "9"};
  BOOST_TEST((round_trip(written, whois_answer_from_json) == written));
}

BOOST_AUTO_TEST_CASE(request_id_and_events) {
  BOOST_TEST(request_id_from_json(json(R"({"id":12})")).id == 12u);
  BOOST_TEST(request_id_from_json(json(R"({"id":"12"})")).id == 0u);
  BOOST_TEST(logged_in_from_json(json(R"({"full_name":"alice_777_12345"})")).full_name == "alice_777_12345");
  const auto pm = pm_event_from_json(json(R"({"from":"bob_1_2","handle":"WinMX 0200007f1871","text":"hej då"})"));
  BOOST_TEST(pm.from == "bob_1_2");
  BOOST_TEST(pm.handle == "WinMX 0200007f1871");
  BOOST_TEST(pm.text == "hej då");
  const auto delivered = pm_delivered_from_json(json(R"({"to":"bob_1_2","reply":"away"})"));
  BOOST_TEST(delivered.to == "bob_1_2");
  BOOST_TEST(delivered.reply == "away");
  PmEventDto event{"a", "WinMX 0100007f1871", "b"};
  BOOST_TEST((round_trip(event, pm_event_from_json) == event));
  PmDeliveredDto ack{"a", ""};
  BOOST_TEST((round_trip(ack, pm_delivered_from_json) == ack));
  LoggedInDto login{"x_1_2"};
  BOOST_TEST((round_trip(login, logged_in_from_json) == login));
}

BOOST_AUTO_TEST_SUITE_END()
