// Every IPC method through the real socket of a real wpnd.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <set>
#include <string>

#include "ipc/log_dto.h"
#include "ipc/params.h"
#include "ipc/room_dto.h"
#include "ipc/setting_dto.h"
#include "ipc/share_dto.h"
#include "ipc/status_dto.h"
#include "support/test_data.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

// wpnd on a temporary home, sharing every file type so that small text files count.
struct Service {
  WpndHome home;
  std::filesystem::path music = home.root() / "music";
  std::unique_ptr<WpndProcess> wpnd;
  std::optional<ipc::BlockingClient> client;

  Service() {
    std::filesystem::create_directories(music);
    home.write_config(R"({"share_mode": "all", "shares": []})");
    wpnd = std::make_unique<WpndProcess>(home);
    wpnd->require_ready();
    client.emplace(wpnd->connect());
  }

  void write_file(const std::filesystem::path& path, std::size_t size, char fill) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << std::string(size, fill);
  }

  ipc::FilePageDto files(const ipc::SharesFilesParams& params = {}) {
    return ipc::file_page_from_json(ipc::as_object(call_ok(*client, "shares.files", ipc::to_json(params))));
  }

  ipc::ShareRootDto add(const std::filesystem::path& path) {
    return ipc::share_root_from_json(
        ipc::as_object(call_ok(*client, "shares.add", ipc::to_json(ipc::SharesAddParams{path.string()}))));
  }

  std::string error_code(std::string_view method, const std::string& params) {
    return std::string(ipc::to_string(call_error(*client, method, *ipc::parse_json_object(params)).code));
  }

  // Waits until the share index lists `count` announced (hashed) files.
  void wait_for_files(std::uint64_t count) {
    BOOST_REQUIRE_MESSAGE(eventually([&] { return files().total == count; }, 60s),
                          "expected " << count << " shared files, have " << files().total);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ipc_methods)

BOOST_FIXTURE_TEST_CASE(status_reports_the_documented_members, Service) {
  const auto result = ipc::as_object(call_ok(*client, "status"));
  for (const char* key : {"version", "role", "connected", "files_shared", "files_hashed", "bytes_to_hash",
                          "uploads_active", "upload_slots", "queue_length", "downloads_active"})
    BOOST_TEST(result->has(key), key);
  const auto status = ipc::status_from_json(result);
  BOOST_TEST(status.version == WPN_VERSION_TEXT);
  BOOST_TEST(!status.connected);
  BOOST_TEST(status.shares == 0u);
}

BOOST_FIXTURE_TEST_CASE(shares_add_hashes_files_and_lists_them_with_keys, Service) {
  write_file(music / "a.txt", 1000, 'a');
  write_file(music / "sub" / "b.txt", 3000, 'b');
  const auto root = add(music);
  BOOST_TEST(root.path == music.string());
  BOOST_TEST(root.id > 0);
  wait_for_files(2);
  const auto page = files();
  std::set<std::string> names;
  for (const auto& file : page.files) {
    names.insert(file.name);
    BOOST_TEST(file.key.size() == 40u);
    BOOST_TEST(file.root_id == root.id);
    BOOST_TEST(file.path.rfind(music.string(), 0) == 0u);
  }
  BOOST_TEST(names == (std::set<std::string>{"music\\a.txt", "music\\sub\\b.txt"}));
  const auto status = ipc::status_from_json(ipc::as_object(call_ok(*client, "status")));
  BOOST_TEST(status.files_shared == 2u);
  BOOST_TEST(status.files_hashed == 2u);
  BOOST_TEST(status.bytes_to_hash == 0u);
  const auto roots = ipc::share_roots_from_json(ipc::as_array(call_ok(*client, "shares.list")));
  BOOST_REQUIRE_EQUAL(roots.size(), 1u);
  BOOST_TEST(roots.front().files == 2u);
  BOOST_TEST(roots.front().bytes == 4000u);
}

