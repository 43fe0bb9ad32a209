#pragma once
// Event fan-out with one increasing sequence number per service run, a bounded replay
// buffer for clients that resume "since N", and per-subscriber topic sets.
// Thread-safe: any thread may publish. Sinks run under the hub's lock, in sequence order,
// and must only enqueue (never call back into the hub).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/message.h"
#include "json/json_value.h"

namespace wpn::service {

using SubscriberId = std::uint64_t;

struct HubEvent {
  ipc::Sequence seq = 0;
  std::string topic;
  std::string payload;  // the encoded event frame payload, shared by every subscriber
};

using EventSink = std::function<void(const HubEvent&)>;

// What a subscription asked for, to decide between replay and snapshot.
struct ResumePoint {
  std::optional<ipc::Sequence> since;
  std::optional<std::string> instance;
};

// Handed to the caller, under the lock, so it can send its reply and the replay before
// any live event reaches the subscriber.
struct SubscribeOutcome {
  ipc::Sequence seq = 0;                // last sequence number published
  bool replayable = false;              // false: the client needs a snapshot
  std::vector<const HubEvent*> replay;  // valid only during the callback
};

class EventHub {
 public:
  static constexpr std::size_t DefaultCapacity = 4096;

  explicit EventHub(std::string instance, std::size_t capacity = DefaultCapacity);

  const std::string& instance() const noexcept { return instance_; }
  ipc::Sequence last_seq() const;

  // Encodes and numbers the event, keeps it for replay, hands it to matching sinks.
  ipc::Sequence publish(std::string_view name, ipc::JsonObject data);

  // Whether `from` can be served from the replay buffer right now (a hint: the buffer may
  // move on before subscribe runs).
  bool can_replay(const ResumePoint& from) const;

  // Adds the topics to the subscriber (registering `sink` on first use) and calls
  // `deliver` under the lock. When the resume point cannot be replayed and
  // `have_snapshot` is false, nothing is registered and false is returned: build a
  // snapshot and call again.
  bool subscribe(SubscriberId subscriber, const std::vector<std::string>& topics, const ResumePoint& from,
                 bool have_snapshot, const EventSink& sink,
                 const std::function<void(const SubscribeOutcome&)>& deliver);

  // Removes topics (all when empty); a subscriber with no topics left is dropped.
  void unsubscribe(SubscriberId subscriber, const std::vector<std::string>& topics);
  void remove(SubscriberId subscriber);
  std::set<std::string> topics_of(SubscriberId subscriber) const;

 private:
  struct Subscriber {
    std::set<std::string, std::less<>> topics;
    EventSink sink;
  };

  bool can_replay_locked(const ResumePoint& from) const;

  const std::string instance_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  ipc::Sequence last_seq_ = 0;
  std::deque<HubEvent> buffer_;
  std::map<SubscriberId, Subscriber> subscribers_;
};

}  // namespace wpn::service
