// Sleep and wake (engine thread). Engine timers run on CLOCK_MONOTONIC, which stops while the
// machine sleeps, so after a wake nothing times out by itself although the parent and every
// peer connection are likely gone. logind says when the machine sleeps and wakes, where it
// runs; else the engine tick compares CLOCK_MONOTONIC with CLOCK_BOOTTIME. On a wake or a
// jump it reconnects the parent at once, says "resuming" in the snapshot until the parent is
// back, and for a while retries downloads that fail instead of reporting them.
#include <Poco/Logger.h>

#include "session/engine_impl.h"

namespace wpn::session {

namespace {

// How long after a wake failed downloads are retried rather than reported; also the
// longest "resuming" lasts without a parent.
constexpr auto ResumeGrace = std::chrono::seconds(60);
// logind's wake and the clock check may both tell the same sleep: one reconnect is enough.
constexpr auto SameWake = std::chrono::seconds(10);

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine.suspend"); }

}  // namespace

void Engine::Impl::check_suspend() {
  if (!suspend_) return;
  if (const auto slept = suspend_->poll()) return on_wake(*slept);
  if (!resuming_) return;
  const bool parent_back = network_.role != Role::Secondary || (node_ && network_status().logged_in);
  if (parent_back || std::chrono::steady_clock::now() >= resume_until_) {
    resuming_ = false;
    board_.set_resuming(false);
    logger().information(parent_back ? "resumed" : "resumed without a parent; still looking for one");
  }
}

void Engine::Impl::start_logind_watch(const std::string& bus) {
  if (bus == "off") return;
  auto watch = LogindSleepWatch::start(
      [this](bool going_to_sleep) { post_engine([this, going_to_sleep] { on_prepare_for_sleep(going_to_sleep); }); },
      bus);
  if (!watch) {
    logger().information("sleep and wake from the clocks only (" + watch.error() + ")");
    return;
  }
  logind_ = std::move(*watch);
  logger().information("sleep and wake from logind, and from the clocks");
}

void Engine::Impl::on_prepare_for_sleep(bool going_to_sleep) {
  if (!suspend_) return;
  if (going_to_sleep) {
    asleep_since_ = suspend_->boottime();
    logger().information("the machine is going to sleep");
    return;
  }
  const auto slept = asleep_since_ ? suspend_->boottime() - *asleep_since_ : std::chrono::nanoseconds(0);
  asleep_since_.reset();
  suspend_->resync();
  on_wake(slept);
}

void Engine::Impl::on_wake(std::chrono::nanoseconds slept) {
  const auto now = std::chrono::steady_clock::now();
  if (resuming_ && now - woke_at_ < SameWake) return;
  woke_at_ = now;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(slept).count();
  logger().information("the machine slept for " + std::to_string(seconds) +
                       " s: reconnecting and re-checking transfers");
  resuming_ = true;
  resume_until_ = std::chrono::steady_clock::now() + ResumeGrace;
  retried_after_wake_.clear();
  board_.set_resuming(true);
  // The old parent connection cannot be trusted; a new node connects at once.
  if (node_) restart_node();
  refresh_engine_part();
}

// A download that fails soon after a wake failed because of the sleep (its peer or route
// went away meanwhile): it is started again once, and the failure is not reported.
bool Engine::Impl::retry_after_wake(transfer::TransferId id, transfer::TransferPhase phase) {
  if (phase != transfer::TransferPhase::Failed || std::chrono::steady_clock::now() >= resume_until_) return false;
  const auto direction = directions_.find(id);
  if (direction == directions_.end() || direction->second != transfer::Direction::Download) return false;
  if (!retried_after_wake_.insert(id).second) return false;
  engine_loop_->post([this, id] {
    if (manager_ && manager_->retry(id))
      logger().information("download " + std::to_string(id) + " retried after the wake");
  });
  return true;
}

}  // namespace wpn::session
