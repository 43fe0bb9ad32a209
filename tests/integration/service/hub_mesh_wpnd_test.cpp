// Many hubs, one network, as real wpnd processes on 127.0.60.x and 127.0.61.x:
// - the new user's path: a cache, a primary that announces itself there, and secondaries
//   that know only the cache (on 7950, or 7952 with cache_all_ports) find the primary and
//   each other's files;
// - a ring of five hubs with one chord, two secondaries each: a search from one
//   secondary finds every other's file, a download across two links is byte-identical,
//   browse, whois and a private message cross the mesh, and when one hub is killed its
//   secondaries are back on other hubs and found again within 30 s.
#include <signal.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ipc/control_dto.h"
#include "ipc/message.h"
#include "ipc/status_dto.h"
#include "ipc/transfer_dto.h"
#include "support/test_data.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

using Node = WpndNode;

// A secondary sharing one file named after it, knowing its hub (if any) and the cache.
std::unique_ptr<Node> secondary(const std::string& name, const std::string& ip, const std::string& cache,
                                const std::string& hub, std::size_t file_size = 20'000, bool passive = false) {
  auto node = std::make_unique<Node>();
  const auto music = node->home.root() / "music";
  write_random(music / ("meshfile " + name + ".mp3"), file_size, static_cast<unsigned>(std::hash<std::string>{}(name)));
  std::string hosts = R"("caches": [")" + cache + R"("])";
  if (!hub.empty()) hosts += R"(, "hubs": [")" + hub + R"("])";
  node->home.write_config(R"({"share_mode": "all", "shares": [")" + music.string() + R"("], )" + hosts + "}");
  std::vector<std::string> args{"--bind", ip, "--name", name};
  if (passive) args.push_back("--passive");
  node->start(args);
  return node;
}

// The users whose "meshfile" a search from `from` finds within one search's lifetime.
std::set<std::string> users_found(Node& from, const std::string& words) {
  std::set<std::string> users;
  const auto id = std::to_string(*ipc::get_uint(from.call("search", R"({"words": ")" + words + R"("})"), "id"));
  // Results trickle in from five hubs; done once a second passes without a new one.
  std::size_t last = 0;
  auto changed = std::chrono::steady_clock::now();
  eventually(
      [&] {
        const auto rows = ipc::get_array(from.call("search.results", R"({"id":)" + id + "}"), "results");
        for (std::size_t i = 0; rows && i < rows->size(); ++i)
          users.insert(ipc::get_string(rows->getObject(static_cast<unsigned>(i)), "user").value_or(""));
        const auto now = std::chrono::steady_clock::now();
        if (users.size() != last) changed = now;
        last = users.size();
        return now - changed >= 1s;
      },
      10s);
  return users;
}

// The name a node was started with: its full name without "_NNNNN", the three digits the
// node gave the chosen name at setup, and the '_' that pads a name under 3 bytes
// ("alice" -> "alice123_04711", "s1" -> "s1_123_04711").
std::set<std::string> bases(const std::set<std::string>& users) {
  std::set<std::string> out;
  for (const auto& u : users) out.insert(test::chosen_name_of(u));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_mesh_wpnd)

// The issue's commands as a new user types them: nothing configured but the cache.
BOOST_AUTO_TEST_CASE(a_secondary_that_knows_only_the_cache_finds_the_primary_announced_there) {
  Node cache;
  cache.home.write_config(R"({"shares": [], "cache_all_ports": true})");
  cache.start({"--role", "cache", "--bind", "127.0.60.1"});
  BOOST_TEST(*ipc::get_uint(cache.call("network.status"), "port") == 7950u);  // not the data port
  Node hub;
  hub.home.write_config(R"({"shares": []})");
  hub.start({"--role", "primary", "--bind", "127.0.60.2", "--cache", "127.0.60.1:7950"});
  auto alice = secondary("alice", "127.0.60.3", "127.0.60.1:7950", "");
  auto bob = secondary("bob", "127.0.60.4", "127.0.60.1:7952", "");  // the same list on 7952
  BOOST_REQUIRE(eventually([&] { return alice->connected() && bob->connected(); }, 60s));
  BOOST_TEST(alice->parent() == "127.0.60.2:" + std::to_string(*ipc::get_uint(hub.call("network.status"), "port")));
  BOOST_REQUIRE(eventually([&] { return bases(users_found(*bob, "meshfile alice")).count("alice") == 1; }, 30s));
}

