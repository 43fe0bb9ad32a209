#pragma once
// An honest speed and ETA for one transfer: an exponentially weighted moving average of the
// rate seen between progress samples (time constant `tau_s`), so a burst or a stall moves the
// ETA smoothly instead of making it jump. Early on it is the plain mean since bytes began to
// move. Time comes in as seconds of a monotonic clock.

#include <cstdint>
#include <map>
#include <optional>

namespace wpn::tray {

class RateEstimator {
 public:
  explicit RateEstimator(double tau_s = 8.0) : tau_s_(tau_s) {}

  // Bytes done so far at `now`. A smaller count (a restart from zero) starts afresh.
  void sample(std::uint64_t done, double now);
  // Bytes per second; 0 until two samples were seen.
  double rate_bps() const noexcept { return rate_; }
  bool has_rate() const noexcept { return primed_; }
  // Seconds until `size` at the smoothed rate; none without a rate (or one too slow to matter).
  std::optional<std::uint64_t> eta_s(std::uint64_t size) const noexcept;

 private:
  double tau_s_;
  double rate_ = 0;
  double last_time_ = 0;
  double moving_since_ = 0;
  std::uint64_t last_done_ = 0;
  bool have_sample_ = false;
  bool primed_ = false;
};

// One estimator per transfer id; ids no longer seen are dropped by `keep_only`.
class TransferRates {
 public:
  void sample(std::uint64_t id, std::uint64_t done, double now) { rates_[id].sample(done, now); }
  const RateEstimator* find(std::uint64_t id) const noexcept;
  void forget(std::uint64_t id) { rates_.erase(id); }
  std::size_t size() const noexcept { return rates_.size(); }

 private:
  std::map<std::uint64_t, RateEstimator> rates_;
};

}  // namespace wpn::tray
