#include "model/rate_estimator.h"

#include <algorithm>
#include <cmath>

namespace wpn::tray {

namespace {
// Below this an ETA would read as days of guessing: better to say nothing.
constexpr double SlowestUsefulRate = 1.0;
constexpr double MaxEtaS = 100.0 * 24 * 3600;
}  // namespace

void RateEstimator::sample(std::uint64_t done, double now) {
  if (!have_sample_ || done < last_done_) {
    have_sample_ = true;
    primed_ = false;
    rate_ = 0;
    last_done_ = done;
    last_time_ = now;
    return;
  }
  if (!primed_ && done == last_done_) {
    last_time_ = now;  // nothing moved yet (connecting, queued): that wait is not the rate
    return;
  }
  const double dt = now - last_time_;
  if (dt <= 0) return;  // same instant: the bytes count toward the next interval
  const double instant = static_cast<double>(done - last_done_) / dt;
  if (!primed_) {
    rate_ = instant;
    primed_ = true;
    moving_since_ = last_time_;
  } else {
    // Weighted by elapsed time, so irregular intervals smooth alike; while the transfer is
    // young, no less than the mean since it began moving, so one slow start does not linger.
    const double alpha = std::max(1.0 - std::exp(-dt / tau_s_), dt / (now - moving_since_));
    rate_ += alpha * (instant - rate_);
  }
  last_done_ = done;
  last_time_ = now;
}

std::optional<std::uint64_t> RateEstimator::eta_s(std::uint64_t size) const noexcept {
  if (!primed_ || rate_ < SlowestUsefulRate) return std::nullopt;
  if (last_done_ >= size) return 0;
  const double eta = std::ceil(static_cast<double>(size - last_done_) / rate_);
  if (eta > MaxEtaS) return std::nullopt;
  return static_cast<std::uint64_t>(eta);
}

const RateEstimator* TransferRates::find(std::uint64_t id) const noexcept {
  const auto it = rates_.find(id);
  return it == rates_.end() ? nullptr : &it->second;
}

}  // namespace wpn::tray
