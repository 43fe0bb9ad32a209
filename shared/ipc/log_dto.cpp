#include "ipc/log_dto.h"

#include "ipc/dto_fields.h"

namespace wpn::ipc {

namespace {

constexpr auto Fields = std::to_array<DtoField<LogLineDto>>({
    {"seq", &LogLineDto::seq},
    {"time", &LogLineDto::time},
    {"level", &LogLineDto::level},
    {"source", &LogLineDto::source},
    {"text", &LogLineDto::text},
});

}  // namespace

JsonObject to_json(const LogLineDto& line) { return fields_to_json(line, Fields); }

LogLineDto log_line_from_json(const JsonObject& object) {
  LogLineDto line;
  read_fields(line, object, Fields);
  return line;
}

JsonArray to_json(const std::vector<LogLineDto>& lines) {
  auto array = make_array();
  for (const auto& line : lines) array->add(to_json(line));
  return array;
}

std::vector<LogLineDto> log_lines_from_json(const JsonArray& array) {
  std::vector<LogLineDto> lines;
  if (array.isNull()) return lines;
  for (std::size_t i = 0; i < array->size(); ++i)
    if (const auto item = as_object(array->get(static_cast<unsigned>(i))); !item.isNull())
      lines.push_back(log_line_from_json(item));
  return lines;
}

}  // namespace wpn::ipc
