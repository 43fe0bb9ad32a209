// A whole WPN segment of real processes on loopback: a wpnd primary hub on 127.0.0.2 and
// two wpnd secondaries on 127.0.0.3 and .4. Shares are announced, found by keyword and by
// hash, downloaded through the hub's 0x1Fxx relay, queued while the uploader has no free
// slot, and found again after the hub restarts.
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "ipc/control_dto.h"
#include "ipc/message.h"
#include "ipc/network_dto.h"
#include "ipc/status_dto.h"
#include "ipc/transfer_dto.h"
#include "raw_client.h"
#include "support/test_data.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

std::string file_bytes(const std::filesystem::path& path) { return read_text_file(path); }

// wpnctl's --json output of a list.
Poco::JSON::Array::Ptr json_array(const std::string& text) {
  Poco::JSON::Parser parser;
  const auto value = parser.parse(text);
  if (value.type() != typeid(Poco::JSON::Array::Ptr)) BOOST_FAIL("not a JSON array: " + text);
  return value.extract<Poco::JSON::Array::Ptr>();
}

struct Node : WpndNode {
  ipc::StatusDto status() { return ipc::status_from_json(call("status")); }
  // Where the transfer events stand now: the mark to read them back from.
  ipc::SubscribeResult mark() {
    auto watcher = wpnd->connect();
    ipc::SubscribeParams params;
    params.topics = {"transfers"};
    return ipc::subscribe_result_from_json(ipc::as_object(call_ok(watcher, "events.subscribe", ipc::to_json(params))));
  }
  // The transfer events since `mark`, replayed by the service's event buffer.
  std::vector<ipc::Event> transfer_events_since(const ipc::SubscribeResult& mark) {
    auto watcher = wpnd->connect();
    ipc::SubscribeParams params;
    params.topics = {"transfers"};
    params.since = mark.seq;
    params.instance = mark.instance;
    const auto result =
        ipc::subscribe_result_from_json(ipc::as_object(call_ok(watcher, "events.subscribe", ipc::to_json(params))));
    std::vector<ipc::Event> events;
    for (std::uint64_t i = 0; i < result.replayed; ++i)
      if (auto event = watcher.next_event()) events.push_back(std::move(*event));
    return events;
  }
  ipc::TransferDto download_row() {
    const auto page = ipc::transfer_page_from_json(call("transfers.view", R"({"list":"downloads"})"));
    return page.rows.empty() ? ipc::TransferDto{} : page.rows.front();
  }
};

struct Segment {
  Node hub;
  Node alice;
  Node bob;
  std::uint64_t hub_port = 0;
  std::filesystem::path song = alice.home.root() / "music" / "Alpha Song.mp3";

