#pragma once
// Human-readable sizes, speeds and durations for the tray's texts (binary units, one decimal).

#include <cstdint>
#include <string>

namespace wpn::tray {

std::string format_bytes(std::uint64_t bytes);       // "0 B", "512 B", "1.5 KiB", "3.2 GiB" (tenths truncated)
std::string format_rate(std::uint64_t bytes_per_s);  // "1.5 KiB/s"
std::string format_duration(std::uint64_t seconds);  // "45 s", "3 min 20 s", "2 h 05 min", "3 d 4 h"
// Percent of done/size, 0..100; 0 when the size is unknown.
int percent_of(std::uint64_t done, std::uint64_t size);
// "#####-----" of `width` cells and the percent: a progress bar that fits a list cell.
std::string progress_text(std::uint64_t done, std::uint64_t size, int width = 10);
// "Music\Album\01 Song.mp3" -> "01 Song.mp3": announced names use '\' separators.
std::string leaf_name(const std::string& name);
// A hub's load: "Secondaries: 3 of 200 (1 % full)"; without a limit (0) just the count.
std::string hub_load_text(std::uint64_t secondaries, std::uint64_t limit);
// Why a transfer waits, for people: "no_free_slot" -> "waiting for a free upload slot".
std::string wait_reason_text(const std::string& reason);

}  // namespace wpn::tray
