#pragma once
// Whether the alternate limits are on, after Transmission's tr_session_alt_speeds: the
// weekly schedule decides, and an owner's request (on, on until a time, or off) overrides
// it until the schedule next changes its mind or the request's time runs out. Pure policy:
// the clock and the local hour come from the mediator, decisions go back through it.

#include <chrono>
#include <optional>

#include "transfer/limit_schedule.h"
#include "transfer/transfer_types.h"

namespace wpn::transfer {

class AltLimitSchedule {
 public:
  enum class ChangeReason {
    Schedule,        // the schedule reached an hour with the other verdict
    Request,         // the owner asked
    RequestExpired,  // a timed request ran out; the schedule decides again
  };

  struct LocalHour {
    std::chrono::weekday day;
    unsigned hour = 0;  // 0..23
  };

  class Mediator {
   public:
    virtual ~Mediator() = default;
    virtual WallTime now() const = 0;
    // The weekday and hour of local time at now(), as the schedule counts them.
    virtual LocalHour local_hour() const = 0;
    // The verdict changed; the owner applies the matching limits.
    virtual void changed(bool on, ChangeReason reason) = 0;
  };

  explicit AltLimitSchedule(Mediator& mediator) : mediator_(mediator) {}

  // A new schedule (nullopt: none, only requests decide). A standing request stays.
  void set_schedule(std::optional<WeeklySchedule> schedule);
  // The owner's choice; `until` only for on (nullopt: until turned off or the schedule flips).
  void request(bool on, std::optional<WallTime> until = std::nullopt);
  // Re-reads the clock: call it about once a minute or more often.
  void tick();

  bool is_on() const noexcept { return on_; }
  // While a timed request holds the limits on: when it ends.
  std::optional<WallTime> until() const noexcept;

 private:
  ChangeReason refresh();
  void decide(ChangeReason reason);

  Mediator& mediator_;
  std::optional<WeeklySchedule> schedule_;
  std::optional<bool> schedule_said_;  // the schedule's last verdict
  std::optional<bool> requested_;      // cleared when the schedule flips or the time runs out
  std::optional<WallTime> requested_until_;
  bool on_ = false;
};

}  // namespace wpn::transfer
