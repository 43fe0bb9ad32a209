#include "transfer/limit_schedule.h"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace wpn::transfer;
using namespace std::chrono;

namespace {

// 2024-01-01 was a Monday.
local_seconds at(int day_of_january, int hour, int minute = 0) {
  return local_days{year{2024} / January / day_of_january} + hours(hour) + minutes(minute);
}

LimitConfig office_hours() {
  LimitConfig config;
  config.normal.upload_slots = 3;
  config.alternate.upload_slots = 1;
  config.alternate.rates.upload = 20000;
  for (const auto day : {Monday, Tuesday, Wednesday, Thursday, Friday}) config.schedule.set_hours(day, 9, 17, true);
  return config;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(limit_schedule)

BOOST_AUTO_TEST_CASE(scheduled_hours_switch_to_the_alternate_set) {
  const auto config = office_hours();
  BOOST_TEST(!alternate_active(config, at(1, 8, 59)));
  BOOST_TEST(alternate_active(config, at(1, 9, 0)));
  BOOST_TEST(alternate_active(config, at(5, 16, 59)));  // Friday
  BOOST_TEST(!alternate_active(config, at(5, 17, 0)));
  BOOST_TEST(!alternate_active(config, at(6, 12, 0)));  // Saturday
  BOOST_TEST(active_limits(config, at(2, 10)).upload_slots == 1u);
  BOOST_TEST(active_limits(config, at(2, 20)).upload_slots == 3u);
}

BOOST_AUTO_TEST_CASE(owner_choice_overrides_the_schedule) {
  auto config = office_hours();
  config.mode = LimitMode::Normal;
  BOOST_TEST(!alternate_active(config, at(1, 10)));
  config.mode = LimitMode::Alternate;
  BOOST_TEST(alternate_active(config, at(6, 10)));
  BOOST_TEST(!next_change(config, at(6, 10)).has_value());
}

BOOST_AUTO_TEST_CASE(next_change_names_the_next_switching_hour) {
  const auto config = office_hours();
  BOOST_TEST((next_change(config, at(1, 3, 15)) == at(1, 9)));
  BOOST_TEST((next_change(config, at(1, 9, 30)) == at(1, 17)));
  BOOST_TEST((next_change(config, at(5, 18)) == at(8, 9)));  // Friday evening -> Monday
  BOOST_TEST(!next_change(LimitConfig{}, at(1, 0)).has_value());
}

BOOST_AUTO_TEST_CASE(text_form_starts_on_monday_midnight_and_round_trips) {
  WeeklySchedule schedule;
  schedule.set(Monday, 0, true);
  schedule.set(Sunday, 23, true);
  const std::string text = schedule.to_string();
  BOOST_TEST(text.size() == 168u);
  BOOST_TEST(text.front() == '1');
  BOOST_TEST(text.back() == '1');
  BOOST_TEST(text.substr(1, 166) == std::string(166, '0'));
  BOOST_TEST((WeeklySchedule::parse(text) == schedule));
}

BOOST_AUTO_TEST_CASE(rejects_malformed_text) {
  BOOST_TEST(!WeeklySchedule::parse(std::string(167, '0')).has_value());
  BOOST_TEST(!WeeklySchedule::parse(std::string(167, '0') + "2").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
