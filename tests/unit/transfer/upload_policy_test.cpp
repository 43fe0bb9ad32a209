#include "transfer/upload_policy.h"

#include <boost/test/unit_test.hpp>

#include "transfer_test_support.h"

using namespace wpn::transfer;
using namespace wpn::transfer::test;
using Outcome = UploadPolicy::Outcome;
using Reason = UploadPolicy::WaitReason;

namespace {

UploadSettings with_slots(std::uint32_t slots) {
  UploadSettings s;
  s.slots = slots;
  return s;
}

UploadSettings round_robin(std::uint32_t slots) {
  UploadSettings s = with_slots(slots);
  for (auto& g : s.groups)
    if (g.name == "default") g.strategy = QueueStrategy::RoundRobin;
  return s;
}

struct Fixture {
  FakeUploadMediator mediator;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(upload_policy, Fixture)

BOOST_AUTO_TEST_CASE(grants_free_slots_then_queues_in_arrival_order) {
  UploadPolicy policy(mediator, with_slots(3));
  BOOST_TEST((policy.on_request(request("a_00001"), false, T0).outcome == Outcome::Granted));
  BOOST_TEST((policy.on_request(request("b_00002"), false, T0).outcome == Outcome::Granted));
  BOOST_TEST((policy.on_request(request("c_00003"), false, T0).outcome == Outcome::Granted));
  const auto d = policy.on_request(request("d_00004"), false, T0);
  BOOST_TEST((d.outcome == Outcome::Queued));
  BOOST_TEST(d.position == 1u);
  const auto e = policy.on_request(request("e_00005"), true, T0);
  BOOST_TEST(e.position == 2u);
  BOOST_TEST(e.queue_length == 2u);
  BOOST_TEST(policy.slots_in_use() == 3u);
}

BOOST_AUTO_TEST_CASE(second_file_of_a_user_waits_for_the_per_user_limit) {
  UploadPolicy policy(mediator, with_slots(3));
  policy.on_request(request("a_00001", "one"), false, T0);
  const auto second = policy.on_request(request("a_00001", "two"), false, T0);
  BOOST_TEST((second.outcome == Outcome::Queued));
  BOOST_TEST((policy.waiting().at(0).reason == Reason::PerUserLimit));
  // Another user still gets one of the two free slots.
  BOOST_TEST((policy.on_request(request("b_00002"), false, T0).outcome == Outcome::Granted));
  BOOST_TEST(policy.release(request("a_00001", "one")));
  const auto granted = policy.fill(T0 + 1s);
  BOOST_TEST_REQUIRE(granted.size() == 1u);
  BOOST_TEST((granted[0] == request("a_00001", "two")));
}

BOOST_AUTO_TEST_CASE(refuses_entries_beyond_the_per_user_queue_cap) {
  UploadSettings s = with_slots(0);
  s.queue_per_user = 2;
  UploadPolicy policy(mediator, s);
  BOOST_TEST((policy.on_request(request("a_00001", "1"), true, T0).outcome == Outcome::Queued));
  BOOST_TEST((policy.on_request(request("a_00001", "2"), true, T0).outcome == Outcome::Queued));
  const auto third = policy.on_request(request("a_00001", "3"), true, T0);
  BOOST_TEST((third.outcome == Outcome::Refused));
  BOOST_TEST((third.refuse == UploadPolicy::RefuseReason::UserQueueFull));
  BOOST_TEST((policy.on_request(request("b_00002", "1"), true, T0).outcome == Outcome::Queued));
}

BOOST_AUTO_TEST_CASE(full_queue_refuses_strangers_but_takes_friends) {
  UploadSettings s = with_slots(0);
  s.queue_limit = 2;
  mediator.friends = {"pal_00009"};
  UploadPolicy policy(mediator, s);
  policy.on_request(request("a_00001"), true, T0);
  policy.on_request(request("b_00002"), true, T0);
  const auto stranger = policy.on_request(request("c_00003"), true, T0);
  BOOST_TEST((stranger.refuse == UploadPolicy::RefuseReason::QueueFull));
  BOOST_TEST(stranger.queue_length == 2u);
  const auto pal = policy.on_request(request("pal_00009"), true, T0);
  BOOST_TEST((pal.outcome == Outcome::Queued));
  BOOST_TEST(pal.position == 1u);  // friends are served first
}

BOOST_AUTO_TEST_CASE(friends_are_granted_before_earlier_strangers) {
  mediator.friends = {"pal_00009"};
  UploadPolicy policy(mediator, with_slots(1));
  policy.on_request(request("a_00001"), false, T0);
  policy.on_request(request("b_00002"), false, T0);
  policy.on_request(request("pal_00009"), false, T0 + 5s);
  BOOST_TEST(*policy.position(request("pal_00009")) == 1u);
  BOOST_TEST(*policy.position(request("b_00002")) == 2u);
  policy.release(request("a_00001"));
  const auto granted = policy.fill(T0 + 6s);
  BOOST_TEST_REQUIRE(granted.size() == 1u);
  BOOST_TEST(granted[0].peer.name == "pal_00009");
}

BOOST_AUTO_TEST_CASE(fifo_positions_follow_arrival) {
  UploadPolicy policy(mediator, with_slots(0));
  for (const char* f : {"1", "2", "3"}) policy.on_request(request("a_00001", f), true, T0);
  policy.on_request(request("b_00002", "1"), true, T0);
  policy.on_request(request("c_00003", "1"), true, T0);
  BOOST_TEST(*policy.position(request("a_00001", "3")) == 3u);
  BOOST_TEST(*policy.position(request("b_00002", "1")) == 4u);
  BOOST_TEST(*policy.position(request("c_00003", "1")) == 5u);
}

BOOST_AUTO_TEST_CASE(round_robin_positions_interleave_users) {
  UploadPolicy policy(mediator, round_robin(0));
  for (const char* f : {"1", "2", "3"}) policy.on_request(request("a_00001", f), true, T0);
  policy.on_request(request("b_00002", "1"), true, T0);
  policy.on_request(request("c_00003", "1"), true, T0);
  BOOST_TEST(*policy.position(request("a_00001", "1")) == 1u);
  BOOST_TEST(*policy.position(request("b_00002", "1")) == 2u);
  BOOST_TEST(*policy.position(request("c_00003", "1")) == 3u);
  BOOST_TEST(*policy.position(request("a_00001", "2")) == 4u);
  BOOST_TEST(*policy.position(request("a_00001", "3")) == 5u);
}

BOOST_AUTO_TEST_CASE(round_robin_grants_in_the_reported_order) {
  UploadSettings s = round_robin(0);
  s.slots_per_user = 5;
  UploadPolicy policy(mediator, s);
  for (const char* f : {"1", "2", "3"}) policy.on_request(request("a_00001", f), true, T0);
  policy.on_request(request("b_00002", "1"), true, T0);
  policy.on_request(request("b_00002", "2"), true, T0);
  policy.on_request(request("c_00003", "1"), true, T0);
  std::vector<std::string> served;
  for (std::uint32_t n = 1; n <= 6; ++n) {
    policy.reconfigure([&] {
      auto t = s;
      t.slots = n;
      return t;
    }());
    for (const auto& k : policy.fill(T0)) served.push_back(k.peer.name.substr(0, 1) + k.file);
  }
  const std::vector<std::string> expected{"a1", "b1", "c1", "a2", "b2", "a3"};
  BOOST_TEST(served == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(round_robin_sends_a_served_user_to_the_back) {
  UploadSettings s = round_robin(0);
  s.slots_per_user = 5;
  UploadPolicy policy(mediator, s);
  policy.on_request(request("a_00001", "1"), true, T0);
  policy.on_request(request("a_00001", "2"), true, T0);
  policy.on_request(request("b_00002", "1"), true, T0);
  s.slots = 1;
  policy.reconfigure(s);
  BOOST_TEST(policy.fill(T0).at(0).peer.name == "a_00001");
  // b has the next turn now, even though a's second entry is older.
  BOOST_TEST(*policy.position(request("b_00002", "1")) == 1u);
  BOOST_TEST(*policy.position(request("a_00001", "2")) == 2u);
}

BOOST_AUTO_TEST_CASE(forecast_matches_the_position_a_request_then_gets) {
  UploadPolicy policy(mediator, round_robin(0));
  policy.on_request(request("a_00001", "1"), true, T0);
  policy.on_request(request("a_00001", "2"), true, T0);
  policy.on_request(request("b_00002", "1"), true, T0);
  BOOST_TEST(policy.forecast_position(peer("c_00003")) == 3u);
  BOOST_TEST(policy.forecast_position(peer("a_00001")) == 4u);
  BOOST_TEST(policy.on_request(request("c_00003", "1"), true, T0).position == 3u);
}

BOOST_AUTO_TEST_CASE(banned_users_are_refused_and_queued_ones_never_served) {
  UploadSettings s = with_slots(0);
  UploadPolicy policy(mediator, s);
  policy.on_request(request("bob_00001"), true, T0);
  policy.on_request(request("amy_00002"), true, T0);
  mediator.bans.add(make_ban_rule("bob", false));
  s.slots = 1;
  policy.reconfigure(s);
  BOOST_TEST((policy.waiting().at(0).reason == Reason::Banned));
  BOOST_TEST(*policy.position(request("amy_00002")) == 1u);  // bob does not count
  const auto granted = policy.fill(T0);
  BOOST_TEST_REQUIRE(granted.size() == 1u);
  BOOST_TEST(granted[0].peer.name == "amy_00002");
  const auto again = policy.on_request(request("bob_00777", "other"), true, T0);
  BOOST_TEST((again.refuse == UploadPolicy::RefuseReason::Banned));
}

BOOST_AUTO_TEST_CASE(full_name_ban_spares_other_suffixes) {
  mediator.bans.add(make_ban_rule("bob_00001", false));
  UploadPolicy policy(mediator, with_slots(3));
  BOOST_TEST((policy.on_request(request("bob_00001"), true, T0).outcome == Outcome::Refused));
  BOOST_TEST((policy.on_request(request("bob_00002"), true, T0).outcome == Outcome::Granted));
}

BOOST_AUTO_TEST_CASE(lowering_slots_keeps_in_use_counts_and_kicks_nobody) {
  UploadSettings s = with_slots(3);
  UploadPolicy policy(mediator, s);
  for (const char* n : {"a_00001", "b_00002", "c_00003"}) policy.on_request(request(n), false, T0);
  policy.on_request(request("d_00004"), false, T0);
  s.slots = 1;
  policy.reconfigure(s);
  BOOST_TEST(policy.slots_in_use() == 3u);
  BOOST_TEST(policy.fill(T0).empty());
  policy.release(request("a_00001"));
  BOOST_TEST(policy.fill(T0).empty());  // 2 in use, limit 1
  policy.release(request("b_00002"));
  BOOST_TEST(policy.fill(T0).empty());  // 1 in use, limit 1
  policy.release(request("c_00003"));
  const auto granted = policy.fill(T0);
  BOOST_TEST_REQUIRE(granted.size() == 1u);
  BOOST_TEST(granted[0].peer.name == "d_00004");
}

BOOST_AUTO_TEST_CASE(raising_slots_grants_waiting_entries) {
  UploadSettings s = with_slots(1);
  UploadPolicy policy(mediator, s);
  for (const char* n : {"a_00001", "b_00002", "c_00003"}) policy.on_request(request(n), false, T0);
  s.slots = 3;
  policy.reconfigure(s);
  BOOST_TEST(policy.fill(T0).size() == 2u);
  BOOST_TEST(policy.queue_length() == 0u);
}

BOOST_AUTO_TEST_CASE(unused_granted_slot_expires_after_the_timeout) {
  UploadPolicy policy(mediator, with_slots(1));
  policy.on_request(request("a_00001"), false, T0);
  policy.on_request(request("b_00002"), false, T0 + 10s);
  BOOST_TEST((policy.next_expiry() == T0 + 120s));
  BOOST_TEST(policy.expire(T0 + 119s).empty());
  const auto expired = policy.expire(T0 + 120s);
  BOOST_TEST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(expired[0].peer.name == "a_00001");
  BOOST_TEST(policy.fill(T0 + 120s).at(0).peer.name == "b_00002");
}

BOOST_AUTO_TEST_CASE(active_slot_never_expires) {
  UploadPolicy policy(mediator, with_slots(1));
  policy.on_request(request("a_00001"), false, T0);
  BOOST_TEST(policy.activate(request("a_00001")));
  BOOST_TEST(policy.expire(T0 + 1h).empty());
  BOOST_TEST(!policy.next_expiry().has_value());
}

BOOST_AUTO_TEST_CASE(waits_for_bandwidth_when_it_is_used_up) {
  mediator.bandwidth = false;
  UploadPolicy policy(mediator, with_slots(3));
  BOOST_TEST((policy.on_request(request("a_00001"), false, T0).outcome == Outcome::Queued));
  BOOST_TEST((policy.waiting().at(0).reason == Reason::Bandwidth));
  BOOST_TEST(policy.fill(T0).empty());
  mediator.bandwidth = true;
  BOOST_TEST(policy.fill(T0).size() == 1u);
}

BOOST_AUTO_TEST_CASE(normal_request_is_refused_when_auto_queue_is_off) {
  UploadSettings s = with_slots(0);
  s.queue_normal_requests = false;
  UploadPolicy policy(mediator, s);
  BOOST_TEST((policy.on_request(request("a_00001"), false, T0).refuse == UploadPolicy::RefuseReason::NotQueueable));
  BOOST_TEST((policy.on_request(request("a_00001"), true, T0).outcome == Outcome::Queued));
}

BOOST_AUTO_TEST_CASE(duplicate_request_keeps_its_place) {
  UploadPolicy policy(mediator, with_slots(0));
  policy.on_request(request("a_00001"), true, T0);
  policy.on_request(request("b_00002"), true, T0);
  const auto again = policy.on_request(request("b_00002"), true, T0 + 1s);
  BOOST_TEST((again.outcome == Outcome::AlreadyQueued));
  BOOST_TEST(again.position == 2u);
  BOOST_TEST(policy.queue_length() == 2u);
}

BOOST_AUTO_TEST_CASE(withdrawn_entry_moves_the_rest_up) {
  UploadPolicy policy(mediator, with_slots(0));
  for (const char* n : {"a_00001", "b_00002", "c_00003"}) policy.on_request(request(n), true, T0);
  BOOST_TEST(policy.withdraw(request("a_00001")));
  BOOST_TEST(*policy.position(request("c_00003")) == 2u);
  BOOST_TEST(!policy.withdraw(request("a_00001")));
}

BOOST_AUTO_TEST_CASE(group_slot_cap_limits_a_group_inside_the_global_cap) {
  UploadSettings s = with_slots(3);
  s.groups[1].slots = 1;  // default group: one slot
  UploadPolicy policy(mediator, s);
  BOOST_TEST((policy.on_request(request("a_00001"), false, T0).outcome == Outcome::Granted));
  BOOST_TEST((policy.on_request(request("b_00002"), false, T0).outcome == Outcome::Queued));
  mediator.friends = {"pal_00009"};
  BOOST_TEST((policy.on_request(request("pal_00009"), false, T0).outcome == Outcome::Granted));
}

BOOST_AUTO_TEST_CASE(saved_queue_restores_in_the_same_order) {
  UploadPolicy policy(mediator, round_robin(0));
  policy.on_request(request("a_00001", "1"), true, T0);
  policy.on_request(request("b_00002", "1"), true, T0 + 10s);
  policy.on_request(request("a_00001", "2"), true, T0 + 20s);
  const WallTime wall{std::chrono::seconds(1'700'000'000)};
  const QueueState saved = policy.save(T0 + 30s, wall);
  BOOST_TEST_REQUIRE(saved.entries.size() == 3u);
  BOOST_TEST((saved.entries[1].enqueued_at == wall - 20s));
  BOOST_TEST(saved.entries[1].requester.name == "b_00002");

  // Rows come back from storage in any order.
  QueueState shuffled = saved;
  std::swap(shuffled.entries[0], shuffled.entries[2]);
  FakeUploadMediator other;
  UploadPolicy restored(other, round_robin(0));
  restored.restore(shuffled, T0 + 1h, wall + 100s);
  BOOST_TEST(*restored.position(request("a_00001", "1")) == 1u);
  BOOST_TEST(*restored.position(request("b_00002", "1")) == 2u);
  BOOST_TEST(*restored.position(request("a_00001", "2")) == 3u);
  const auto next = restored.on_request(request("c_00003", "1"), true, T0 + 1h);
  BOOST_TEST(next.position == 3u);  // round robin: after a1 and b1, before a2
  BOOST_TEST(restored.save(T0 + 1h, wall + 100s).entries.back().sequence == 4u);
}

BOOST_AUTO_TEST_CASE(owner_moves_a_waiting_entry_and_the_others_shift) {
  UploadPolicy policy(mediator, with_slots(1));
  policy.on_request(request("a_00001"), false, T0);
  for (const char* name : {"b_00002", "c_00003", "d_00004", "e_00005"}) policy.on_request(request(name), true, T0);
  BOOST_TEST(policy.move(request("e_00005"), 1));
  BOOST_TEST(*policy.position(request("e_00005")) == 1u);
  BOOST_TEST(*policy.position(request("b_00002")) == 2u);
  BOOST_TEST(*policy.position(request("d_00004")) == 4u);
  BOOST_TEST(policy.move(request("e_00005"), 99));  // clamped to the end
  BOOST_TEST(*policy.position(request("e_00005")) == 4u);
  BOOST_TEST(*policy.position(request("b_00002")) == 1u);
  BOOST_TEST(!policy.move(request("a_00001"), 1));  // holds a slot, not queued
  // The next free slot goes to the moved order's head.
  BOOST_TEST(policy.move(request("d_00004"), 1));
  BOOST_TEST(policy.release(request("a_00001")));
  const auto granted = policy.fill(T0 + 1s);
  BOOST_TEST_REQUIRE(granted.size() == 1u);
  BOOST_TEST((granted[0] == request("d_00004")));
}

BOOST_AUTO_TEST_CASE(move_in_a_round_robin_group_is_refused_and_changes_nothing) {
  UploadPolicy policy(mediator, round_robin(0));
  for (const char* f : {"1", "2"}) policy.on_request(request("a_00001", f), true, T0);
  policy.on_request(request("b_00002", "1"), true, T0);
  policy.on_request(request("c_00003", "1"), true, T0);
  BOOST_TEST(!policy.move(request("c_00003", "1"), 1));
  BOOST_TEST(!policy.move(request("a_00001", "2"), 1));
  BOOST_TEST(*policy.position(request("a_00001", "1")) == 1u);
  BOOST_TEST(*policy.position(request("b_00002", "1")) == 2u);
  BOOST_TEST(*policy.position(request("c_00003", "1")) == 3u);
  BOOST_TEST(*policy.position(request("a_00001", "2")) == 4u);
  // Restoring rebuilds the turns from the saved sequences: they were left alone too.
  UploadPolicy restored(mediator, round_robin(0));
  restored.restore(policy.save(T0, WallTime{}), T0, WallTime{});
  BOOST_TEST(*restored.position(request("a_00001", "1")) == 1u);
  BOOST_TEST(*restored.position(request("c_00003", "1")) == 3u);
  BOOST_TEST(*restored.position(request("a_00001", "2")) == 4u);
}

BOOST_AUTO_TEST_CASE(moved_order_survives_save_and_restore) {
  UploadPolicy policy(mediator, with_slots(1));
  policy.on_request(request("a_00001"), false, T0);
  for (const char* name : {"b_00002", "c_00003", "d_00004"}) policy.on_request(request(name), true, T0);
  BOOST_TEST(policy.move(request("d_00004"), 1));
  UploadPolicy restored(mediator, with_slots(1));
  restored.restore(policy.save(T0, WallTime{}), T0, WallTime{});
  BOOST_TEST(*restored.position(request("d_00004")) == 1u);
  BOOST_TEST(*restored.position(request("b_00002")) == 2u);
  BOOST_TEST(*restored.position(request("c_00003")) == 3u);
}

BOOST_AUTO_TEST_CASE(a_friend_moved_down_stays_ahead_of_strangers) {
  mediator.friends = {"f_00009"};
  UploadPolicy policy(mediator, with_slots(1));
  policy.on_request(request("a_00001"), false, T0);
  policy.on_request(request("b_00002"), true, T0);
  policy.on_request(request("f_00009"), true, T0);
  BOOST_TEST(*policy.position(request("f_00009")) == 1u);
  BOOST_TEST(policy.move(request("f_00009"), 2));
  BOOST_TEST(*policy.position(request("f_00009")) == 1u);  // the group's priority wins
}

BOOST_AUTO_TEST_SUITE_END()
