// The owner's edits of the host list over IPC and wpnctl, against real processes: two wpnd
// hubs (127.0.0.2 and .6) and a secondary (127.0.0.7) that knows both. A saved host is
// removed from the list and from hosts.wsx for good; "connect now" moves the secondary to
// the hub it names, and back; a cache reports the hubs it knows.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/error_code.h"
#include "ipc/network_dto.h"
#include "ipc/status_dto.h"
#include "support/test_data.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

struct TwoHubs {
  WpndNode hub_a;
  WpndNode hub_b;
  WpndNode node;
  std::string a;  // "127.0.0.2:PORT"
  std::string b;
  const std::vector<std::string> node_args{"--bind", "127.0.0.7", "--name", "hopper", "--data-port", "0"};

  TwoHubs() {
    a = start_hub(hub_a, "127.0.0.2");
    b = start_hub(hub_b, "127.0.0.6");
    node.home.write_config(R"({"shares": [], "hubs": [")" + a + R"(", ")" + b + R"("]})");
    node.start(node_args);
  }

  static std::string start_hub(WpndNode& hub, const std::string& ip) {
    hub.home.write_config(R"({"shares": []})");
    hub.start({"--role", "primary", "--bind", ip, "--data-port", "0"});
    const auto port = *ipc::get_uint(hub.call("network.status"), "port");
    BOOST_REQUIRE(port > 0);
    return ip + ":" + std::to_string(port);
  }

  // The hub the secondary is logged in to, or "".
  std::string parent() {
    const auto status = ipc::network_status_from_json(node.call("network.status"));
    return status.logged_in ? status.parent : "";
  }

  bool lists(const std::string& type, const std::string& address) {
    const auto list = ipc::host_list_from_json(node.call("network.hosts"));
    return std::any_of(list.hosts.begin(), list.hosts.end(), [&](const ipc::HostDto& host) {
      return host.type == type && host.address + ":" + std::to_string(host.port) == address;
    });
  }

  // The error code's name of a call that must fail.
  std::string error_of(std::string_view method, const std::string& type, const std::string& address) {
    auto client = node.wpnd->connect();
    auto params = ipc::make_object();
    params->set("type", type);
    params->set("address", address);
    return std::string(ipc::to_string(call_error(client, method, params).code));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(network_hosts)

BOOST_FIXTURE_TEST_CASE(a_removed_host_is_gone_from_the_list_and_the_saved_file, TwoHubs) {
  const std::string cache = "127.0.0.9:7952";
  node.call("network.add", R"({"type": "cache", "address": ")" + cache + R"("})");
  BOOST_TEST_REQUIRE(lists("WPN_CACHE", cache));
  const auto hosts_file = node.home.data_dir() / "hosts.wsx";
  BOOST_TEST_REQUIRE(read_text_file(hosts_file).find("127.0.0.9") != std::string::npos);

  const auto removed = run_wpnctl(node.home, {"network", "remove", "cache", cache});
  BOOST_TEST_REQUIRE(removed.exit_code == 0, removed.err);
  BOOST_TEST(removed.out.find("127.0.0.9") == std::string::npos, removed.out);
  BOOST_TEST(!lists("WPN_CACHE", cache));
  BOOST_TEST(read_text_file(hosts_file).find("127.0.0.9") == std::string::npos, read_text_file(hosts_file));
  // Still gone after a restart: the saved list is what the next start reads.
  BOOST_REQUIRE(node.wpnd->stop() == 0);
  node.start(node_args);
  BOOST_TEST(!lists("WPN_CACHE", cache));
  BOOST_TEST(lists("WPN_HUB", a));

  // Once more: nothing to remove. A host the settings name is changed there instead.
  BOOST_TEST(error_of("network.remove", "cache", cache) == "not_found");
  BOOST_TEST(error_of("network.remove", "hub", a) == "conflict");
  BOOST_TEST(lists("WPN_HUB", a));
  BOOST_TEST(error_of("network.remove", "hub", "no-port") == "invalid_params");
  BOOST_TEST(run_wpnctl(node.home, {"network", "remove", "mirror", cache}).exit_code == 2);
}

BOOST_FIXTURE_TEST_CASE(connect_now_moves_a_secondary_to_the_hub_it_names, TwoHubs) {
  // The configured order dials the first hub.
  BOOST_REQUIRE(eventually([&] { return parent() == a; }, 30s));
  const auto moved = run_wpnctl(node.home, {"network", "connect", "hub", b});
  BOOST_TEST_REQUIRE(moved.exit_code == 0, moved.err);
  BOOST_TEST(eventually([&] { return parent() == b; }, 30s), "parent " << parent());
  BOOST_TEST(eventually([&] { return *ipc::get_uint(hub_b.call("network.status"), "users") >= 1; }, 10s));
  // And back, by IPC: not just the second of two tries.
  node.call("network.connect_now", R"({"type": "hub", "address": ")" + a + R"("})");
  BOOST_TEST(eventually([&] { return parent() == a; }, 30s), "parent " << parent());

  BOOST_TEST(error_of("network.connect_now", "hub", "127.0.0.9:1") == "not_found");
  // A hub has no parent to choose.
  auto hub_client = hub_a.wpnd->connect();
  auto params = ipc::make_object();
  params->set("type", "hub");
  params->set("address", b);
  BOOST_TEST(ipc::to_string(call_error(hub_client, "network.connect_now", params).code) == "not_available");
}

// A cache's load: the hubs it hands out, as network.status and wpnctl report them.
BOOST_FIXTURE_TEST_CASE(a_cache_reports_the_hubs_it_knows, TwoHubs) {
  WpndNode cache;
  cache.home.write_config(R"({"shares": [], "hubs": [")" + a + R"(", ")" + b + R"("]})");
  cache.start({"--role", "cache", "--bind", "127.0.0.1", "--cache-port", "0"});
  const auto hubs_known = [&] { return *ipc::get_uint(cache.call("network.status"), "hubs_known"); };
  BOOST_TEST(eventually([&] { return hubs_known() == 2; }, 20s), "hubs_known " << hubs_known());
  const auto shown = run_wpnctl(cache.home, {"network"});
  BOOST_TEST(shown.out.find("hubs known:  2") != std::string::npos, shown.out);
  // A hub's own load is its secondaries: the one that dialled it.
  BOOST_TEST(eventually([&] { return *ipc::get_uint(hub_a.call("network.status"), "users") == 1; }, 30s));
  BOOST_TEST(*ipc::get_uint(node.call("network.status"), "hubs_known") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
