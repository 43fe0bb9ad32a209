#pragma once
// Normal and alternate limits (rates and upload slots), and which set is in
// force: always the normal set, always the alternate set, or by a weekly
// schedule of hours (product-research.md §3.1 "scheduled alternate limits").
// Pure: the caller passes local time in.

#include <bitset>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "transfer/bandwidth_limiter.h"

namespace wpn::transfer {

struct LimitSet {
  RateLimits rates;
  std::uint32_t upload_slots = 3;

  friend bool operator==(const LimitSet&, const LimitSet&) = default;
};

// One bit per hour of the week: set = the alternate limits apply.
class WeeklySchedule {
 public:
  static constexpr std::size_t Hours = 7 * 24;

  void set(std::chrono::weekday day, unsigned hour, bool alternate) noexcept;
  bool at(std::chrono::weekday day, unsigned hour) const noexcept;
  // Sets hours [from, to) of one day; to may be 24.
  void set_hours(std::chrono::weekday day, unsigned from, unsigned to, bool alternate) noexcept;

  // 168 characters '0'/'1', Monday 00:00 first (the config file form).
  std::string to_string() const;
  static std::optional<WeeklySchedule> parse(std::string_view text);

  friend bool operator==(const WeeklySchedule&, const WeeklySchedule&) = default;

 private:
  static std::size_t index(std::chrono::weekday day, unsigned hour) noexcept;
  std::bitset<Hours> bits_;
};

enum class LimitMode {
  Scheduled,  // the schedule decides
  Normal,     // the owner chose the normal set
  Alternate,  // the owner chose the alternate set ("turtle mode")
};

struct LimitConfig {
  LimitSet normal;
  LimitSet alternate;
  WeeklySchedule schedule;
  LimitMode mode = LimitMode::Scheduled;
};

bool alternate_active(const LimitConfig& config, std::chrono::local_seconds now) noexcept;
const LimitSet& active_limits(const LimitConfig& config, std::chrono::local_seconds now) noexcept;
// The next full hour at which the answer changes; nullopt when it never does.
std::optional<std::chrono::local_seconds> next_change(const LimitConfig& config, std::chrono::local_seconds now);

}  // namespace wpn::transfer
