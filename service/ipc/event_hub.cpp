#include "service/ipc/event_hub.h"

namespace wpn::service {

EventHub::EventHub(std::string instance, std::size_t capacity)
    : instance_(std::move(instance)), capacity_(capacity == 0 ? 1 : capacity) {}

ipc::Sequence EventHub::last_seq() const {
  std::lock_guard lock(mutex_);
  return last_seq_;
}

ipc::Sequence EventHub::publish(std::string_view name, ipc::JsonObject data) {
  ipc::Event event;
  event.name = std::string(name);
  event.data = data.isNull() ? ipc::make_object() : std::move(data);
  std::lock_guard lock(mutex_);
  event.seq = ++last_seq_;
  HubEvent stored{event.seq, std::string(event.topic()), ipc::encode_event(event)};
  if (buffer_.size() == capacity_) buffer_.pop_front();
  buffer_.push_back(std::move(stored));
  const HubEvent& published = buffer_.back();
  for (auto& [id, subscriber] : subscribers_)
    if (subscriber.topics.contains(published.topic)) subscriber.sink(published);
  return published.seq;
}

bool EventHub::can_replay(const ResumePoint& from) const {
  std::lock_guard lock(mutex_);
  return can_replay_locked(from);
}

bool EventHub::can_replay_locked(const ResumePoint& from) const {
  if (!from.since) return false;  // a fresh client needs the full state
  if (from.instance && *from.instance != instance_) return false;
  const ipc::Sequence since = *from.since;
  if (since > last_seq_) return false;  // from another run, or invented
  if (since == last_seq_) return true;
  // Every event after `since` must still be buffered.
  return !buffer_.empty() && buffer_.front().seq <= since + 1;
}

bool EventHub::subscribe(SubscriberId subscriber, const std::vector<std::string>& topics, const ResumePoint& from,
                         bool have_snapshot, const EventSink& sink,
                         const std::function<void(const SubscribeOutcome&)>& deliver) {
  std::lock_guard lock(mutex_);
  SubscribeOutcome outcome;
  outcome.seq = last_seq_;
  outcome.replayable = can_replay_locked(from);
  if (!outcome.replayable && !have_snapshot) return false;
  const std::set<std::string, std::less<>> wanted(topics.begin(), topics.end());
  if (outcome.replayable) {
    for (const auto& event : buffer_)
      if (event.seq > *from.since && wanted.contains(event.topic)) outcome.replay.push_back(&event);
  }
  deliver(outcome);
  auto& entry = subscribers_[subscriber];
  if (!entry.sink) entry.sink = sink;
  entry.topics.insert(wanted.begin(), wanted.end());
  return true;
}

void EventHub::unsubscribe(SubscriberId subscriber, const std::vector<std::string>& topics) {
  std::lock_guard lock(mutex_);
  const auto found = subscribers_.find(subscriber);
  if (found == subscribers_.end()) return;
  if (topics.empty()) {
    subscribers_.erase(found);
    return;
  }
  for (const auto& name : topics) found->second.topics.erase(name);
  if (found->second.topics.empty()) subscribers_.erase(found);
}

void EventHub::remove(SubscriberId subscriber) {
  std::lock_guard lock(mutex_);
  subscribers_.erase(subscriber);
}

std::set<std::string> EventHub::topics_of(SubscriberId subscriber) const {
  std::lock_guard lock(mutex_);
  const auto found = subscribers_.find(subscriber);
  if (found == subscribers_.end()) return {};
  return {found->second.topics.begin(), found->second.topics.end()};
}

}  // namespace wpn::service
