// A cache learns a hub from the hub it is linked with (docs/hub-link.md §6.2), as real
// wpnd processes on 127.0.71.x: hub A registers with the cache and links with hub B;
// B knows only A, never the cache. The cache checks B itself and then hands it out, so a
// secondary that knows only the cache is steered to B when B has more free slots.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "ipc/message.h"
#include "ipc/status_dto.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

struct Node : WpndNode {
  std::uint64_t hubs_known() { return ipc::get_uint(call("network.status"), "hubs_known").value_or(0); }
};

std::unique_ptr<Node> hub(const std::string& ip, const std::vector<std::string>& more, const std::string& config) {
  auto node = std::make_unique<Node>();
  node->home.write_config(R"({"shares": [])" + config + "}");
  std::vector<std::string> args{"--role", "primary", "--bind", ip, "--data-port", "6699"};
  args.insert(args.end(), more.begin(), more.end());
  node->start(args);
  return node;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_mesh_cache_report)

BOOST_AUTO_TEST_CASE(a_hub_known_only_to_a_linked_hub_is_handed_out_by_the_cache) {
  const std::string cache_address = "127.0.71.1:7950";
  Node cache;
  cache.home.write_config(R"({"shares": []})");
  cache.start({"--role", "cache", "--bind", "127.0.71.1"});
  // A has few free slots, so the cache ranks B first once it knows B.
  auto a = hub("127.0.71.10", {"--cache", cache_address, "--neighbour", "127.0.71.11:6700"}, R"(, "hub_max_users": 5)");
  auto b = hub("127.0.71.11", {"--neighbour", "127.0.71.10:6700"}, "");
  const auto start = std::chrono::steady_clock::now();
  BOOST_REQUIRE_MESSAGE(eventually([&] { return cache.hubs_known() >= 2; }, 60s), "cache:\n"
                                                                                      << cache.wpnd->stderr_text()
                                                                                      << "\nhub A:\n"
                                                                                      << a->wpnd->stderr_text());
  BOOST_TEST_MESSAGE(
      "the cache listed the linked hub after "
      << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()
      << " ms");
  auto user = std::make_unique<Node>();
  user->home.write_config(R"({"shares": [], "caches": [")" + cache_address + R"("]})");
  user->start({"--bind", "127.0.71.20", "--name", "steered"});
  BOOST_REQUIRE_MESSAGE(eventually([&] { return user->connected(); }, 60s), user->wpnd->stderr_text());
  BOOST_TEST(user->parent() == "127.0.71.11:6699");
}

BOOST_AUTO_TEST_SUITE_END()
