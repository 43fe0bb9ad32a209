#include "transfer/queue_store.h"

#include <boost/test/unit_test.hpp>

#include "support/fake_clock.h"
#include "support/temp_dir.h"
#include "transfer/upload_policy.h"
#include "transfer_test_support.h"

using namespace wpn::transfer;
using namespace wpn::transfer::test;

namespace {

const WallTime Wall{std::chrono::seconds(1'700'000'000)};

QueueState sample() {
  QueueState state;
  state.next_sequence = 12;
  // Names are code-page bytes: \xE9 is CP1252 e-acute, not UTF-8.
  state.entries.push_back({3, peer("caf\xE9_00001"), "Music\\a.mp3", Wall, "default"});
  state.entries.push_back({7, peer("bob_00002", HandleB), "Video\\b.avi", Wall + std::chrono::seconds(5), "friends"});
  state.entries.push_back({11, peer("amy_00003"), std::string("x\0y", 3), Wall + std::chrono::seconds(9), "default"});
  return state;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(queue_store)

BOOST_AUTO_TEST_CASE(saved_queue_loads_back_equal) {
  auto store = QueueStore::open(":memory:");
  BOOST_TEST_REQUIRE(store.has_value());
  BOOST_TEST_REQUIRE(store->save(sample()).has_value());
  const auto loaded = store->load();
  BOOST_TEST_REQUIRE(loaded.has_value());
  BOOST_TEST((*loaded == sample()));
}

BOOST_AUTO_TEST_CASE(saving_again_replaces_the_queue) {
  auto store = QueueStore::open(":memory:");
  store->save(sample());
  QueueState smaller = sample();
  smaller.entries.erase(smaller.entries.begin());
  smaller.next_sequence = 20;
  store->save(smaller);
  const auto loaded = store->load();
  BOOST_TEST(loaded->entries.size() == 2u);
  BOOST_TEST(loaded->next_sequence == 20u);
}

BOOST_AUTO_TEST_CASE(empty_store_loads_an_empty_queue) {
  auto store = QueueStore::open(":memory:");
  const auto loaded = store->load();
  BOOST_TEST_REQUIRE(loaded.has_value());
  BOOST_TEST(loaded->entries.empty());
  BOOST_TEST(loaded->next_sequence == 1u);
}

BOOST_AUTO_TEST_CASE(queue_survives_a_restart_in_the_same_order) {
  // The store outlives the policy, as the database file outlives the process.
  auto store = QueueStore::open(":memory:");
  FakeUploadMediator mediator;
  UploadSettings settings;
  settings.slots = 0;
  {
    UploadPolicy policy(mediator, settings);
    policy.on_request(request("a_00001", "1"), true, T0);
    policy.on_request(request("b_00002", "1"), true, T0);
    policy.on_request(request("c_00003", "1"), true, T0);
    policy.withdraw(request("a_00001", "1"));
    BOOST_TEST_REQUIRE(store->save(policy.save(T0 + 10s, Wall)).has_value());
  }
  const auto loaded = store->load();
  BOOST_TEST_REQUIRE(loaded.has_value());
  UploadPolicy restored(mediator, settings);
  restored.restore(*loaded, T0, Wall + std::chrono::seconds(60));
  BOOST_TEST(*restored.position(request("b_00002", "1")) == 1u);
  BOOST_TEST(*restored.position(request("c_00003", "1")) == 2u);
  BOOST_TEST(!restored.position(request("a_00001", "1")).has_value());
}

BOOST_AUTO_TEST_CASE(unopenable_path_is_an_error_value) {
  const auto store = QueueStore::open("/nonexistent-dir/for/sure/queue.db");
  BOOST_TEST(!store.has_value());
}

BOOST_AUTO_TEST_CASE(a_reopened_file_keeps_bans_in_force_and_drops_expired_ones) {
  wpn::test::TempDir dir;
  const std::string path = (dir / "queue.sqlite").string();
  wpn::test::FakeClock clock;
  {
    auto store = QueueStore::open(path);
    BOOST_TEST_REQUIRE(store.has_value());
    const std::vector<BanRule> rules{
        make_ban_rule("caf\xE9_00001", false, clock.wall_now() + std::chrono::hours(1), "spam"),
        make_ban_rule("bob", false, std::nullopt, "forever"),
        make_ban_rule("dan_00004", false, clock.wall_now() + std::chrono::minutes(10))};
    BOOST_TEST_REQUIRE(store->save_bans(rules).has_value());
    BOOST_TEST_REQUIRE(store->save(sample()).has_value());
  }
  clock.advance(std::chrono::minutes(30));  // dan's ban is over, the others hold
  {
    auto store = QueueStore::open(path);
    BOOST_TEST_REQUIRE(store.has_value());
    const auto loaded = store->load_bans(clock.wall_now());
    BOOST_TEST_REQUIRE(loaded.has_value());
    const std::vector<BanRule> expected{
        make_ban_rule("caf\xE9_00001", false, WallTime{} + std::chrono::seconds(1'800'003'600), "spam"),
        make_ban_rule("bob", false, std::nullopt, "forever")};
    BOOST_TEST((*loaded == expected));
    BOOST_TEST(store->load()->entries.size() == 3u);  // the queue beside them is untouched
  }
  clock.advance(std::chrono::hours(2));
  auto store = QueueStore::open(path);
  const auto later = store->load_bans(clock.wall_now());
  BOOST_TEST_REQUIRE(later.has_value());
  BOOST_TEST_REQUIRE(later->size() == 1u);
  BOOST_TEST(later->at(0).name == "bob");
  BOOST_TEST((later->at(0).match == BanMatch::BaseName));
}

BOOST_AUTO_TEST_SUITE_END()