  Segment() {
    hub.home.write_config(R"({"shares": []})");
    hub.start({"--role", "primary", "--bind", "127.0.0.2", "--data-port", "0"});
    hub_port = *ipc::get_uint(hub.call("network.status"), "port");
    BOOST_REQUIRE(hub_port > 0);
    write_random(song, 700'000, 1);
    write_random(alice.home.root() / "music" / "notes.txt", 3'000, 2);
    const std::string hubs = R"("hubs": ["127.0.0.2:)" + std::to_string(hub_port) + R"("])";
    alice.home.write_config(R"({"share_mode": "all", "shares": [")" + (alice.home.root() / "music").string() +
                            R"("], )" + hubs + "}");
    bob.home.write_config(R"({"share_mode": "all", "shares": [], )" + hubs + "}");
    alice.start({"--bind", "127.0.0.3", "--name", "alice"});
    bob.start({"--bind", "127.0.0.4", "--name", "bob"});
    BOOST_REQUIRE(eventually([&] { return alice.status().files_shared == 2 && alice.status().connected; }, 30s));
    BOOST_REQUIRE(eventually([&] { return bob.status().connected; }, 30s));
  }

  // Searches from bob until the hub has alice's announcement; the first result.
  ipc::JsonObject find(const std::string& params) {
    ipc::JsonObject hit;
    BOOST_REQUIRE_MESSAGE(eventually(
                              [&] {
                                const auto id = *ipc::get_uint(bob.call("search", params), "id");
                                for (int i = 0; i < 20 && hit.isNull(); ++i) {
                                  std::this_thread::sleep_for(50ms);
                                  const auto rows = ipc::get_array(
                                      bob.call("search.results", R"({"id":)" + std::to_string(id) + "}"), "results");
                                  if (rows && rows->size() > 0) hit = rows->getObject(0);
                                }
                                return !hit.isNull();
                              },
                              30s),
                          "no result for " << params);
    return hit;
  }

  std::string download_params(const ipc::JsonObject& hit) {
    auto params = ipc::make_object();
    for (const char* key : {"key", "user", "handle", "file_hex"}) params->set(key, *ipc::get_string(hit, key));
    return ipc::to_json_text(params);
  }

  std::filesystem::path downloaded() const { return bob.home.home() / "OpenWPN Downloads" / "Alpha Song.mp3"; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(network_e2e)

BOOST_FIXTURE_TEST_CASE(keyword_search_finds_the_file_and_it_downloads_byte_identical, Segment) {
  const auto hit = find(R"({"words": "alpha song"})");
  BOOST_TEST(*ipc::get_string(hit, "user") == *ipc::get_string(alice.call("network.status"), "full_name"));
  BOOST_TEST(*ipc::get_uint(hit, "size") == 700'000u);
  const auto hashed = run_wpnctl(alice.home, {"hash", "--json", song.string()});
  BOOST_REQUIRE(hashed.exit_code == 0);
  BOOST_TEST(hashed.out.find(*ipc::get_string(hit, "key")) != std::string::npos, hashed.out);

  bob.call("download", download_params(hit));
  BOOST_REQUIRE(eventually([&] { return bob.download_row().state == "finished"; }, 60s));
  BOOST_TEST((file_bytes(downloaded()) == file_bytes(song)));
}

BOOST_FIXTURE_TEST_CASE(hash_search_finds_the_same_file, Segment) {
  const auto by_words = find(R"({"words": "alpha"})");
  const auto key = *ipc::get_string(by_words, "key");
  const auto by_hash = find(R"({"key": ")" + key + R"("})");
  BOOST_TEST(*ipc::get_string(by_hash, "key") == key);
  BOOST_TEST(*ipc::get_string(by_hash, "file") == *ipc::get_string(by_words, "file"));
}

BOOST_FIXTURE_TEST_CASE(a_download_waits_in_the_uploader_queue_until_a_slot_frees, Segment) {
  alice.call("slots.set", R"({"upload_slots": 0})");
  const auto hit = find(R"({"words": "alpha"})");
  bob.call("download", download_params(hit));
  // Alice holds the request in her queue with a reason; bob sees it waiting remotely.
  BOOST_REQUIRE(eventually(
      [&] { return ipc::transfer_page_from_json(alice.call("transfers.view", R"({"list":"queue"})")).total == 1; },
      30s));
  const auto queued = ipc::transfer_page_from_json(alice.call("transfers.view", R"({"list":"queue"})")).rows.at(0);
  BOOST_TEST(queued.position == 1u);
  BOOST_TEST(queued.wait_reason == "no_free_slot");
  // Bob sees the same position, reported by alice through the hub (0x1F5E -> 0x1FCC).
  BOOST_TEST(eventually([&] { return bob.download_row().wait_reason == "remote_queue"; }, 30s));
  BOOST_TEST(bob.download_row().position == 1u);
  BOOST_TEST(bob.download_row().state != "finished");
  // queue.remove takes only queued uploads: Bob's download (and its partial file) stays.
  const auto waiting = bob.download_row().id;
  const auto refused = call_error(*bob.client, "queue.remove",
                                  ipc::parse_json_object(R"({"id":)" + std::to_string(waiting) + "}").value());
  BOOST_TEST((refused.code == ipc::ErrorCode::NotFound));
  BOOST_TEST(bob.download_row().id == waiting);
  alice.call("slots.set", R"({"upload_slots": 1})");
  BOOST_REQUIRE(eventually([&] { return bob.download_row().state == "finished"; }, 60s));
  BOOST_TEST((file_bytes(downloaded()) == file_bytes(song)));
}

// The tray's and wpnctl's ban: the full name shown in the transfer row, for a short time.
BOOST_FIXTURE_TEST_CASE(a_ban_on_a_transfer_rows_user_refuses_their_requests_until_it_expires, Segment) {
  alice.call("slots.set", R"({"upload_slots": 0})");
  const auto hit = find(R"({"words": "alpha"})");
  const auto mark = alice.mark();
  bob.call("download", download_params(hit));
  const auto queue_of = [&] {
    return ipc::transfer_page_from_json(alice.call("transfers.view", R"({"list":"queue"})"));
  };
  BOOST_REQUIRE(eventually([&] { return queue_of().total == 1; }, 30s));
  const std::string user = queue_of().rows.at(0).peer;
  BOOST_TEST(user == *ipc::get_string(bob.call("network.status"), "full_name"));
  const auto banned_refusals = [&] {
    std::size_t count = 0;
    for (const auto& event : alice.transfer_events_since(mark)) {
      if (event.name != "transfers.refused") continue;
      const auto refused = ipc::transfer_refused_from_json(event.data);
      if (refused.user == user && refused.reason == "banned") ++count;
    }
    return count;
  };

  constexpr std::uint64_t BanSeconds = 8;
  const auto banned_at = std::chrono::system_clock::now();
  alice.call("peers.ban", ipc::to_json_text(ipc::to_json(ipc::PeersBanParams{user, 0, BanSeconds})));
  alice.call("slots.set", R"({"upload_slots": 1})");
  // The queued request leaves alice's queue, refused as banned; bob's download does not finish.
  BOOST_TEST(eventually([&] { return queue_of().total == 0; }, 10s));
  BOOST_TEST(eventually([&] { return banned_refusals() >= 1; }, 10s));

  // Bob asks again from scratch: refused with the reason, while a free slot waits.
  const auto refused_before = banned_refusals();
  bob.call("transfers.remove", R"({"id":)" + std::to_string(bob.download_row().id) + "}");
  bob.call("download", download_params(hit));
  BOOST_TEST(eventually([&] { return banned_refusals() > refused_before; }, 30s));
  BOOST_TEST(bob.download_row().state != "finished");
  BOOST_TEST(ipc::transfer_page_from_json(alice.call("transfers.view", R"({"list":"uploads"})")).total == 0u);

  // Once the ban has run out, bob's next request is served.
  BOOST_REQUIRE(eventually(
      [&] { return std::chrono::system_clock::now() > banned_at + std::chrono::seconds(BanSeconds + 1); }, 30s));
  bob.call("transfers.remove", R"({"id":)" + std::to_string(bob.download_row().id) + "}");
  bob.call("download", download_params(hit));
  BOOST_REQUIRE(eventually([&] { return bob.download_row().state == "finished"; }, 60s));
  BOOST_TEST((file_bytes(downloaded()) == file_bytes(song)));
}

BOOST_FIXTURE_TEST_CASE(secondaries_reconnect_and_republish_after_the_hub_restarts, Segment) {
  find(R"({"words": "alpha"})");
  BOOST_REQUIRE(hub.wpnd->stop() == 0);
  BOOST_REQUIRE(eventually([&] { return !bob.status().connected; }, 30s));
  hub.start({"--role", "primary", "--bind", "127.0.0.2", "--data-port", std::to_string(hub_port)});
  BOOST_REQUIRE(eventually([&] { return alice.status().connected && bob.status().connected; }, 90s));
  const auto hit = find(R"({"words": "alpha"})");
  BOOST_TEST(*ipc::get_uint(hit, "size") == 700'000u);
}

BOOST_FIXTURE_TEST_CASE(wpnctl_searches_and_downloads_a_numbered_result, Segment) {
  find(R"({"words": "alpha"})");  // the hub has the share list
  const auto search = run_wpnctl(bob.home, {"search", "alpha", "song", "--timeout", "1", "--json"});
  BOOST_TEST_REQUIRE(search.exit_code == 0, search.err);
  const auto first = json_array(search.out)->getObject(0);
  BOOST_REQUIRE(!first.isNull());
  for (const char* member : {"id", "user", "name", "size", "key"}) BOOST_TEST(first->has(member), member);
  BOOST_TEST(*ipc::get_string(first, "name") == "music\\Alpha Song.mp3");
  const auto id = std::to_string(*ipc::get_uint(first, "id"));
  const auto started = run_wpnctl(bob.home, {"download", id});
  BOOST_TEST_REQUIRE(started.exit_code == 0, started.err);
  BOOST_REQUIRE(eventually([&] { return bob.download_row().state == "finished"; }, 60s));
  BOOST_TEST((file_bytes(downloaded()) == file_bytes(song)));
  BOOST_TEST(run_wpnctl(bob.home, {"download", std::to_string(*ipc::get_uint(first, "id") + 98)}).exit_code == 1);
  // The contract's transfer listing: the download with its local path.
  const auto listed = run_wpnctl(bob.home, {"transfers", "--json"});
  BOOST_TEST_REQUIRE(listed.exit_code == 0, listed.err);
  const auto rows = json_array(listed.out);
  BOOST_TEST_REQUIRE(rows->size() == 1u);
  const auto row = rows->getObject(0);
  for (const char* member : {"id", "direction", "state", "user", "name", "bytes_done", "size"})
    BOOST_TEST(row->has(member), member);
  BOOST_TEST(*ipc::get_string(row, "local_path") == downloaded().string());
  BOOST_TEST(*ipc::get_uint(row, "bytes_done") == 700'000u);
  BOOST_TEST(run_wpnctl(bob.home, {"transfers", "clear"}).exit_code == 0);
  BOOST_TEST(json_array(run_wpnctl(bob.home, {"transfers", "--json"}).out)->size() == 0u);
  const auto table = run_wpnctl(bob.home, {"search", "alpha", "song", "--timeout", "1"});
  BOOST_TEST_REQUIRE(table.exit_code == 0, table.err);
  BOOST_TEST(table.out.starts_with("ID  "), table.out);
  BOOST_TEST(table.out.find("  683.6 KiB  -       music\\Alpha Song.mp3\n") != std::string::npos, table.out);
  BOOST_TEST(table.out.ends_with("\n1 result(s); get one with: wpnctl download ID\n"), table.out);
  const auto network = run_wpnctl(bob.home, {"network"});
  BOOST_TEST(network.out.find("yes, to 127.0.0.2:" + std::to_string(hub_port)) != std::string::npos, network.out);
}

BOOST_FIXTURE_TEST_CASE(hosts_are_added_and_imported_into_the_saved_wsx_list, Segment) {
  const auto added = run_wpnctl(bob.home, {"network", "add", "cache", "127.0.0.9:7952"});
  BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
  const auto wsx = bob.home.root() / "list.wsx";
  std::ofstream(wsx) << "N:Local\r\nP:7000\r\nT:WPN_HUB\r\nA:127.0.0.8\r\n";
  const auto imported = run_wpnctl(bob.home, {"network", "import", wsx.string()});
  BOOST_TEST_REQUIRE(imported.exit_code == 0, imported.err);
  const auto saved = read_text_file(bob.home.data_dir() / "hosts.wsx");
  BOOST_TEST(saved.find("127.0.0.9") != std::string::npos, saved);
  // A WSX file's raw IP addresses are not imported unless the owner allows them (as in WinMX).
  BOOST_TEST(saved.find("127.0.0.8") == std::string::npos, saved);
  BOOST_TEST(imported.out.find("imported 0 new host(s)") != std::string::npos, imported.out);
  BOOST_TEST(run_wpnctl(bob.home, {"network", "add", "cache", "no-port"}).exit_code == 1);
  BOOST_TEST(run_wpnctl(bob.home, {"network", "add", "mirror", "127.0.0.9:1"}).exit_code == 2);
  // Still connected to the hub after the node restarted with the longer list.
  BOOST_REQUIRE(eventually([&] { return bob.status().connected; }, 60s));
}

BOOST_FIXTURE_TEST_CASE(a_queued_request_survives_kill_9_of_the_uploader, Segment) {
  alice.call("slots.set", R"({"upload_slots": 0})");
  bob.call("download", download_params(find(R"({"words": "alpha"})")));
  const auto queue_of = [](Node& node) {
    return ipc::transfer_page_from_json(node.call("transfers.view", R"({"list":"queue"})"));
  };
  BOOST_REQUIRE(eventually([&] { return queue_of(alice).total == 1; }, 30s));
  const auto before = queue_of(alice).rows.at(0);
  alice.wpnd->kill9();
  alice.start({"--bind", "127.0.0.3", "--name", "alice"});
  const auto after = queue_of(alice);
  BOOST_TEST_REQUIRE(after.total == 1u);
  BOOST_TEST(after.rows.at(0).peer == before.peer);
  BOOST_TEST(after.rows.at(0).file == before.file);
  BOOST_TEST(after.rows.at(0).position == 1u);
  // A slot opens: the restored request is granted (it leaves the queue for the uploads).
  // Bob then needs the uploader's new name, which the hub assigns at each login; his
  // downloader finds it again by hash search after its back-off, which this test does not wait for.
  BOOST_REQUIRE(eventually([&] { return alice.status().connected; }, 60s));
  alice.call("slots.set", R"({"upload_slots": 1})");
  BOOST_TEST(eventually([&] { return queue_of(alice).total == 0; }, 30s));
}

// A file renamed while its request waits (here while the uploader is down) costs the request
// no place: the restart restores it as it was, and its turn decides about the file.
BOOST_FIXTURE_TEST_CASE(a_queued_request_survives_kill_9_when_its_file_was_renamed_meanwhile, Segment) {
  alice.call("slots.set", R"({"upload_slots": 0})");
  bob.call("download", download_params(find(R"({"words": "alpha"})")));
  const auto queue_of = [&] {
    return ipc::transfer_page_from_json(alice.call("transfers.view", R"({"list":"queue"})"));
  };
  BOOST_REQUIRE(eventually([&] { return queue_of().total == 1; }, 30s));
  const auto before = queue_of().rows.at(0);
  alice.wpnd->kill9();
  std::filesystem::rename(song, song.parent_path() / "Renamed Song.mp3");
  alice.start({"--bind", "127.0.0.3", "--name", "alice"});
  const auto after = queue_of();
  BOOST_TEST_REQUIRE(after.total == 1u);
  BOOST_TEST(after.rows.at(0).peer == before.peer);
  BOOST_TEST(after.rows.at(0).file == before.file);
  BOOST_TEST(after.rows.at(0).position == 1u);
}

BOOST_FIXTURE_TEST_CASE(paused_sharing_is_not_found_and_resumes, Segment) {
  const auto hit = find(R"({"words": "alpha"})");
  // Bob's whois through the hub, answered from the hub's own index: the user's shared file
  // count, or nothing when the hub does not know the name.
  const auto files_at_hub = [&](const std::string& user) -> std::optional<std::uint64_t> {
    const auto params = R"({"user":")" + user + R"(","handle":")" + *ipc::get_string(hit, "handle") + R"("})";
    const auto id = std::to_string(*ipc::get_uint(bob.call("whois", params), "id"));
    ipc::JsonObject answer;
    const bool done = eventually(
        [&] {
          answer = bob.call("whois.result", R"({"id":)" + id + "}");
          return ipc::get_bool(answer, "done").value_or(false);
        },
        10s);
    return done ? ipc::get_uint(answer, "shared_files") : std::nullopt;
  };
  std::string alice_now;  // her name at the hub: pausing logs her in again, announcing nothing
  alice.call("sharing.pause");
  BOOST_TEST(ipc::status_live_from_json(alice.call("status")).sharing_paused);
  BOOST_REQUIRE(eventually(
      [&] {
        const auto network = alice.call("network.status");
        alice_now = ipc::get_string(network, "full_name").value_or("");
        return ipc::get_bool(network, "logged_in").value_or(false) && files_at_hub(alice_now) == 0u;
      },
      30s));
  // A new search comes back empty. The hub answers a search at once and in order on bob's
  // connection, so the answer to a whois sent after it marks the end of its results.
  const auto search_id = std::to_string(*ipc::get_uint(bob.call("search", R"({"words": "alpha"})"), "id"));
  BOOST_REQUIRE(files_at_hub(alice_now) == 0u);
  const auto rows = ipc::get_array(bob.call("search.results", R"({"id":)" + search_id + "}"), "results");
  BOOST_REQUIRE(rows);
  BOOST_TEST(rows->size() == 0u);
  alice.call("sharing.resume");
  BOOST_TEST(!ipc::status_live_from_json(alice.call("status")).sharing_paused);
  BOOST_TEST(*ipc::get_string(find(R"({"words": "alpha"})"), "key") == *ipc::get_string(hit, "key"));
}

// Bans apply to search answers: kept results from a banned user are hidden while the ban
// holds, and answers arriving during the ban are not kept.
BOOST_FIXTURE_TEST_CASE(search_answers_from_a_banned_user_are_left_out, Segment) {
  const auto hit = find(R"({"words": "alpha"})");
  const std::string user = *ipc::get_string(hit, "user");
  const auto results = [&](const std::string& id) {
    const auto rows = ipc::get_array(bob.call("search.results", R"({"id":)" + id + "}"), "results");
    return rows ? rows->size() : std::size_t{0};
  };
  const auto search = [&] { return std::to_string(*ipc::get_uint(bob.call("search", R"({"words": "alpha"})"), "id")); };
  // The hub answers a search at once and in order on bob's connection, so the answer to a
  // whois sent after it marks the end of its results.
  const auto whois_answered = [&] {
    const auto params = R"({"user":")" + user + R"(","handle":")" + *ipc::get_string(hit, "handle") + R"("})";
    const auto id = std::to_string(*ipc::get_uint(bob.call("whois", params), "id"));
    return eventually(
        [&] { return ipc::get_bool(bob.call("whois.result", R"({"id":)" + id + "}"), "done").value_or(false); }, 10s);
  };
  const auto before = search();
  BOOST_REQUIRE(eventually([&] { return results(before) > 0; }, 10s));

  bob.call("peers.ban", ipc::to_json_text(ipc::to_json(ipc::PeersBanParams{user, 0, 0})));
  BOOST_TEST(results(before) == 0u);
  const auto during = search();
  BOOST_REQUIRE(whois_answered());
  BOOST_TEST(results(during) == 0u);

  bob.call("peers.unban", ipc::to_json_text(ipc::to_json(ipc::PeersUnbanParams{user})));
  BOOST_TEST(results(before) > 0u);   // kept, hidden only while banned
  BOOST_TEST(results(during) == 0u);  // never kept
  BOOST_TEST(*ipc::get_string(find(R"({"words": "alpha"})"), "user") == user);
}

// Alice behind a firewall: no data port. Bob asks through the hub for a push (0x1F4A) and
// alice connects out to him with SEND.
BOOST_FIXTURE_TEST_CASE(a_passive_uploader_pushes_the_file_to_the_downloader, Segment) {
  alice.wpnd->stop();
  alice.start({"--bind", "127.0.0.3", "--name", "alice", "--passive"});
  BOOST_REQUIRE(eventually([&] { return alice.status().connected && alice.status().files_shared == 2; }, 60s));
  const auto hit = find(R"({"words": "alpha"})");
  bob.call("download", download_params(hit));
  BOOST_REQUIRE(eventually([&] { return bob.download_row().state == "finished"; }, 60s));
  BOOST_TEST((file_bytes(downloaded()) == file_bytes(song)));
}

BOOST_AUTO_TEST_CASE(the_host_list_is_published_as_a_dated_wsx_file_in_the_share) {
  Node carol;
  const auto share = carol.home.root() / "share";
  std::filesystem::create_directories(share);
  carol.home.write_config(R"({"share_mode": "all", "publish_host_list": true, "shares": [")" + share.string() +
                          R"("], "hubs": ["127.0.0.2:7999"]})");
  carol.start({"--bind", "127.0.0.5", "--name", "carol"});
  std::filesystem::path published;
  for (const auto& entry : std::filesystem::directory_iterator(share))
    if (entry.path().filename().string().starts_with("PUBLIC ")) published = entry.path();
  BOOST_REQUIRE_MESSAGE(!published.empty(), "no PUBLIC ....wsx in the share");
  BOOST_TEST(published.extension() == ".wsx");
  const auto text = read_text_file(published);
  BOOST_TEST(text.find("127.0.0.2") != std::string::npos, text);
  BOOST_TEST(text.find("7999") != std::string::npos, text);
}

BOOST_FIXTURE_TEST_CASE(browse_whois_and_a_private_message_reach_the_other_user, Segment) {
  const auto hit = find(R"({"words": "alpha"})");
  const auto user = *ipc::get_string(hit, "user");
  const auto handle = *ipc::get_string(hit, "handle");
  const auto browsed = run_wpnctl(bob.home, {"browse", user, handle, "--json"});
  BOOST_TEST_REQUIRE(browsed.exit_code == 0, browsed.err);
  BOOST_TEST(browsed.out.find("Alpha Song.mp3") != std::string::npos, browsed.out);
  BOOST_TEST(browsed.out.find("notes.txt") != std::string::npos, browsed.out);
  BOOST_TEST(browsed.out.find(*ipc::get_string(hit, "key")) != std::string::npos, browsed.out);

  const auto whois = run_wpnctl(bob.home, {"whois", user, handle, "--json"});
  BOOST_TEST_REQUIRE(whois.exit_code == 0, whois.err);
  BOOST_TEST(whois.out.find("\"found\":true") != std::string::npos, whois.out);
  BOOST_TEST(whois.out.find("\"shared_files\":2") != std::string::npos, whois.out);
  // The same answers as tables.
  const auto listing = run_wpnctl(bob.home, {"browse", user, handle});
  BOOST_TEST_REQUIRE(listing.exit_code == 0, listing.err);
  BOOST_TEST(listing.out.starts_with("SIZE  "), listing.out);
  BOOST_TEST(listing.out.find("683.6 KiB  -       ") != std::string::npos, listing.out);
  BOOST_TEST(listing.out.find("Alpha Song.mp3\n") != std::string::npos, listing.out);
  BOOST_TEST(listing.out.ends_with("\n2 file(s)\n"), listing.out);
  const auto card = run_wpnctl(bob.home, {"whois", user, handle});
  BOOST_TEST_REQUIRE(card.exit_code == 0, card.err);
  BOOST_TEST(card.out.starts_with("user:   " + user + "\nfiles:  2\nqueue:  "), card.out);

  // Alice watches her network events; once her subscription is answered, bob's message is
  // sent, and it arrives there.
  RawClient watcher(alice.home.socket());
  BOOST_REQUIRE(watcher.send_frame(R"({"id":0,"method":"hello","params":{"protocol":1}})"));
  BOOST_REQUIRE(watcher.read_frame(10s));
  BOOST_REQUIRE(watcher.send_frame(R"({"id":1,"method":"events.subscribe","params":{"topics":["network"]}})"));
  const auto subscribed = watcher.read_frame(10s);
  BOOST_REQUIRE(subscribed);
  const auto reply = ipc::parse_server_message(*subscribed);
  BOOST_REQUIRE((reply && std::holds_alternative<ipc::Reply>(*reply) && std::get<ipc::Reply>(*reply).ok()));
  const auto sent = run_wpnctl(bob.home, {"pm", user, handle, "hello", "from", "bob"});
  BOOST_TEST_REQUIRE(sent.exit_code == 0, sent.err);
  std::optional<ipc::Event> pm;
  BOOST_REQUIRE(eventually(
      [&] {
        const auto frame = watcher.read_frame(100ms);
        if (!frame) return false;
        const auto message = ipc::parse_server_message(*frame);
        const auto* event = message ? std::get_if<ipc::Event>(&*message) : nullptr;
        if (event && event->name == "network.pm") pm = *event;
        return pm.has_value();
      },
      30s));
  BOOST_TEST(ipc::get_string(pm->data, "text").value_or("") == "hello from bob");
  BOOST_TEST(run_wpnctl(bob.home, {"pm", user, "not a handle", "x"}).exit_code == 1);
}

BOOST_FIXTURE_TEST_CASE(disconnect_leaves_the_network_and_connect_returns, Segment) {
  const auto left = run_wpnctl(bob.home, {"network", "disconnect"});
  BOOST_TEST_REQUIRE(left.exit_code == 0, left.err);
  BOOST_TEST(!bob.status().connected);
  BOOST_TEST(run_wpnctl(bob.home, {"search", "alpha"}).exit_code == 1);  // not connected
  BOOST_TEST(run_wpnctl(bob.home, {"network", "connect"}).exit_code == 0);
  BOOST_REQUIRE(eventually([&] { return bob.status().connected; }, 30s));
  const auto role = run_wpnctl(bob.home, {"network", "role", "cache"});
  BOOST_TEST(role.out.find("when wpnd restarts") != std::string::npos, role.out);
  BOOST_TEST(run_wpnctl(bob.home, {"network", "role", "king"}).exit_code == 1);
}

BOOST_FIXTURE_TEST_CASE(a_downloaded_wsx_file_adds_its_hosts, Segment) {
  std::ofstream(alice.home.root() / "music" / "Loopback Hubs.wsx")
      << "N:Loopback\r\nP:7000\r\nT:WPN_HUB\r\nA:127.0.0.7\r\n";
  bob.call("settings.set", R"({"values": {"wsx_allow_raw_ip": true}})");
  const auto hit = find(R"({"words": "loopback hubs"})");
  bob.call("download", download_params(hit));
  BOOST_REQUIRE(eventually([&] { return bob.download_row().state == "finished"; }, 60s));
  // The import follows the completion on the engine thread: the list may not be written yet.
  const auto hosts_file = bob.home.data_dir() / "hosts.wsx";
  BOOST_TEST(eventually(
      [&] {
        return std::filesystem::exists(hosts_file) && read_text_file(hosts_file).find("127.0.0.7") != std::string::npos;
      },
      10s));
  const auto hosts = run_wpnctl(bob.home, {"network", "hosts"});
  BOOST_TEST(hosts.out.find("127.0.0.7") != std::string::npos, hosts.out);
  BOOST_REQUIRE(eventually([&] { return bob.status().connected; }, 60s));  // still on the real hub
}

// A peer cache on 127.0.0.1 that knows the hub; carol knows only the cache.
BOOST_FIXTURE_TEST_CASE(a_secondary_bootstraps_through_a_peer_cache, Segment) {
  Node cache;
  cache.home.write_config(R"({"shares": [], "hubs": ["127.0.0.2:)" + std::to_string(hub_port) + R"("]})");
  cache.start({"--role", "cache", "--bind", "127.0.0.1", "--cache-port", "0"});
  const auto cache_port = *ipc::get_uint(cache.call("network.status"), "port");
  BOOST_REQUIRE(cache_port > 0);
  Node carol;
  carol.home.write_config(R"({"share_mode": "all", "shares": [], "caches": ["127.0.0.1:)" + std::to_string(cache_port) +
                          R"("]})");
  carol.start({"--bind", "127.0.0.5", "--name", "carol"});
  BOOST_REQUIRE(eventually([&] { return carol.status().connected; }, 60s));
  BOOST_TEST(*ipc::get_string(carol.call("network.status"), "parent") == "127.0.0.2:" + std::to_string(hub_port));
}

