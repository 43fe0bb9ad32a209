#include "service/ipc/event_hub.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace wpn::service;
using wpn::ipc::Sequence;

struct Recorder {
  std::vector<HubEvent> events;
  EventSink sink() {
    return [this](const HubEvent& event) { events.push_back(event); };
  }
};

wpn::ipc::JsonObject data(int n) {
  auto object = wpn::ipc::make_object();
  object->set("n", n);
  return object;
}

struct Subscribed {
  bool done = false;
  Sequence seq = 0;
  bool replayable = false;
  std::vector<Sequence> replayed;
};

Subscribed subscribe(EventHub& hub, SubscriberId id, const std::vector<std::string>& topics, const ResumePoint& from,
                     bool have_snapshot, Recorder& recorder) {
  Subscribed result;
  result.done = hub.subscribe(id, topics, from, have_snapshot, recorder.sink(), [&](const SubscribeOutcome& outcome) {
    result.seq = outcome.seq;
    result.replayable = outcome.replayable;
    for (const auto* event : outcome.replay) result.replayed.push_back(event->seq);
  });
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_hub)

BOOST_AUTO_TEST_CASE(numbers_events_from_one_upwards) {
  EventHub hub("run-1");
  BOOST_TEST(hub.publish("shares.file_added", data(1)) == 1u);
  BOOST_TEST(hub.publish("logs.line", data(2)) == 2u);
  BOOST_TEST(hub.last_seq() == 2u);
}

BOOST_AUTO_TEST_CASE(delivers_only_subscribed_topics_in_order) {
  EventHub hub("run-1");
  Recorder recorder;
  BOOST_TEST(subscribe(hub, 1, {"shares"}, {}, true, recorder).done);
  hub.publish("shares.scan_started", data(1));
  hub.publish("logs.line", data(2));
  hub.publish("shares.scan_finished", data(3));
  BOOST_REQUIRE(recorder.events.size() == 2u);
  BOOST_TEST(recorder.events[0].seq == 1u);
  BOOST_TEST(recorder.events[1].seq == 3u);
  BOOST_TEST(recorder.events[1].payload.find("\"event\":\"shares.scan_finished\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(replays_what_was_missed_since_n) {
  EventHub hub("run-1");
  for (int i = 1; i <= 5; ++i) hub.publish(i % 2 ? "shares.x" : "logs.line", data(i));
  Recorder recorder;
  const auto result = subscribe(hub, 1, {"shares"}, {Sequence{2}, std::string("run-1")}, false, recorder);
  BOOST_TEST(result.done);
  BOOST_TEST(result.replayable);
  BOOST_TEST(result.seq == 5u);
  BOOST_TEST(result.replayed == (std::vector<Sequence>{3, 5}));
}

BOOST_AUTO_TEST_CASE(asks_for_a_snapshot_when_the_gap_left_the_buffer) {
  EventHub hub("run-1", 3);
  for (int i = 1; i <= 10; ++i) hub.publish("shares.x", data(i));
  Recorder recorder;
  BOOST_TEST(!hub.can_replay({Sequence{5}, std::string("run-1")}));
  BOOST_TEST(!subscribe(hub, 1, {"shares"}, {Sequence{5}, std::string("run-1")}, false, recorder).done);
  BOOST_TEST(hub.topics_of(1).empty());  // nothing registered without a snapshot
  const auto with_snapshot = subscribe(hub, 1, {"shares"}, {Sequence{5}, std::string("run-1")}, true, recorder);
  BOOST_TEST(with_snapshot.done);
  BOOST_TEST(!with_snapshot.replayable);
  BOOST_TEST(with_snapshot.replayed.empty());
  // The oldest kept event is 8: resuming after 7 is still complete.
  BOOST_TEST(hub.can_replay({Sequence{7}, std::string("run-1")}));
}

BOOST_AUTO_TEST_CASE(never_resumes_across_instances_or_from_the_future) {
  EventHub hub("run-2");
  hub.publish("shares.x", data(1));
  BOOST_TEST(!hub.can_replay({Sequence{1}, std::string("run-1")}));
  BOOST_TEST(!hub.can_replay({Sequence{2}, std::string("run-2")}));
  BOOST_TEST(!hub.can_replay({std::nullopt, std::string("run-2")}));
  BOOST_TEST(hub.can_replay({Sequence{1}, std::nullopt}));
  BOOST_TEST(hub.can_replay({Sequence{0}, std::string("run-2")}));
}

BOOST_AUTO_TEST_CASE(keeps_at_most_capacity_events) {
  EventHub hub("run-1", 4);
  for (int i = 1; i <= 100; ++i) hub.publish("logs.line", data(i));
  Recorder recorder;
  const auto result = subscribe(hub, 1, {"logs"}, {Sequence{96}, std::nullopt}, false, recorder);
  BOOST_TEST(result.replayed == (std::vector<Sequence>{97, 98, 99, 100}));
  BOOST_TEST(!hub.can_replay({Sequence{95}, std::nullopt}));
}

BOOST_AUTO_TEST_CASE(unsubscribe_and_remove_stop_delivery) {
  EventHub hub("run-1");
  Recorder a;
  Recorder b;
  subscribe(hub, 1, {"shares", "logs"}, {}, true, a);
  subscribe(hub, 2, {"logs"}, {}, true, b);
  hub.unsubscribe(1, {"logs"});
  hub.remove(2);
  hub.publish("logs.line", data(1));
  hub.publish("shares.x", data(2));
  BOOST_TEST(a.events.size() == 1u);
  BOOST_TEST(b.events.empty());
  hub.unsubscribe(1, {});
  BOOST_TEST(hub.topics_of(1).empty());
}

BOOST_AUTO_TEST_CASE(concurrent_publishers_deliver_every_event_once_in_sequence) {
  EventHub hub("run-1", 16);
  Recorder recorder;
  subscribe(hub, 1, {"shares"}, {}, true, recorder);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&hub] {
      for (int i = 0; i < 500; ++i) hub.publish("shares.x", nullptr);
    });
  for (auto& thread : threads) thread.join();
  BOOST_REQUIRE(recorder.events.size() == 2000u);
  for (std::size_t i = 0; i < recorder.events.size(); ++i) BOOST_TEST(recorder.events[i].seq == i + 1);
}

BOOST_AUTO_TEST_SUITE_END()
