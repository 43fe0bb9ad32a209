// The upload queue (filesharing.md §4.5, §5): kept in a real SQLite file and
// restored in the same order after a restart; served when slots appear.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "support/temp_dir.h"
#include "transfer_fixture.h"

using namespace std::chrono_literals;
using namespace wpn;

namespace {

const char* const Requesters[] = {"carol_00003", "dave_00004", "erin_00005"};
const char* const Ips[] = {"127.0.0.4", "127.0.0.5", "127.0.0.6"};

std::vector<std::string> queue_peers(test::TransferWorld& world, net::TransferManager& manager) {
  std::vector<std::string> peers;
  world.call([&] {
    for (const auto& row : manager.snapshot(net::SnapshotView::UploadQueue).rows) peers.push_back(row.peer);
  });
  return peers;
}

// Three requesters ask alice (no free slot) for one file, one after another, so the queue
// holds them in arrival order.
struct QueuedWorld {
  test::TempDir dir;
  test::SharedFiles shared{dir.path()};
  test::TransferWorld world;
  test::NodeSettings up_settings;
  net::TransferManager* uploader = nullptr;
  std::vector<net::TransferManager*> downloaders;

  QueuedWorld(std::size_t size, unsigned seed, std::uint64_t upload_rate = 0) {
    test::write_random_file(shared.root() / "wanted.bin", size, seed);
    const auto announced = shared.add("wanted.bin");
    const auto key = shared.key_of("wanted.bin");
    up_settings = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
    up_settings.upload.slots = 0;
    up_settings.limits.upload = upload_rate;
    uploader = &world.add_node(up_settings, &shared.lookup());
    for (std::size_t i = 0; i < 3; ++i) {
      downloaders.push_back(&world.add_node(test::node_settings(dir.path(), Requesters[i], Ips[i]), nullptr));
      world.call(
          [&] { downloaders.back()->add_download(key, announced, {world.address_of("alice_00001", announced)}); });
      // Each request reaches the uploader before the next one is made.
      BOOST_REQUIRE(
          world.wait_for([&] { return uploader->snapshot(net::SnapshotView::UploadQueue).total == i + 1; }, 5s));
    }
  }

  void restart_uploader() {
    world.remove_node("alice_00001");
    BOOST_REQUIRE(std::filesystem::exists(up_settings.queue_db));
    uploader = &world.add_node(up_settings, &shared.lookup());
  }

  bool complete(net::TransferManager* d) {
    const auto rows = d->snapshot(net::SnapshotView::Downloads).rows;
    return !rows.empty() && rows.front().phase == transfer::TransferPhase::Finished;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_queue)

BOOST_AUTO_TEST_CASE(queue_order_survives_a_restart_and_is_then_served) {
  QueuedWorld q(70'000, 11);
  const std::vector<std::string> expected(std::begin(Requesters), std::end(Requesters));
  BOOST_TEST(queue_peers(q.world, *q.uploader) == expected, boost::test_tools::per_element());
  q.restart_uploader();
  BOOST_TEST(queue_peers(q.world, *q.uploader) == expected, boost::test_tools::per_element());

  // Slots appear: the restored entries are served and every download completes.
  q.world.call([&] { q.uploader->set_slots(3); });
  for (auto* d : q.downloaders) BOOST_TEST(q.world.wait_for([&] { return q.complete(d); }, 20s));
}

BOOST_AUTO_TEST_CASE(a_banned_requester_is_not_queued) {
  test::TempDir dir;
  test::SharedFiles shared(dir.path());
  test::write_random_file(shared.root() / "wanted.bin", 1000, 12);
  const auto announced = shared.add("wanted.bin");
  test::TransferWorld world;
  auto up_settings = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
  up_settings.upload.slots = 0;
  auto& uploader = world.add_node(up_settings, &shared.lookup());
  world.call([&] { uploader.ban(transfer::make_ban_rule("carol", false)); });
  auto& carol = world.add_node(test::node_settings(dir.path(), "carol_00003", "127.0.0.4"), nullptr);
  auto& dave = world.add_node(test::node_settings(dir.path(), "dave_00004", "127.0.0.5"), nullptr);
  world.call([&] {
    carol.add_download(shared.key_of("wanted.bin"), announced, {world.address_of("alice_00001", announced)});
    dave.add_download(shared.key_of("wanted.bin"), announced, {world.address_of("alice_00001", announced)});
  });
  // Both requests and both answers went through the relay before the queue is read.
  BOOST_REQUIRE(world.wait_for([&] { return world.relay().routed() >= 4; }, 5s));
  BOOST_REQUIRE(world.wait_for([&] { return uploader.snapshot(net::SnapshotView::UploadQueue).total == 1; }, 5s));
  BOOST_TEST(queue_peers(world, uploader) == std::vector<std::string>{"dave_00004"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_entry_moved_to_the_front_is_served_first_and_stays_there_after_a_restart) {
  QueuedWorld q(50'000, 13, 64 * 1024);  // each upload takes most of a second: the order is visible
  transfer::TransferId last = 0;
  bool moved = false;
  q.world.call([&] {
    last = q.uploader->snapshot(net::SnapshotView::UploadQueue).rows.back().id;
    moved = q.uploader->move_queued(last, 1);
  });
  BOOST_REQUIRE(moved);
  const std::vector<std::string> expected{"erin_00005", "carol_00003", "dave_00004"};
  BOOST_TEST(queue_peers(q.world, *q.uploader) == expected, boost::test_tools::per_element());
  q.world.call([&] { moved = q.uploader->move_queued(987654, 1); });
  BOOST_TEST(!moved);

  q.restart_uploader();
  BOOST_TEST(queue_peers(q.world, *q.uploader) == expected, boost::test_tools::per_element());

  // One slot: the moved requester is served first.
  q.world.call([&] { q.uploader->set_slots(1); });
  BOOST_REQUIRE(q.world.wait_for([&] { return q.complete(q.downloaders[2]); }, 20s));
  bool others_done = true;
  q.world.call([&] { others_done = q.complete(q.downloaders[0]) || q.complete(q.downloaders[1]); });
  BOOST_TEST(!others_done);
}

BOOST_AUTO_TEST_CASE(a_friend_named_by_base_name_waits_ahead_of_earlier_strangers) {
  test::TempDir dir;
  test::SharedFiles shared(dir.path());
  test::write_random_file(shared.root() / "wanted.bin", 1000, 14);
  const auto announced = shared.add("wanted.bin");
  test::TransferWorld world;
  auto up_settings = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
  up_settings.upload.slots = 0;
  up_settings.friends = {"erin"};  // any suffix the network gives her
  auto& uploader = world.add_node(up_settings, &shared.lookup());
  for (std::size_t i = 0; i < 3; ++i) {
    auto& requester = world.add_node(test::node_settings(dir.path(), Requesters[i], Ips[i]), nullptr);
    world.call([&] {
      requester.add_download(shared.key_of("wanted.bin"), announced, {world.address_of("alice_00001", announced)});
    });
    BOOST_REQUIRE(world.wait_for([&] { return uploader.snapshot(net::SnapshotView::UploadQueue).total == i + 1; }, 5s));
  }
  const std::vector<std::string> expected{"erin_00005", "carol_00003", "dave_00004"};
  BOOST_TEST(queue_peers(world, uploader) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
