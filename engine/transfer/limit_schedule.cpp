#include "transfer/limit_schedule.h"

namespace wpn::transfer {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::local_days;
using std::chrono::local_seconds;

struct WeekHour {
  std::chrono::weekday day;
  unsigned hour = 0;
};

WeekHour week_hour(local_seconds t) noexcept {
  const local_days day = floor<days>(t);
  return {std::chrono::weekday(day), static_cast<unsigned>(floor<hours>(t - day).count())};
}

}  // namespace

std::size_t WeeklySchedule::index(std::chrono::weekday day, unsigned hour) noexcept {
  return static_cast<std::size_t>(day.iso_encoding() - 1) * 24 + (hour % 24);
}

void WeeklySchedule::set(std::chrono::weekday day, unsigned hour, bool alternate) noexcept {
  if (!day.ok()) return;
  bits_.set(index(day, hour), alternate);
}

bool WeeklySchedule::at(std::chrono::weekday day, unsigned hour) const noexcept {
  return day.ok() && bits_.test(index(day, hour));
}

void WeeklySchedule::set_hours(std::chrono::weekday day, unsigned from, unsigned to, bool alternate) noexcept {
  for (unsigned h = from; h < to && h < 24; ++h) set(day, h, alternate);
}

std::string WeeklySchedule::to_string() const {
  std::string text(Hours, '0');
  for (std::size_t i = 0; i < Hours; ++i)
    if (bits_.test(i)) text[i] = '1';
  return text;
}

std::optional<WeeklySchedule> WeeklySchedule::parse(std::string_view text) {
  if (text.size() != Hours) return std::nullopt;
  WeeklySchedule schedule;
  for (std::size_t i = 0; i < Hours; ++i) {
    if (text[i] != '0' && text[i] != '1') return std::nullopt;
    schedule.bits_.set(i, text[i] == '1');
  }
  return schedule;
}

bool alternate_active(const LimitConfig& config, local_seconds now) noexcept {
  switch (config.mode) {
    case LimitMode::Normal:
      return false;
    case LimitMode::Alternate:
      return true;
    case LimitMode::Scheduled: {
      const auto wh = week_hour(now);
      return config.schedule.at(wh.day, wh.hour);
    }
  }
  return false;
}

const LimitSet& active_limits(const LimitConfig& config, local_seconds now) noexcept {
  return alternate_active(config, now) ? config.alternate : config.normal;
}

std::optional<local_seconds> next_change(const LimitConfig& config, local_seconds now) {
  if (config.mode != LimitMode::Scheduled) return std::nullopt;
  const bool current = alternate_active(config, now);
  local_seconds hour = floor<hours>(now);
  for (std::size_t i = 0; i < WeeklySchedule::Hours; ++i) {
    hour += hours(1);
    if (alternate_active(config, hour) != current) return hour;
  }
  return std::nullopt;
}

}  // namespace wpn::transfer
