// A community on one cache address, as real wpnd processes on 127.0.65.x-127.0.67.x
// (docs/hub-link.md §1.1, §3.1, §6.1):
// - three hubs configured with nothing but `--cache` link through the cache's candidates,
//   and a search from a secondary on one finds the files of secondaries on the others;
// - a hub bound to 0.0.0.0, dialled at 127.0.66.9, is that address to the hub that
//   dialled it, so the link stands and searches cross it;
// - a hub of a ring killed with -9 and started again: a secondary on it searches the ring
//   and is found from the ring within seconds.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ipc/message.h"
#include "ipc/status_dto.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

using Node = WpndNode;

// A secondary sharing one file named after it, on `hub`, knowing the cache too.
std::unique_ptr<Node> secondary(const std::string& name, const std::string& ip, const std::string& cache,
                                const std::string& hub) {
  auto node = std::make_unique<Node>();
  const auto music = node->home.root() / "music";
  write_random(music / ("townfile " + name + ".mp3"), 10'000, static_cast<unsigned>(std::hash<std::string>{}(name)));
  std::string hosts = R"("hubs": [")" + hub + R"("])";
  if (!cache.empty()) hosts += R"(, "caches": [")" + cache + R"("])";
  node->home.write_config(R"({"share_mode": "all", "shares": [")" + music.string() + R"("], )" + hosts + "}");
  node->start({"--bind", ip, "--name", name});
  return node;
}

std::unique_ptr<Node> hub(const std::string& ip, const std::vector<std::string>& more, const std::string& config = "") {
  auto node = std::make_unique<Node>();
  node->home.write_config(R"({"shares": [])" + config + "}");
  std::vector<std::string> args{"--role", "primary", "--bind", ip};
  if (std::find(more.begin(), more.end(), "--data-port") == more.end())
    args.insert(args.end(), {"--data-port", "6699"});
  args.insert(args.end(), more.begin(), more.end());
  node->start(args);
  return node;
}

// The base names whose "townfile" one search from `from` finds.
std::set<std::string> bases_found(Node& from) {
  std::set<std::string> users;
  const auto id = std::to_string(*ipc::get_uint(from.call("search", R"({"words": "townfile"})"), "id"));
  std::size_t last = 0;
  auto changed = std::chrono::steady_clock::now();
  eventually(
      [&] {
        const auto rows = ipc::get_array(from.call("search.results", R"({"id":)" + id + "}"), "results");
        for (std::size_t i = 0; rows && i < rows->size(); ++i) {
          const auto user = ipc::get_string(rows->getObject(static_cast<unsigned>(i)), "user").value_or("");
          users.insert(test::chosen_name_of(user));
        }
        const auto now = std::chrono::steady_clock::now();
        if (users.size() != last) changed = now;
        last = users.size();
        return now - changed >= 1s;
      },
      10s);
  return users;
}

bool finds(Node& from, const std::set<std::string>& expected) {
  auto found = bases_found(from);
  for (const auto& name : expected)
    if (!found.contains(name)) return false;
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_mesh_community)

BOOST_AUTO_TEST_CASE(three_hubs_that_know_only_the_cache_link_and_search_across) {
  const std::string cache_address = "127.0.65.1:7950";
  Node cache;
  cache.home.write_config(R"({"shares": []})");
  cache.start({"--role", "cache", "--bind", "127.0.65.1"});
  std::vector<std::unique_ptr<Node>> hubs;
  for (int i = 0; i < 3; ++i) hubs.push_back(hub("127.0.65." + std::to_string(10 + i), {"--cache", cache_address}));
  std::vector<std::unique_ptr<Node>> users;
  for (int s = 0; s < 3; ++s)
    users.push_back(secondary("t" + std::to_string(s), "127.0.65." + std::to_string(20 + s), "",
                              "127.0.65." + std::to_string(10 + s) + ":6699"));
  for (int s = 0; s < 3; ++s) {
    BOOST_REQUIRE_MESSAGE(eventually([&] { return users[static_cast<std::size_t>(s)]->connected(); }, 60s),
                          users[static_cast<std::size_t>(s)]->wpnd->stderr_text()
                              << "\nhub:\n"
                              << hubs[static_cast<std::size_t>(s)]->wpnd->stderr_text());
    BOOST_TEST(users[static_cast<std::size_t>(s)]->parent() == "127.0.65." + std::to_string(10 + s) + ":6699");
  }
  const auto start = std::chrono::steady_clock::now();
  const auto hub_logs = [&] {
    std::string text;
    for (auto& h : hubs) text += "--- hub\n" + h->wpnd->stderr_text();
    return text;
  };
  BOOST_REQUIRE_MESSAGE(eventually(
                            [&] {
                              return finds(*users[0], {"t1", "t2"}) && finds(*users[2], {"t0", "t1"});
                            },
                            60s),
                        hub_logs());
  BOOST_TEST_MESSAGE(
      "searches crossed the cache-learned mesh after "
      << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()
      << " ms");
}

BOOST_AUTO_TEST_CASE(a_hub_bound_to_every_interface_is_the_address_it_was_dialled_at) {
  // Ports of their own: a wildcard listener must not meet other tests' 6699/6700.
  auto wide = hub("0.0.0.0", {"--data-port", "26699", "--neighbour", "127.0.66.3:6700"}, R"(, "link_port": 26700)");
  auto narrow = hub("127.0.66.3", {"--neighbour", "127.0.66.9:26700"});
  auto wendy = secondary("wendy", "127.0.66.20", "", "127.0.66.9:26699");
  auto nina = secondary("nina", "127.0.66.21", "", "127.0.66.3:6699");
  BOOST_REQUIRE(eventually([&] { return wendy->connected() && nina->connected(); }, 60s));
  BOOST_TEST(eventually([&] { return finds(*nina, {"wendy"}) && finds(*wendy, {"nina"}); }, 60s),
             "no search crossed the link; wide hub says:\n"
                 << wide->wpnd->stderr_text());
}

BOOST_AUTO_TEST_CASE(a_hub_killed_and_started_again_in_a_ring_is_searched_from_and_found_within_seconds) {
  const auto hub_ip = [](int i) { return "127.0.67." + std::to_string(10 + i); };
  const auto args_of = [&](int i) {
    return std::vector<std::string>{"--neighbour", hub_ip((i + 1) % 4) + ":6700", "--neighbour",
                                    hub_ip((i + 3) % 4) + ":6700"};
  };
  std::vector<std::unique_ptr<Node>> hubs;
  for (int i = 0; i < 4; ++i) hubs.push_back(hub(hub_ip(i), args_of(i)));
  std::vector<std::unique_ptr<Node>> users;
  for (int s = 0; s < 4; ++s)
    users.push_back(secondary("r" + std::to_string(s), "127.0.67." + std::to_string(20 + s), "", hub_ip(s) + ":6699"));
  for (auto& user : users) BOOST_REQUIRE(eventually([&] { return user->connected(); }, 60s));
  BOOST_REQUIRE(eventually([&] { return finds(*users[0], {"r1", "r2", "r3"}); }, 60s));

  hubs[2]->wpnd->kill9();
  hubs[2]->start({"--role", "primary", "--bind", hub_ip(2), "--data-port", "6699", args_of(2)[0], args_of(2)[1],
                  args_of(2)[2], args_of(2)[3]});
  const auto restarted = std::chrono::steady_clock::now();
  // r2 may have moved to another hub meanwhile (0x03A1 fail-over): a newcomer on hub 2.
  auto newcomer = secondary("r4", "127.0.67.24", "", hub_ip(2) + ":6699");
  BOOST_REQUIRE(eventually([&] { return newcomer->connected() && newcomer->parent() == hub_ip(2) + ":6699"; }, 30s));
  BOOST_REQUIRE(eventually(
      [&] {
        return finds(*newcomer, {"r0", "r1", "r2", "r3"}) && finds(*users[0], {"r1", "r2", "r3", "r4"});
      },
      30s));
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - restarted).count();
  BOOST_TEST_MESSAGE("the restarted hub searched and was found along the ring after " << took << " ms");
  BOOST_TEST(took <= 30000);
}

BOOST_AUTO_TEST_SUITE_END()
