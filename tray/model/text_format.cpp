#include "model/text_format.h"

#include <array>
#include <cstdio>
#include <string_view>

namespace wpn::tray {

std::string format_bytes(std::uint64_t bytes) {
  static constexpr std::array<const char*, 7> Units{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  unsigned unit = 1;
  while (unit + 1 < Units.size() && (bytes >> (10 * (unit + 1))) > 0) ++unit;
  // Whole units and truncated tenths in integers: no floating-point rounding in the text.
  const unsigned shift = 10 * unit;
  const std::uint64_t whole = bytes >> shift;
  const std::uint64_t rest = bytes - (whole << shift);
  const std::uint64_t tenth = (rest * 10) >> shift;  // rest < 2^60: no overflow
  char text[48];
  std::snprintf(text, sizeof text, "%llu.%llu %s", static_cast<unsigned long long>(whole),
                static_cast<unsigned long long>(tenth), Units[unit]);
  return text;
}

std::string format_rate(std::uint64_t bytes_per_s) { return format_bytes(bytes_per_s) + "/s"; }

std::string format_duration(std::uint64_t seconds) {
  char text[48];
  if (seconds < 60) {
    std::snprintf(text, sizeof text, "%llu s", static_cast<unsigned long long>(seconds));
  } else if (seconds < 3600) {
    std::snprintf(text, sizeof text, "%llu min %llu s", static_cast<unsigned long long>(seconds / 60),
                  static_cast<unsigned long long>(seconds % 60));
  } else if (seconds < 86400) {
    std::snprintf(text, sizeof text, "%llu h %02llu min", static_cast<unsigned long long>(seconds / 3600),
                  static_cast<unsigned long long>(seconds % 3600 / 60));
  } else {
    std::snprintf(text, sizeof text, "%llu d %llu h", static_cast<unsigned long long>(seconds / 86400),
                  static_cast<unsigned long long>(seconds % 86400 / 3600));
  }
  return text;
}

int percent_of(std::uint64_t done, std::uint64_t size) {
  if (size == 0) return 0;
  if (done >= size) return 100;
  // 128-bit product: exact for sizes in the exabytes.
  __extension__ using Wide = unsigned __int128;
  return static_cast<int>(Wide{done} * 100 / size);
}

std::string progress_text(std::uint64_t done, std::uint64_t size, int width) {
  const int percent = percent_of(done, size);
  const int filled = percent * width / 100;
  std::string bar;
  for (int i = 0; i < width; ++i) bar += i < filled ? "\u2588" : "\u2591";
  return bar + " " + std::to_string(percent) + " %";
}

std::string leaf_name(const std::string& name) {
  const auto slash = name.find_last_of("\\/");
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::string wait_reason_text(const std::string& reason) {
  struct Text {
    std::string_view code;
    std::string_view text;
  };
  static constexpr std::array<Text, 7> Texts{{
      {"no_free_slot", "waiting for a free slot"},
      {"per_user_limit", "the user's per-user limit is reached"},
      {"banned", "the user is banned"},
      {"bandwidth", "held back by the bandwidth limit"},
      {"remote_queue", "queued at the source"},
      {"retry_wait", "waiting to ask the sources again"},
      {"no_source", "no source online"},
  }};
  for (const auto& entry : Texts)
    if (entry.code == reason) return std::string(entry.text);
  return reason;  // a reason newer than this tray: show its code
}

std::string hub_load_text(std::uint64_t secondaries, std::uint64_t limit) {
  std::string text = "Secondaries: " + std::to_string(secondaries);
  if (limit > 0)
    text += " of " + std::to_string(limit) + " (" + std::to_string(percent_of(secondaries, limit)) + " % full)";
  return text;
}

}  // namespace wpn::tray
