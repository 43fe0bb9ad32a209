// wpnctl as a user runs it against a running wpnd: tables, --json, exit codes, watch.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <future>
#include <set>
#include <string>

#include "json/json_value.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

struct Service {
  WpndHome home;
  std::filesystem::path music = home.root() / "music";
  std::unique_ptr<WpndProcess> wpnd;

  Service() {
    std::filesystem::create_directories(music);
    home.write_config(R"({"share_mode": "all", "shares": []})");
    wpnd = std::make_unique<WpndProcess>(home);
    wpnd->require_ready();
  }

  ProgramResult ctl(const std::vector<std::string>& args) { return run_wpnctl(home, args); }
};

Poco::Dynamic::Var parse_json(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wpnctl_service)

BOOST_AUTO_TEST_CASE(says_clearly_when_the_service_is_not_running) {
  WpndHome home;
  const auto run = run_wpnctl(home, {"status"});
  BOOST_TEST(run.exit_code == 3);
  BOOST_TEST(run.err.find("wpnd is not running") != std::string::npos, run.err);
  BOOST_TEST(run.err.find(home.socket().string()) != std::string::npos, run.err);
  const auto explicit_dir = run_wpnctl(home, {"--runtime-dir", (home.root() / "elsewhere").string(), "shares"});
  BOOST_TEST(explicit_dir.exit_code == 3);
  BOOST_TEST(explicit_dir.err.find("elsewhere") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(status_json_is_one_object_with_the_documented_members, Service) {
  const auto run = ctl({"status", "--json"});
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto object = ipc::as_object(parse_json(run.out));
  BOOST_REQUIRE(!object.isNull());
  BOOST_TEST(ipc::get_string(object, "version").has_value());
  BOOST_TEST(ipc::get_string(object, "role").value_or("") == "secondary");
  BOOST_TEST(ipc::get_bool(object, "connected").has_value());
  for (const char* key : {"files_shared", "files_hashed", "bytes_to_hash", "uploads_active", "upload_slots",
                          "queue_length", "downloads_active"})
    BOOST_TEST(ipc::get_uint(object, key).has_value(), key);
}

BOOST_FIXTURE_TEST_CASE(status_without_json_is_a_readable_summary, Service) {
  const auto run = ctl({"status"});
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  BOOST_TEST(run.out.find("role:") != std::string::npos);
  BOOST_TEST(run.out.find("secondary (not connected)") != std::string::npos);
  BOOST_TEST(run.out.find("files shared:") != std::string::npos);
}

// More files than one page (1000): the walk goes on from the last id of each page.
BOOST_FIXTURE_TEST_CASE(shares_files_walks_every_page, Service) {
  constexpr int Count = 1001;
  std::filesystem::create_directories(music);
  for (int i = 0; i < Count; ++i) std::ofstream(music / ("f" + std::to_string(i) + ".bin")) << i;
  BOOST_REQUIRE(ctl({"shares", "add", music.string()}).exit_code == 0);
  Poco::JSON::Array::Ptr files;
  BOOST_REQUIRE(eventually(
      [&] {
        const auto run = ctl({"shares", "files", "--json"});
        files = ipc::as_array(parse_json(run.out));
        return run.exit_code == 0 && !files.isNull() && files->size() == Count;
      },
      60s));
  std::set<std::string> paths;
  for (unsigned i = 0; i < files->size(); ++i) paths.insert(ipc::get_string(files->getObject(i), "path").value_or(""));
  BOOST_TEST(paths.size() == static_cast<std::size_t>(Count));
}

BOOST_FIXTURE_TEST_CASE(shares_files_json_lists_the_golden_key_of_a_shared_file, Service) {
  const std::string golden_key = write_golden_hash_file(music / "golden.bin");
  const auto added = ctl({"shares", "add", music.string()});
  BOOST_REQUIRE_MESSAGE(added.exit_code == 0, added.err);
  BOOST_TEST(added.out.find("sharing " + music.string()) != std::string::npos);
  Poco::JSON::Array::Ptr files;
  BOOST_REQUIRE(eventually(
      [&] {
        const auto run = ctl({"shares", "files", "--json"});
        files = ipc::as_array(parse_json(run.out));
        return run.exit_code == 0 && !files.isNull() && files->size() == 1;
      },
      60s));
  const auto file = files->getObject(0);
  BOOST_TEST(ipc::get_string(file, "key").value_or("") == golden_key);
  BOOST_TEST(ipc::get_string(file, "path").value_or("") == (music / "golden.bin").string());
  BOOST_TEST(ipc::get_string(file, "name").value_or("") == "music\\golden.bin");
  for (const char* key : {"size", "bitrate", "frequency", "duration"})
    BOOST_TEST(ipc::get_uint(file, key).has_value(), key);
  BOOST_TEST(ipc::get_uint(file, "size").value_or(0) == std::filesystem::file_size(music / "golden.bin"));

  const auto table = ctl({"shares", "files"});
  BOOST_TEST(table.out.find(golden_key) != std::string::npos);
  BOOST_TEST(table.out.find("music\\golden.bin") != std::string::npos);
  const auto list = ctl({"shares"});
  BOOST_TEST(list.out.find("PATH") != std::string::npos);
  BOOST_TEST(list.out.find(music.string()) != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(share_errors_and_usage_have_their_exit_codes, Service) {
  const auto missing = ctl({"shares", "add", (home.root() / "nope").string()});
  BOOST_TEST(missing.exit_code == 1);
  BOOST_TEST(missing.err.find("no such directory") != std::string::npos, missing.err);
  BOOST_TEST(ctl({"shares", "frobnicate"}).exit_code == 2);
  BOOST_TEST(ctl({"logs", "--lines"}).exit_code == 2);
  BOOST_TEST(ctl({"nonsense"}).exit_code == 2);
}

BOOST_FIXTURE_TEST_CASE(room_commands_answer_and_check_their_usage, Service) {
  const auto joined = ctl({"rooms", "joined"});
  BOOST_TEST(joined.exit_code == 0, joined.err);
  BOOST_TEST(joined.out.find("ROOM") != std::string::npos, joined.out);
  BOOST_TEST(ctl({"rooms", "frobnicate"}).exit_code == 2);
  BOOST_TEST(ctl({"say", "onlyroom"}).exit_code == 2);
  const auto leave = ctl({"leave", "nowhere"});
  BOOST_TEST(leave.exit_code != 0);
  BOOST_TEST(leave.err.find("not in room nowhere") != std::string::npos, leave.err);
}

BOOST_FIXTURE_TEST_CASE(settings_set_and_get_through_the_command_line, Service) {
  const auto set = ctl({"settings", "set", "upload_slots", "6", "watch", "false", "name", "Somebody"});
  BOOST_REQUIRE_MESSAGE(set.exit_code == 0, set.err);
  BOOST_TEST(set.out.find("applied: upload_slots, watch") != std::string::npos, set.out);
  BOOST_TEST(set.out.find("takes effect at the next start: name") != std::string::npos, set.out);
  const auto get = ctl({"settings", "get", "upload_slots", "name", "--json"});
  BOOST_REQUIRE(get.exit_code == 0);
  const auto array = ipc::as_array(parse_json(get.out));
  BOOST_REQUIRE(!array.isNull());
  BOOST_REQUIRE_EQUAL(array->size(), 2u);
  BOOST_TEST(ipc::get_uint(array->getObject(0), "value").value_or(0) == 6u);
  BOOST_TEST(ipc::get_bool(array->getObject(1), "restart_pending").value_or(false));
  const auto bad = ctl({"settings", "set", "upload_slots", "lots"});
  BOOST_TEST(bad.exit_code == 2);
  const auto table = ctl({"settings"});
  BOOST_TEST(table.out.find("upload_slots") != std::string::npos);
  BOOST_TEST(table.out.find("(after restart)") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(logs_prints_recent_lines, Service) {
  const auto run = ctl({"logs", "--lines", "200"});
  BOOST_REQUIRE(run.exit_code == 0);
  BOOST_TEST(run.out.find("control socket: " + home.socket().string()) != std::string::npos);
  const auto three = ctl({"logs", "--lines", "3"});
  BOOST_TEST(std::count(three.out.begin(), three.out.end(), '\n') == 3);
}

BOOST_FIXTURE_TEST_CASE(watch_streams_events_as_json_lines, Service) {
  auto watch = std::async(std::launch::async, [&] { return ctl({"watch", "settings", "--count", "2", "--json"}); });
  // Keep changing a setting until the watcher has seen two events and exited.
  int value = 1;
  BOOST_REQUIRE(eventually(
      [&] {
        ctl({"settings", "set", "upload_slots", std::to_string(++value % 10)});
        return watch.wait_for(0s) == std::future_status::ready;
      },
      60s));
  const auto run = watch.get();
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  std::istringstream lines(run.out);
  std::string line;
  std::uint64_t previous = 0;
  int count = 0;
  while (std::getline(lines, line)) {
    const auto event = ipc::as_object(parse_json(line));
    BOOST_REQUIRE(!event.isNull());
    BOOST_TEST(ipc::get_string(event, "event").value_or("") == "settings.changed");
    const auto seq = ipc::get_uint(event, "seq").value_or(0);
    BOOST_TEST(seq > previous);
    previous = seq;
    ++count;
  }
  BOOST_TEST(count == 2);
}

BOOST_FIXTURE_TEST_CASE(transfer_commands_list_act_and_refuse_bad_arguments, Service) {
  const auto uploads = ctl({"transfers"});
  BOOST_TEST(uploads.exit_code == 0, uploads.err);
  BOOST_TEST(uploads.out.find("0 of 0 uploads") != std::string::npos, uploads.out);
  const auto queue = ctl({"queue", "--json"});
  BOOST_TEST(queue.exit_code == 0, queue.err);
  BOOST_TEST(queue.out.find("\"list\"") != std::string::npos, queue.out);

  BOOST_TEST(ctl({"slots", "6"}).exit_code == 0);
  const auto slots = ctl({"slots"});
  BOOST_TEST(slots.out.find("of 6 upload slot(s)") != std::string::npos, slots.out);

  const auto missing = ctl({"transfers", "cancel", "424242"});
  BOOST_TEST(missing.exit_code == 1, missing.err);
  BOOST_TEST(missing.err.find("424242") != std::string::npos, missing.err);

  BOOST_TEST(ctl({"limits", "set", "upload_limit_kib", "120"}).exit_code == 0);
  const auto limits = ctl({"limits"});
  BOOST_TEST(limits.out.find("upload_limit_kib") != std::string::npos, limits.out);
  BOOST_TEST(limits.out.find("120") != std::string::npos, limits.out);
  BOOST_TEST(ctl({"limits", "schedule", std::string(167, '1')}).exit_code == 1);  // refused by wpnd
  BOOST_TEST(ctl({"limits", "set", "bogus_key", "1"}).exit_code == 2);
  BOOST_TEST(ctl({"limits", "alternate", "on", "3"}).exit_code == 0);
  const auto status = ctl({"status", "--json"});
  BOOST_TEST(status.out.find("\"alternate_limits\":true") != std::string::npos, status.out);

  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{"transfers", "cancel"},
                                             {"queue", "move", "1"},
                                             {"slots", "many"},
                                             {"limits", "alternate", "maybe"},
                                             {"ban"},
                                             {"ban", "x_00001", "--hours"},
                                             {"ban", "x_00001", "--hours", "soon"},
                                             {"unban"},
                                             {"stop", "now"}})
    BOOST_TEST(ctl(bad).exit_code == 2, bad.front());
}

BOOST_FIXTURE_TEST_CASE(ban_takes_hours_and_bans_lists_what_unban_lifts, Service) {
  const auto banned = ctl({"ban", "leech_04213", "--hours", "2"});
  BOOST_TEST(banned.exit_code == 0, banned.err);
  BOOST_TEST(banned.out.find("for 2 hour(s)") != std::string::npos, banned.out);
  BOOST_TEST(ctl({"ban", "Pest"}).exit_code == 0);
  const auto listed = ctl({"bans", "--json"});
  BOOST_TEST(listed.exit_code == 0, listed.err);
  BOOST_TEST(listed.out.find(R"("name":"leech_04213")") != std::string::npos, listed.out);
  BOOST_TEST(listed.out.find(R"("match":"base_name")") != std::string::npos, listed.out);
  BOOST_TEST(ctl({"unban", "leech_04213"}).exit_code == 0);
  const auto after = ctl({"bans"});
  BOOST_TEST(after.out.find("leech_04213") == std::string::npos, after.out);
  BOOST_TEST(after.out.find("Pest (every suffix) for ever") != std::string::npos, after.out);
  BOOST_TEST(ctl({"unban", "leech_04213"}).exit_code == 1);  // not banned any more
}

BOOST_FIXTURE_TEST_CASE(stop_command_stops_the_service, Service) {
  const auto stopped = ctl({"stop"});
  BOOST_TEST(stopped.exit_code == 0, stopped.err);
  BOOST_TEST(wpnd->wait_exit(std::chrono::seconds(20)) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