BOOST_FIXTURE_TEST_CASE(shares_files_pages_and_filters_by_root, Service) {
  for (std::size_t i = 0; i < 5; ++i) write_file(music / ("f" + std::to_string(i) + ".txt"), 100 + i, 'x');
  const auto other = home.root() / "other";
  write_file(other / "o.txt", 50, 'o');
  const auto music_root = add(music);
  add(other);
  wait_for_files(6);
  ipc::SharesFilesParams params;
  params.limit = 2;
  params.offset = 1;
  const auto page = files(params);
  BOOST_TEST(page.total == 6u);
  BOOST_TEST(page.offset == 1u);
  BOOST_TEST(page.files.size() == 2u);
  // A cursor walk (the last id of each page as "after") meets every file once.
  std::set<std::int64_t> walked;
  ipc::SharesFilesParams cursor;
  cursor.limit = 4;
  for (int pages = 0; pages < 5; ++pages) {
    const auto next = files(cursor);
    BOOST_TEST(next.total == 6u);
    for (const auto& f : next.files) {
      BOOST_TEST(static_cast<std::uint64_t>(f.id) > cursor.after);
      walked.insert(f.id);
    }
    if (next.files.empty()) break;
    cursor.after = static_cast<std::uint64_t>(next.files.back().id);
  }
  BOOST_TEST(walked.size() == 6u);
  ipc::SharesFilesParams only_music;
  only_music.root.id = music_root.id;
  BOOST_TEST(files(only_music).total == 5u);
  BOOST_TEST(files(only_music).files.size() == 5u);
  // The cached counts follow the index: a removed file leaves the total.
  std::filesystem::remove(music / "f0.txt");
  BOOST_TEST(eventually([&] { return files(only_music).total == 4u; }, 30s));
  BOOST_TEST(files(ipc::SharesFilesParams{}).total == 5u);
  ipc::SharesFilesParams unknown;
  unknown.root.id = 999999;
  BOOST_TEST(error_code("shares.files", ipc::to_json_text(ipc::to_json(unknown))) == "not_found");
}

BOOST_FIXTURE_TEST_CASE(shares_add_refuses_bad_paths, Service) {
  add(music);
  BOOST_TEST(error_code("shares.add", R"({"path":"relative/dir"})") == "invalid_params");
  BOOST_TEST(error_code("shares.add", R"({"path":"/no/such/directory"})") == "not_found");
  BOOST_TEST(error_code("shares.add", "{\"path\":\"" + music.string() + "\"}") == "already_exists");
  std::filesystem::create_directories(music / "inner");
  BOOST_TEST(error_code("shares.add", "{\"path\":\"" + (music / "inner").string() + "\"}") == "conflict");
  BOOST_TEST(error_code("shares.add", R"({})") == "invalid_params");
}

