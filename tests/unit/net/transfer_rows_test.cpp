// The transfer manager's rows and bans, driven through its overlay entry points on a real
// event loop (no sockets: the data port is off) with real files for partials and the store.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "net/transfer_manager.h"
#include "support/temp_dir.h"

using namespace wpn;
using transfer::FailReason;
using transfer::TransferPhase;
using transfer::WaitReason;

namespace {

const protocol::TransferAddress Alice{protocol::NodeHandle{{127, 0, 0, 2}, 6257}, "alice_00001", "Music\\a.mp3"};

struct Manager {
  test::TempDir dir;
  net::EventLoop loop;
  std::unique_ptr<net::TransferManager> manager;

  net::TransferSettings settings() const {
    net::TransferSettings s;
    s.listener.port = 0;  // passive: no listener
    s.incomplete_dir = (dir / "incomplete").string();
    s.download_dir = (dir / "downloads").string();
    s.queue_db = (dir / "queue.sqlite").string();
    return s;
  }
  void open() {
    manager = std::make_unique<net::TransferManager>(loop, settings(), nullptr);
    manager->set_identity({"bob_00002", {}, {}});
    BOOST_REQUIRE(!manager->start());
  }
  transfer::TransferId download(std::uint8_t tag = 0x42) {
    protocol::FileKey key;
    key.hash[0] = tag;
    key.size = 1000;
    const auto id = manager->add_download(key, "a.mp3", {Alice});
    BOOST_REQUIRE(id.has_value());
    return *id;
  }
  void notice(const protocol::TransferNoticeMessage& message) { manager->on_transfer_notice(message); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_rows)

BOOST_FIXTURE_TEST_CASE(a_sources_refusal_reaches_the_download_row, Manager) {
  open();
  const auto id = download();
  BOOST_TEST((manager->row(id)->phase == TransferPhase::Connecting));
  notice(protocol::DownloadFailed{std::nullopt, Alice, "File Not Shared"});
  const auto row = manager->row(id);
  BOOST_REQUIRE(row.has_value());
  BOOST_TEST((row->fail == FailReason::NotShared));
  BOOST_TEST(row->error == "File Not Shared");
  BOOST_TEST((row->phase == TransferPhase::Queued));
  BOOST_TEST((row->wait == WaitReason::NoSource));
}

BOOST_FIXTURE_TEST_CASE(a_remotely_queued_source_shows_its_place, Manager) {
  open();
  const auto id = download();
  notice(protocol::DownloadQueued{std::nullopt, Alice, 4, 9});
  const auto row = manager->row(id);
  BOOST_TEST((row->phase == TransferPhase::Queued));
  BOOST_TEST((row->wait == WaitReason::RemoteQueue));
  BOOST_TEST(row->position == 4u);
  BOOST_TEST((row->fail == FailReason::None));
}

BOOST_FIXTURE_TEST_CASE(bans_in_force_survive_a_restart_and_expired_ones_do_not, Manager) {
  open();
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  manager->ban(transfer::make_ban_rule("mallory_00007", false, now + std::chrono::hours(1), "spam"));
  manager->ban(transfer::make_ban_rule("trent_00008", false, now - std::chrono::seconds(1), "over"));
  manager->ban(transfer::make_ban_rule("eve", false));
  BOOST_TEST(manager->is_banned("mallory_00007"));
  BOOST_TEST(!manager->is_banned("mallory_00009"));
  BOOST_TEST(!manager->is_banned("trent_00008"));
  BOOST_TEST(manager->is_banned("eve_12345"));
  manager->stop();
  manager.reset();

  open();  // the same SQLite file
  BOOST_TEST(manager->is_banned("mallory_00007"));
  BOOST_TEST(manager->is_banned("eve_00001"));
  BOOST_TEST(!manager->is_banned("trent_00008"));
  std::vector<std::string> names;
  for (const auto& rule : manager->bans()) names.push_back(rule.name);
  BOOST_TEST(names == (std::vector<std::string>{"mallory_00007", "eve"}), boost::test_tools::per_element());
  BOOST_TEST(manager->unban("mallory_00007"));
  manager->stop();
  manager.reset();
  open();
  BOOST_TEST(!manager->is_banned("mallory_00007"));
}

// Its row leaves the list at once; its sidecar must go too, or the next start brings it back.
BOOST_FIXTURE_TEST_CASE(a_cancelled_download_does_not_come_back_at_the_next_start, Manager) {
  open();
  const auto kept = download(0x42);
  const auto cancelled = download(0x43);
  BOOST_REQUIRE(manager->cancel(cancelled));
  BOOST_TEST(!manager->row(cancelled).has_value());
  BOOST_TEST(manager->row(kept).has_value());
  manager->stop();
  manager.reset();

  open();
  std::vector<std::string> keys;
  for (const auto& row : manager->snapshot(net::SnapshotView::Downloads).rows) keys.push_back(row.key.substr(0, 2));
  BOOST_TEST(keys == std::vector<std::string>{"42"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(configured_names_are_permanent_bans_beside_the_owners, Manager) {
  auto s = settings();
  s.banned = {"carol", "dave_00004"};
  manager = std::make_unique<net::TransferManager>(loop, s, nullptr);
  BOOST_TEST(manager->is_banned("carol_55555"));
  BOOST_TEST(manager->is_banned("dave_00004"));
  BOOST_TEST(!manager->is_banned("dave_00005"));
  BOOST_TEST(manager->bans().empty());  // the owner's list holds only what the owner banned
}

BOOST_AUTO_TEST_SUITE_END()
