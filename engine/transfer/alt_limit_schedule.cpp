#include "transfer/alt_limit_schedule.h"

namespace wpn::transfer {

void AltLimitSchedule::set_schedule(std::optional<WeeklySchedule> schedule) {
  schedule_ = std::move(schedule);
  schedule_said_.reset();  // a new schedule's first verdict is no flip
  tick();
}

void AltLimitSchedule::request(bool on, std::optional<WallTime> until) {
  requested_ = on;
  requested_until_ = on ? until : std::nullopt;
  const ChangeReason reason = refresh();
  decide(requested_ ? ChangeReason::Request : reason);
}

void AltLimitSchedule::tick() { decide(refresh()); }

// Ends a request whose time ran out or whose schedule flipped; says which happened.
AltLimitSchedule::ChangeReason AltLimitSchedule::refresh() {
  ChangeReason reason = ChangeReason::Schedule;
  if (requested_ && requested_until_ && mediator_.now() >= *requested_until_) {
    requested_.reset();
    requested_until_.reset();
    reason = ChangeReason::RequestExpired;
  }
  if (schedule_) {
    const auto [day, hour] = mediator_.local_hour();
    const bool said = schedule_->at(day, hour);
    if (schedule_said_ && *schedule_said_ != said) {  // the schedule moved on: requests end
      requested_.reset();
      requested_until_.reset();
      reason = ChangeReason::Schedule;
    }
    schedule_said_ = said;
  }
  return reason;
}

void AltLimitSchedule::decide(ChangeReason reason) {
  const bool on = requested_.value_or(schedule_said_.value_or(false));
  if (on == on_) return;
  on_ = on;
  mediator_.changed(on, reason);
}

std::optional<WallTime> AltLimitSchedule::until() const noexcept {
  if (!on_ || !requested_) return std::nullopt;
  return requested_until_;
}

}  // namespace wpn::transfer