// Hubs 0..4 on 127.0.61.10..14 in a ring, with the chord 0-2; secondaries s0..s9 on
// 127.0.61.20..29, two per hub; the cache on 127.0.61.1.
BOOST_AUTO_TEST_CASE(a_ring_of_five_hubs_serves_every_user_and_survives_a_killed_hub) {
  const std::string cache_address = "127.0.61.1:7950";
  Node cache;
  cache.home.write_config(R"({"shares": []})");
  cache.start({"--role", "cache", "--bind", "127.0.61.1"});
  const auto hub_ip = [](int i) { return "127.0.61." + std::to_string(10 + i); };
  const std::vector<std::vector<int>> links{{1, 4, 2}, {0, 2}, {1, 3, 0}, {2, 4}, {3, 0}};
  std::vector<std::unique_ptr<Node>> hubs;
  for (int i = 0; i < 5; ++i) {
    auto hub = std::make_unique<Node>();
    hub->home.write_config(R"({"shares": []})");
    std::vector<std::string> args{"--role",      "primary", "--bind",  hub_ip(i),
                                  "--data-port", "6699",    "--cache", cache_address};
    for (int n : links[static_cast<std::size_t>(i)]) args.insert(args.end(), {"--neighbour", hub_ip(n) + ":6700"});
    hub->start(args);
    hubs.push_back(std::move(hub));
  }
  std::vector<std::unique_ptr<Node>> users;
  for (int s = 0; s < 10; ++s) {
    const int h = s / 2;
    users.push_back(secondary("s" + std::to_string(s), "127.0.61." + std::to_string(20 + s), cache_address,
                              hub_ip(h) + ":6699", s == 6 || s == 7 ? 300'000 : 20'000, s == 7));
  }
  for (int s = 0; s < 10; ++s) {
    BOOST_REQUIRE_MESSAGE(eventually([&] { return users[static_cast<std::size_t>(s)]->connected(); }, 60s),
                          "s" << s << " not connected");
    BOOST_TEST(users[static_cast<std::size_t>(s)]->parent() == hub_ip(s / 2) + ":6699");
  }

  // One search from s0 finds the file of every other secondary, across up to two links.
  std::set<std::string> expected;
  for (int s = 1; s < 10; ++s) expected.insert("s" + std::to_string(s));
  std::set<std::string> found;
  BOOST_REQUIRE(eventually(
      [&] {
        found = bases(users_found(*users[0], "meshfile"));
        found.erase("s0");
        return found == expected;
      },
      60s));

  // Downloads from s6 (direct) and from the firewalled s7 (push), both on hub 3, two links
  // from hub 0, are byte-identical.
  Node& s0 = *users[0];
  const auto first_hit = [&](const std::string& words) {
    const auto id = std::to_string(*ipc::get_uint(s0.call("search", R"({"words": ")" + words + R"("})"), "id"));
    ipc::JsonObject hit;
    BOOST_REQUIRE(eventually(
        [&] {
          const auto rows = ipc::get_array(s0.call("search.results", R"({"id":)" + id + "}"), "results");
          if (rows && rows->size() > 0) hit = rows->getObject(0);
          return !hit.isNull();
        },
        20s));
    return hit;
  };
  const auto download = [&](const ipc::JsonObject& hit) {
    auto params = ipc::make_object();
    for (const char* key : {"key", "user", "handle", "file_hex"}) params->set(key, *ipc::get_string(hit, key));
    s0.call("download", ipc::to_json_text(params));
  };
  const auto hit = first_hit("meshfile s6");
  download(hit);
  download(first_hit("meshfile s7"));
  for (int s : {6, 7}) {
    const std::string file = "meshfile s" + std::to_string(s) + ".mp3";
    const auto original = read_text_file(users[static_cast<std::size_t>(s)]->home.root() / "music" / file);
    const auto copy = s0.home.home() / "OpenWPN Downloads" / file;
    BOOST_TEST(eventually([&] { return std::filesystem::exists(copy) && read_text_file(copy) == original; }, 90s),
               file << " not downloaded byte-identical");
  }

  // Browse, whois and a private message to s6 across the mesh.
  const auto user = *ipc::get_string(hit, "user");
  const auto handle = *ipc::get_string(hit, "handle");
  const auto browsed = run_wpnctl(s0.home, {"browse", user, handle, "--json"});
  BOOST_TEST_REQUIRE(browsed.exit_code == 0, browsed.err);
  BOOST_TEST(browsed.out.find("meshfile s6.mp3") != std::string::npos, browsed.out);
  const auto whois = run_wpnctl(s0.home, {"whois", user, handle, "--json"});
  BOOST_TEST_REQUIRE(whois.exit_code == 0, whois.err);
  BOOST_TEST(whois.out.find("\"shared_files\":1") != std::string::npos, whois.out);
  const auto sent = run_wpnctl(s0.home, {"pm", user, handle, "across", "the", "ring"});
  BOOST_TEST(sent.exit_code == 0, sent.out + sent.err);

  // Hub 4 dies: s8 and s9 are back on other hubs and found within 30 s.
  hubs[4]->wpnd->kill9();
  const auto killed = std::chrono::steady_clock::now();
  for (int s : {8, 9}) {
    BOOST_REQUIRE_MESSAGE(eventually(
                              [&] {
                                auto& node = *users[static_cast<std::size_t>(s)];
                                return node.connected() && node.parent() != hub_ip(4) + ":6699" &&
                                       !node.parent().empty();
                              },
                              30s),
                          "s" << s << " did not find another hub");
  }
  BOOST_REQUIRE(eventually(
      [&] {
        const auto now_found = bases(users_found(*users[0], "meshfile"));
        return now_found.count("s8") == 1 && now_found.count("s9") == 1;
      },
      30s));
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed);
  BOOST_TEST_MESSAGE("secondaries of the killed hub found again after " << took.count() << " ms");
  BOOST_TEST(took.count() <= 30000);
}

BOOST_AUTO_TEST_SUITE_END()
