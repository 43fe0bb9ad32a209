#include "transfer/alt_limit_schedule.h"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <utility>
#include <vector>

#include "support/fake_clock.h"

using namespace wpn::transfer;
using namespace std::chrono;
using Reason = AltLimitSchedule::ChangeReason;

namespace {

// Local time is the wall clock read as UTC: the fake clock starts on a Tuesday.
struct Harness : AltLimitSchedule::Mediator {
  wpn::test::FakeClock clock;
  std::vector<std::pair<bool, Reason>> changes;
  AltLimitSchedule schedule{*this};

  WallTime now() const override { return clock.wall_now(); }
  AltLimitSchedule::LocalHour local_hour() const override {
    const auto t = clock.wall_now();
    const auto day = floor<days>(t);
    return {weekday(day), static_cast<unsigned>(floor<hours>(t - day).count())};
  }
  void changed(bool on, Reason reason) override { changes.emplace_back(on, reason); }

  // Moves the clock to the next `hour`:00 of today or a later day.
  void advance_to_hour(unsigned hour) {
    const auto t = clock.wall_now();
    auto target = floor<days>(t) + hours(hour);
    if (target <= t) target += days(1);
    clock.advance(target - t);
  }
};

WeeklySchedule evenings() {
  WeeklySchedule s;
  for (unsigned d = 0; d < 7; ++d) s.set_hours(weekday(d), 18, 23, true);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(alt_limit_schedule)

BOOST_AUTO_TEST_CASE(the_schedule_turns_the_limits_on_and_off_at_hour_boundaries) {
  Harness h;
  h.advance_to_hour(17);
  h.clock.advance(minutes(59));
  h.schedule.set_schedule(evenings());
  BOOST_TEST(!h.schedule.is_on());
  BOOST_TEST(h.changes.empty());
  h.clock.advance(minutes(1));  // 18:00
  h.schedule.tick();
  BOOST_TEST(h.schedule.is_on());
  h.clock.advance(hours(4) + minutes(59));  // 22:59
  h.schedule.tick();
  BOOST_TEST(h.schedule.is_on());
  h.clock.advance(minutes(1));  // 23:00
  h.schedule.tick();
  BOOST_TEST(!h.schedule.is_on());
  const std::vector<std::pair<bool, Reason>> expected{{true, Reason::Schedule}, {false, Reason::Schedule}};
  BOOST_TEST((h.changes == expected));
}

BOOST_AUTO_TEST_CASE(a_request_overrides_the_schedule_until_the_schedule_next_flips) {
  Harness h;
  h.advance_to_hour(10);
  h.schedule.set_schedule(evenings());
  h.schedule.request(true);
  BOOST_TEST(h.schedule.is_on());
  h.clock.advance(hours(7) + minutes(59));  // 17:59: the schedule still says off
  h.schedule.tick();
  BOOST_TEST(h.schedule.is_on());
  h.clock.advance(minutes(1));  // 18:00 says on: the request is over, the schedule agrees
  h.schedule.tick();
  BOOST_TEST(h.schedule.is_on());
  h.schedule.request(false);  // turned off by request during scheduled hours
  BOOST_TEST(!h.schedule.is_on());
  h.clock.advance(hours(4));  // 22:00: still the same scheduled stretch
  h.schedule.tick();
  BOOST_TEST(!h.schedule.is_on());
  h.clock.advance(hours(1));  // 23:00: the schedule flips to off, the request is over
  h.schedule.tick();
  BOOST_TEST(!h.schedule.is_on());
  h.clock.advance(hours(19));  // 18:00 the next day: the schedule alone turns them on
  h.schedule.tick();
  BOOST_TEST(h.schedule.is_on());
  const std::vector<std::pair<bool, Reason>> expected{
      {true, Reason::Request}, {false, Reason::Request}, {true, Reason::Schedule}};
  BOOST_TEST((h.changes == expected));
}

BOOST_AUTO_TEST_CASE(a_timed_request_ends_at_its_time) {
  Harness h;
  h.advance_to_hour(10);
  h.schedule.set_schedule(evenings());
  const auto until = h.clock.wall_now() + hours(2);
  h.schedule.request(true, until);
  BOOST_TEST((h.schedule.until() == until));
  h.clock.advance(hours(2) - seconds(1));
  h.schedule.tick();
  BOOST_TEST(h.schedule.is_on());
  h.clock.advance(seconds(1));
  h.schedule.tick();
  BOOST_TEST(!h.schedule.is_on());
  BOOST_TEST(!h.schedule.until().has_value());
  BOOST_TEST((h.changes.back() == std::pair{false, Reason::RequestExpired}));
}

BOOST_AUTO_TEST_CASE(without_a_schedule_only_requests_decide) {
  Harness h;
  h.schedule.set_schedule(std::nullopt);
  BOOST_TEST(!h.schedule.is_on());
  h.schedule.request(true);
  h.clock.advance(days(30));
  h.schedule.tick();
  BOOST_TEST(h.schedule.is_on());
  BOOST_TEST(!h.schedule.until().has_value());
  h.schedule.request(false);
  BOOST_TEST(!h.schedule.is_on());
  BOOST_TEST(h.changes.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
