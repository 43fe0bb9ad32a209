#pragma once
// What the loop thread waited while a test ran: the probe the control socket and every other
// transfer stand for, and when a download entered each phase.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "transfer_fixture.h"

namespace wpn::test {

using namespace std::chrono_literals;

// Posts a task to the loop every couple of milliseconds and keeps how long each waited to run:
// what the control socket and every other transfer would wait at that moment.
class LoopProbe {
 public:
  using Time = std::chrono::steady_clock::time_point;
  explicit LoopProbe(net::EventLoop& loop) : loop_(loop), thread_([this] { run(); }) {}
  ~LoopProbe() { stop(); }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // The longest wait that overlapped [from, to].
  std::chrono::milliseconds longest(Time from, Time to) const {
    std::lock_guard lock(mutex_);
    Time::duration longest{};
    for (const auto& [posted, ran] : waits_)
      if (ran >= from && posted <= to) longest = std::max(longest, ran - posted);
    return std::chrono::duration_cast<std::chrono::milliseconds>(longest);
  }

 private:
  struct Ran {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
  };
  void run() {
    while (!stopping_) {
      auto ran = std::make_shared<Ran>();
      const auto posted = std::chrono::steady_clock::now();
      loop_.post([ran] {
        std::lock_guard lock(ran->mutex);
        ran->done = true;
        ran->cv.notify_one();
      });
      {
        std::unique_lock lock(ran->mutex);
        ran->cv.wait_for(lock, 30s, [&] { return ran->done; });
      }
      {
        std::lock_guard lock(mutex_);
        waits_.emplace_back(posted, std::chrono::steady_clock::now());
      }
      std::this_thread::sleep_for(2ms);
    }
  }
  net::EventLoop& loop_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<std::pair<Time, Time>> waits_;  // posted, ran
  std::thread thread_;
};

// When the download entered each phase, seen on the loop as the events leave the manager.
struct PhaseTimes {
  std::mutex mutex;
  std::map<transfer::TransferPhase, LoopProbe::Time> at;
  void watch(test::TransferWorld& world, net::TransferManager& bob) {
    world.call([&] {
      bob.set_event_sink([this](const transfer::TransferEvent& event) {
        if (const auto* changed = std::get_if<transfer::TransferStateChanged>(&event)) {
          std::lock_guard lock(mutex);
          at.try_emplace(changed->phase, std::chrono::steady_clock::now());
        }
      });
    });
  }
  std::optional<LoopProbe::Time> of(transfer::TransferPhase phase) {
    std::lock_guard lock(mutex);
    const auto found = at.find(phase);
    if (found == at.end()) return std::nullopt;
    return found->second;
  }
};

}  // namespace wpn::test
