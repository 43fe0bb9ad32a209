#include "ipc/status_dto.h"

#include "ipc/dto_fields.h"

namespace wpn::ipc {

namespace {

constexpr auto Fields = std::to_array<DtoField<StatusDto>>({
    {"version", &StatusDto::version},
    {"role", &StatusDto::role},
    {"name", &StatusDto::name},
    {"instance", &StatusDto::instance},
    {"pid", &StatusDto::pid},
    {"uptime_s", &StatusDto::uptime_s},
    {"connected", &StatusDto::connected},
    {"shares", &StatusDto::shares},
    {"files_shared", &StatusDto::files_shared},
    {"files_hashed", &StatusDto::files_hashed},
    {"files_total", &StatusDto::files_total},
    {"bytes_shared", &StatusDto::bytes_shared},
    {"bytes_to_hash", &StatusDto::bytes_to_hash},
    {"hashing", &StatusDto::hashing},
    {"uploads_active", &StatusDto::uploads_active},
    {"upload_slots", &StatusDto::upload_slots},
    {"queue_length", &StatusDto::queue_length},
    {"downloads_active", &StatusDto::downloads_active},
});

}  // namespace

JsonObject to_json(const StatusDto& status) { return fields_to_json(status, Fields); }

StatusDto status_from_json(const JsonObject& object) {
  StatusDto status;
  read_fields(status, object, Fields);
  return status;
}

}  // namespace wpn::ipc
