#pragma once
// One line of the service's recent log ("logs.recent", event "logs.line").

#include <cstdint>
#include <string>
#include <vector>

#include "json/json_value.h"

namespace wpn::ipc {

struct LogLineDto {
  std::uint64_t seq = 0;  // numbers the lines of one service run, from 1
  std::string time;       // ISO 8601, UTC, milliseconds
  std::string level;      // trace | debug | information | notice | warning | error | critical | fatal
  std::string source;     // logger name, e.g. wpn.share
  std::string text;

  friend bool operator==(const LogLineDto&, const LogLineDto&) = default;
};

JsonObject to_json(const LogLineDto& line);
LogLineDto log_line_from_json(const JsonObject& object);
JsonArray to_json(const std::vector<LogLineDto>& lines);
std::vector<LogLineDto> log_lines_from_json(const JsonArray& array);

}  // namespace wpn::ipc