BOOST_FIXTURE_TEST_CASE(shares_remove_drops_the_root_and_its_files, Service) {
  write_file(music / "a.txt", 10, 'a');
  const auto root = add(music);
  wait_for_files(1);
  const auto removed = ipc::share_root_from_json(ipc::as_object(
      call_ok(*client, "shares.remove", *ipc::parse_json_object("{\"id\":" + std::to_string(root.id) + "}"))));
  BOOST_TEST(removed.path == music.string());
  BOOST_TEST(ipc::share_roots_from_json(ipc::as_array(call_ok(*client, "shares.list"))).empty());
  wait_for_files(0);
  BOOST_TEST(error_code("shares.remove", R"({"path":"/not/shared"})") == "not_found");
  // The change is saved: the configuration no longer names the folder.
  BOOST_TEST(read_text_file(home.config_file()).find(music.string()) == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(shares_rescan_picks_up_new_files_and_progress_reports_counts, Service) {
  write_file(music / "a.txt", 10, 'a');
  add(music);
  wait_for_files(1);
  call_ok(*client, "settings.set", *ipc::parse_json_object(R"({"values":{"watch":false}})"));
  write_file(music / "b.txt", 20, 'b');
  const auto rescanned = ipc::share_roots_from_json(ipc::as_array(
      call_ok(*client, "shares.rescan", *ipc::parse_json_object("{\"path\":\"" + music.string() + "\"}"))));
  BOOST_REQUIRE_EQUAL(rescanned.size(), 1u);
  wait_for_files(2);
  const auto progress = ipc::share_progress_from_json(ipc::as_object(call_ok(*client, "shares.progress")));
  BOOST_TEST(progress.hash_files_done == progress.hash_files_total);
  BOOST_TEST(!progress.hashing);
  call_ok(*client, "shares.rescan");
  BOOST_TEST(error_code("shares.rescan", R"({"id":424242})") == "not_found");
}

BOOST_FIXTURE_TEST_CASE(settings_get_describes_every_setting, Service) {
  const auto settings = ipc::settings_from_json(ipc::as_array(call_ok(*client, "settings.get")));
  BOOST_TEST(settings.size() >= 20u);
  std::set<std::string> keys;
  for (const auto& setting : settings) {
    keys.insert(setting.key);
    BOOST_TEST((setting.apply == "live" || setting.apply == "restart"), setting.key);
    BOOST_TEST(!setting.description.empty(), setting.key);
    BOOST_TEST(!setting.type.empty(), setting.key);
  }
  for (const char* key :
       {"role", "name", "bind", "data_port", "passive", "caches", "shares", "data_dir", "runtime_dir", "log_level"})
    BOOST_TEST(keys.contains(key), key);
  const auto one = ipc::settings_from_json(
      ipc::as_array(call_ok(*client, "settings.get", *ipc::parse_json_object(R"({"keys":["share_mode"]})"))));
  BOOST_REQUIRE_EQUAL(one.size(), 1u);
  BOOST_TEST(one.front().source == "file");
  BOOST_TEST(ipc::as_string(one.front().value).value_or("") == "all");
  BOOST_TEST(ipc::as_string(one.front().default_value).value_or("") == "media");
  BOOST_TEST(error_code("settings.get", R"({"keys":["nope"]})") == "not_found");
}

BOOST_FIXTURE_TEST_CASE(settings_set_applies_live_saves_and_marks_restart_settings, Service) {
  const auto change = ipc::settings_change_from_json(ipc::as_object(
      call_ok(*client, "settings.set", *ipc::parse_json_object(R"({"values":{"upload_slots":6,"name":"Renamed"}})"))));
  BOOST_TEST(change.applied == (std::vector<std::string>{"upload_slots"}));
  BOOST_TEST(change.restart_required == (std::vector<std::string>{"name"}));
  BOOST_TEST(change.saved);
  const auto status = ipc::status_from_json(ipc::as_object(call_ok(*client, "status")));
  BOOST_TEST(status.upload_slots == 6u);
  BOOST_TEST(status.name == "OpenWPN");  // a restart setting
  const auto saved = ipc::parse_json_object(read_text_file(home.config_file()));
  BOOST_REQUIRE(saved.has_value());
  BOOST_TEST(ipc::get_uint(*saved, "upload_slots").value_or(0) == 6u);
  BOOST_TEST(ipc::get_string(*saved, "name").value_or("") == "Renamed");
  BOOST_TEST(error_code("settings.set", R"({"values":{"upload_slots":"six"}})") == "invalid_params");
  BOOST_TEST(error_code("settings.set", R"({"values":{"no_such_key":1}})") == "not_found");
  BOOST_TEST(error_code("settings.set", R"({"values":{}})") == "invalid_params");
}

BOOST_FIXTURE_TEST_CASE(logs_recent_returns_the_service_log_with_level_filter, Service) {
  const auto lines = ipc::log_lines_from_json(
      ipc::as_array(call_ok(*client, "logs.recent", *ipc::parse_json_object(R"({"limit":1000})"))));
  bool found = false;
  for (const auto& line : lines) found = found || line.text.find("control socket: " + home.socket().string()) == 0;
  BOOST_TEST(found);
  call_ok(*client, "settings.set", *ipc::parse_json_object(R"({"values":{"name":"Later"}})"));  // logs a notice
  const auto notices = ipc::log_lines_from_json(
      ipc::as_array(call_ok(*client, "logs.recent", *ipc::parse_json_object(R"({"level":"notice"})"))));
  BOOST_REQUIRE(!notices.empty());
  for (const auto& line : notices) BOOST_TEST(line.level != "information");
  const auto two = ipc::log_lines_from_json(
      ipc::as_array(call_ok(*client, "logs.recent", *ipc::parse_json_object(R"({"limit":2})"))));
  BOOST_TEST(two.size() == 2u);
  BOOST_TEST(error_code("logs.recent", R"({"level":"loud"})") == "invalid_params");
}

BOOST_FIXTURE_TEST_CASE(rooms_answer_and_refuse_bad_params, Service) {
  BOOST_TEST(error_code("rooms.join", "{}") == "invalid_params");
  BOOST_TEST(error_code("rooms.say", R"({"room":"x"})") == "invalid_params");
  BOOST_TEST(error_code("rooms.leave", R"({"room":"nowhere"})") == "not_found");
  const auto joined = ipc::rooms_from_json(ipc::as_object(call_ok(*client, "rooms.joined")));
  BOOST_TEST(joined.rooms.empty());
  BOOST_TEST(error_code("shares.unknown", "{}") == "unknown_method");
  call_ok(*client, "status");  // still connected
}

BOOST_FIXTURE_TEST_CASE(events_stream_in_sequence_and_resume_since_n, Service) {
  auto subscribed = ipc::subscribe_result_from_json(ipc::as_object(
      call_ok(*client, "events.subscribe", *ipc::parse_json_object(R"({"topics":["shares","settings"]})"))));
  BOOST_TEST(!subscribed.snapshot.isNull());  // a fresh subscription gets the full state
  BOOST_TEST(subscribed.snapshot->has("shares"));
  write_file(music / "a.txt", 10, 'a');
  auto other = wpnd->connect();
  call_ok(other, "shares.add", ipc::to_json(ipc::SharesAddParams{music.string()}));
  std::vector<ipc::Event> seen;
  while (seen.empty() || seen.back().name != "shares.file_added") {
    auto event = client->next_event();
    BOOST_REQUIRE_MESSAGE(event.has_value(), "event stream ended");
    seen.push_back(*event);
  }
  bool roots_changed = false;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    BOOST_TEST((seen[i].topic() == "shares" || seen[i].topic() == "settings"), seen[i].name);
    if (i > 0) BOOST_TEST(seen[i].seq > seen[i - 1].seq);
    roots_changed = roots_changed || seen[i].name == "shares.roots_changed";
  }
  BOOST_TEST(roots_changed);
  BOOST_TEST(ipc::get_string(seen.back().data, "name").value_or("") == "music\\a.txt");

  // A client that saw only the first event resumes from it and gets the rest replayed.
  const auto instance = client->hello().instance;
  ipc::SubscribeParams resume{{"shares", "settings"}, seen.front().seq, instance};
  const auto resumed =
      ipc::subscribe_result_from_json(ipc::as_object(call_ok(other, "events.subscribe", ipc::to_json(resume))));
  BOOST_TEST(resumed.snapshot.isNull());
  BOOST_TEST(resumed.replayed >= seen.size() - 1);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    auto event = other.next_event();
    BOOST_REQUIRE(event.has_value());
    BOOST_TEST(event->seq == seen[i].seq);
    BOOST_TEST(event->name == seen[i].name);
  }
  // Resuming from another run of the service falls back to a snapshot.
  auto third = wpnd->connect();
  ipc::SubscribeParams stale{{"shares"}, 1, std::string("an-earlier-run")};
  const auto fresh =
      ipc::subscribe_result_from_json(ipc::as_object(call_ok(third, "events.subscribe", ipc::to_json(stale))));
  BOOST_TEST(!fresh.snapshot.isNull());
  BOOST_TEST(fresh.replayed == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