// hosts.wsx is our own list: a raw-IP host the owner allowed at import is still known after
// a restart (the saved list is read back with raw addresses allowed).
BOOST_AUTO_TEST_CASE(an_allowed_raw_ip_host_survives_a_restart) {
  Node node;
  node.home.write_config(R"({"shares": [], "wsx_allow_raw_ip": true})");
  const std::vector<std::string> args{"--bind", "127.0.0.58", "--name", "dave", "--data-port", "0"};
  node.start(args);
  const auto wsx = node.home.root() / "raw.wsx";
  std::ofstream(wsx) << "N:Local\r\nP:7000\r\nT:WPN_HUB\r\nA:127.0.0.8\r\n";
  const auto imported = ipc::host_list_from_json(node.call("network.import", R"({"path": ")" + wsx.string() + "\"}"));
  BOOST_TEST(imported.added.value_or(0) == 1u);
  const auto lists_raw_host = [&] {
    const auto list = ipc::host_list_from_json(node.call("network.hosts"));
    return std::any_of(list.hosts.begin(), list.hosts.end(),
                       [](const ipc::HostDto& host) { return host.address == "127.0.0.8" && host.port == 7000; });
  };
  BOOST_TEST_REQUIRE(lists_raw_host());
  BOOST_REQUIRE(node.wpnd->stop() == 0);
  node.start(args);
  BOOST_TEST(lists_raw_host(), read_text_file(node.home.data_dir() / "hosts.wsx"));
}

BOOST_AUTO_TEST_SUITE_END()
