#include <fstream>

#include <boost/test/unit_test.hpp>

#include <Poco/Net/ServerSocket.h>
#include "net/overlay_host_list_file.h"

#include "net/overlay_node.h"
#include "overlay_network_fixture.h"
#include "protocol/codecs/shares.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
namespace n = wpn::net;
using o::test::eventually;
using namespace std::chrono_literals;

namespace {

o::WsxEntry host(std::string name, o::WsxType type, std::string address, std::uint16_t port) {
  o::WsxEntry e;
  e.network = std::move(name);
  e.type = type;
  e.type_text = std::string(o::wsx_type_text(type));
  e.address = std::move(address);
  e.port = port;
  return e;
}

struct RoleNode {
  n::LoopThread thread;
  std::unique_ptr<n::OverlayNode> node;

  RoleNode(n::OverlaySettings settings, std::vector<o::WsxEntry> hosts) {
    thread.call([&] {
      node = std::make_unique<n::OverlayNode>(thread.loop(), std::move(settings), std::move(hosts));
      BOOST_REQUIRE(node->start());
    });
  }
  ~RoleNode() {
    thread.call([&] { node.reset(); });
  }
  n::OverlayStatus status() {
    n::OverlayStatus s;
    thread.call([&] { s = node->status(); });
    return s;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(overlay_node)

BOOST_AUTO_TEST_CASE(host_list_file_round_trips_and_publishes_a_dated_name) {
  wpn::test::TempDir dir;
  const std::vector entries{host("Home Cache", o::WsxType::WpnCache, "cache.example.lan", 7950),
                            host("Home Hub", o::WsxType::WpnHub, "hub.example.lan", 6699)};
  const auto path = n::publish_host_list(dir.path(), entries);
  BOOST_REQUIRE(path);
  BOOST_CHECK(o::parse_wsx_public_file_name(path->filename().string()).has_value());
  const auto back = n::read_host_list(*path);
  BOOST_REQUIRE(back);
  BOOST_CHECK(back->entries == entries);
  BOOST_CHECK(!n::read_host_list(dir / "missing.wsx"));
  const auto caches = n::endpoints_of(back->entries, o::WsxType::WpnCache);
  BOOST_REQUIRE_EQUAL(caches.size(), 1u);
  BOOST_CHECK_EQUAL(caches[0].host, "cache.example.lan");
}

// Wire audit §5: a raw-IP host the owner allowed at import must survive a restart.
BOOST_AUTO_TEST_CASE(saved_host_list_keeps_raw_ip_entries_on_reload) {
  wpn::test::TempDir dir;
  const std::string imported = "N: Home Hub\r\nP: 6699:\r\nT: WPN_HUB\r\nA: 127.0.0.9\r\n";
  const auto import_file = dir / "import.wsx";
  {
    std::ofstream out(import_file, std::ios::binary);
    out << imported;
  }
  BOOST_REQUIRE(n::read_host_list(import_file));
  BOOST_CHECK(n::read_host_list(import_file)->entries.empty());  // refused by default, as in WinMX
  const auto allowed = n::read_host_list(import_file, {.allow_raw_ip = true});
  BOOST_REQUIRE(allowed);
  BOOST_REQUIRE_EQUAL(allowed->entries.size(), 1u);

  const auto saved = dir / "hosts.wsx";
  BOOST_REQUIRE(n::write_host_list(saved, allowed->entries));
  const auto reloaded = n::read_saved_host_list(saved);
  BOOST_REQUIRE(reloaded);
  BOOST_REQUIRE_EQUAL(reloaded->entries.size(), 1u);
  BOOST_CHECK_EQUAL(reloaded->entries[0].address, "127.0.0.9");
  BOOST_CHECK_EQUAL(reloaded->entries[0].port, 6699);
  BOOST_CHECK(reloaded->skipped.empty());
}

BOOST_AUTO_TEST_CASE(three_roles_from_host_lists_serve_search_browse_whois_and_pm) {
  n::OverlaySettings hub_settings;
  hub_settings.role = n::OverlayRole::Hub;
  hub_settings.listen_ip = "127.0.0.2";
  hub_settings.hub_port = 0;
  hub_settings.hub.ip = {127, 0, 0, 2};
  RoleNode hub(hub_settings, {});
  const auto hub_port = hub.status().port;
  BOOST_REQUIRE_NE(hub_port, 0);

  n::OverlaySettings cache_settings;
  cache_settings.role = n::OverlayRole::Cache;
  cache_settings.listen_ip = "127.0.0.1";
  cache_settings.cache_port = 0;
  RoleNode cache(cache_settings, {host("Hub", o::WsxType::WpnHub, "127.0.0.2", hub_port)});
  const auto cache_port = cache.status().port;

  // The secondaries read their bootstrap host from a WSX file, raw IPs allowed by the owner.
  wpn::test::TempDir dir;
  BOOST_REQUIRE(n::write_host_list(dir / "hosts.wsx", {host("Cache", o::WsxType::WpnCache, "127.0.0.1", cache_port)}));
  const auto hosts = n::read_host_list(dir / "hosts.wsx", {.allow_raw_ip = true});
  BOOST_REQUIRE(hosts && hosts->entries.size() == 1u);

  n::OverlaySettings a_settings;
  a_settings.secondary.base_name = "alice123";
  a_settings.bind_ip = "127.0.0.3";
  RoleNode a(a_settings, hosts->entries);
  n::OverlaySettings b_settings;
  b_settings.secondary.base_name = "bob456";
  b_settings.bind_ip = "127.0.0.4";
  RoleNode b(b_settings, hosts->entries);
  BOOST_REQUIRE(eventually([&] { return a.status().logged_in && b.status().logged_in; }));
  BOOST_CHECK_EQUAL(hub.status().users, 2u);

  p::FileKey key;
  key.hash[0] = 0x42;
  key.size = 1234;
  const std::vector<p::ShareEntry> entries{{"Blue Horizon.mp3", key, 1234, {192, 48000, 61}}};
  const auto shares = p::build_share_folder_payloads("Tunes", entries);
  a.thread.call([&] { a.node->set_shares(shares.payloads); });
  BOOST_REQUIRE(eventually([&] { return hub.status().shared_files == 1u; }));
  const auto alice = a.status().full_name;
  const p::NodeHandle hub_handle{{127, 0, 0, 2}, 6257};

  std::mutex mutex;
  std::vector<p::SearchResult> hits;
  std::optional<std::pair<std::size_t, bool>> browsed;
  std::optional<std::uint16_t> whois_files;
  std::optional<std::string> pm_reply;
  b.thread.call([&] {
    BOOST_CHECK_NE(b.node->search("horizon", p::FileType::Audio,
                                  [&](const p::SearchResult& r) {
                                    std::lock_guard lock(mutex);
                                    hits.push_back(r);
                                  }),
                   0u);
    BOOST_CHECK(b.node->browse(hub_handle, alice, [&](const std::vector<p::BrowseEntry>& listed, bool complete) {
      std::lock_guard lock(mutex);
      browsed = {listed.size(), complete};
    }));
    BOOST_CHECK(b.node->whois(hub_handle, alice, [&](const auto& answer) {
      std::lock_guard lock(mutex);
      if (auto* ok = std::get_if<p::WhoisAnswer>(&answer)) whois_files = ok->shared_files;
    }));
    BOOST_CHECK(b.node->send_pm(hub_handle, alice, "hello", [&](const p::PmDelivered& d) {
      std::lock_guard lock(mutex);
      pm_reply = d.reply;
    }));
  });
  BOOST_REQUIRE(eventually([&] {
    std::lock_guard lock(mutex);
    return !hits.empty() && browsed && whois_files && pm_reply;
  }));
  std::lock_guard lock(mutex);
  BOOST_CHECK_EQUAL(hits[0].path, "Tunes\\Blue Horizon.mp3");
  BOOST_CHECK(hits[0].key == key);
  BOOST_CHECK_EQUAL(hits[0].media.duration, 61u);
  BOOST_CHECK_EQUAL(browsed->first, 1u);
  BOOST_CHECK(browsed->second);
  BOOST_CHECK_EQUAL(*whois_files, 1);
  BOOST_CHECK_EQUAL(*pm_reply, "SENT");
}

BOOST_AUTO_TEST_CASE(secondary_without_hosts_stays_offline) {
  // Where a built-in default host would be reached on this machine: the WPN hub port and the
  // peer caches' ports on loopback. Nobody may knock on any of them.
  std::vector<Poco::Net::ServerSocket> defaults;
  for (const int port : {6699, 7950, 7951, 7952})
    defaults.emplace_back(Poco::Net::SocketAddress("127.0.0.1", static_cast<std::uint16_t>(port)));
  const auto nobody_knocked = [&] {
    for (auto& listener : defaults) {
      if (listener.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) return false;
    }
    return true;
  };
  RoleNode lonely(n::OverlaySettings{}, {});
  BOOST_TEST(wpn::test::holds_for([&] { return nobody_knocked() && !lonely.status().logged_in; }, 1s));
  BOOST_CHECK(!lonely.status().parent);
}

BOOST_AUTO_TEST_CASE(hub_adopts_a_session_the_data_port_accepted) {
  n::OverlaySettings hub_settings;
  hub_settings.role = n::OverlayRole::Hub;
  hub_settings.listen_ip = "127.0.0.2";
  hub_settings.hub_port = 0;
  RoleNode hub(hub_settings, {});
  // Stands in for the data port: accepts, greets with '1', reads the first bytes.
  Poco::Net::ServerSocket data_port(Poco::Net::SocketAddress("127.0.0.2", 0));
  n::OverlaySettings settings;
  settings.bind_ip = "127.0.0.5";
  RoleNode secondary(settings, {host("Hub", o::WsxType::WpnHub, "127.0.0.2", data_port.address().port())});
  auto socket = data_port.acceptConnection();
  socket.sendBytes("1", 1);
  std::vector<std::uint8_t> first(5);
  int got = 0;
  while (got < 5) got += socket.receiveBytes(first.data() + got, 5 - got);
  hub.thread.call([&] { hub.node->hub()->adopt(std::move(socket), first); });
  BOOST_REQUIRE(eventually([&] { return secondary.status().logged_in; }));
  BOOST_CHECK_EQUAL(hub.status().users, 1u);
}

BOOST_AUTO_TEST_SUITE_END()
