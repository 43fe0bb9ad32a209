#include "ipc/share_event_dto.h"

namespace wpn::ipc {

namespace {

constexpr std::size_t MaxRootsRead = 1000;
constexpr std::string_view RootsKey = "roots";

constexpr auto ScanStartedFields = std::to_array<DtoField<ScanStartedDto>>({
    {"root", &ScanStartedDto::root},
    {"folder", &ScanStartedDto::folder},
});

constexpr auto ScanProgressFields = std::to_array<DtoField<ScanProgressDto>>({
    {"root", &ScanProgressDto::root},
    {"folders_seen", &ScanProgressDto::folders_seen},
    {"files_seen", &ScanProgressDto::files_seen},
    {"files_queued", &ScanProgressDto::files_queued},
});

constexpr auto ScanFinishedFields = std::to_array<DtoField<ScanFinishedDto>>({
    {"root", &ScanFinishedDto::root},
    {"folder", &ScanFinishedDto::folder},
    {"files_seen", &ScanFinishedDto::files_seen},
    {"queued", &ScanFinishedDto::queued},
    {"removed", &ScanFinishedDto::removed},
    {"refused", &ScanFinishedDto::refused},
    {"duration_ms", &ScanFinishedDto::duration_ms},
    {"error", &ScanFinishedDto::error},
});

constexpr auto HashProgressFields = std::to_array<DtoField<HashProgressDto>>({
    {"files_done", &HashProgressDto::files_done},
    {"files_total", &HashProgressDto::files_total},
    {"bytes_done", &HashProgressDto::bytes_done},
    {"bytes_total", &HashProgressDto::bytes_total},
    {"bytes_per_s", &HashProgressDto::bytes_per_s},
    {"eta_s", &HashProgressDto::eta_s},
    {"paused", &HashProgressDto::paused},
});

constexpr auto FileEventFields = std::to_array<DtoField<ShareFileEventDto>>({
    {"id", &ShareFileEventDto::id},
    {"name", &ShareFileEventDto::name},
    {"root_id", &ShareFileEventDto::root_id},
    {"key", &ShareFileEventDto::key},
});

constexpr auto FileRemovedFields = std::to_array<DtoField<FileRemovedDto>>({
    {"id", &FileRemovedDto::id},
    {"name", &FileRemovedDto::name},
});

constexpr auto FileRefusedFields = std::to_array<DtoField<FileRefusedDto>>({
    {"path", &FileRefusedDto::path},
    {"reason", &FileRefusedDto::reason},
});

constexpr auto WatchFields = std::to_array<DtoField<WatchEventDto>>({
    {"root", &WatchEventDto::root},
    {"state", &WatchEventDto::state},
    {"reason", &WatchEventDto::reason},
});

}  // namespace

JsonObject to_json(const ScanStartedDto& event) { return fields_to_json(event, ScanStartedFields); }
ScanStartedDto scan_started_from_json(const JsonObject& object) { return read_dto_fields(object, ScanStartedFields); }
JsonObject to_json(const ScanProgressDto& event) { return fields_to_json(event, ScanProgressFields); }
ScanProgressDto scan_progress_from_json(const JsonObject& object) {
  return read_dto_fields(object, ScanProgressFields);
}
JsonObject to_json(const ScanFinishedDto& event) { return fields_to_json(event, ScanFinishedFields); }
ScanFinishedDto scan_finished_from_json(const JsonObject& object) {
  return read_dto_fields(object, ScanFinishedFields);
}
JsonObject to_json(const HashProgressDto& event) { return fields_to_json(event, HashProgressFields); }
HashProgressDto hash_progress_from_json(const JsonObject& object) {
  return read_dto_fields(object, HashProgressFields);
}
JsonObject to_json(const ShareFileEventDto& event) { return fields_to_json(event, FileEventFields); }
ShareFileEventDto share_file_event_from_json(const JsonObject& object) {
  return read_dto_fields(object, FileEventFields);
}
JsonObject to_json(const FileRemovedDto& event) { return fields_to_json(event, FileRemovedFields); }
FileRemovedDto file_removed_from_json(const JsonObject& object) { return read_dto_fields(object, FileRemovedFields); }
JsonObject to_json(const FileRefusedDto& event) { return fields_to_json(event, FileRefusedFields); }
FileRefusedDto file_refused_from_json(const JsonObject& object) { return read_dto_fields(object, FileRefusedFields); }
JsonObject to_json(const WatchEventDto& event) { return fields_to_json(event, WatchFields); }
WatchEventDto watch_event_from_json(const JsonObject& object) { return read_dto_fields(object, WatchFields); }

JsonObject to_json(const RootsChangedDto& event) {
  auto object = make_object();
  object->set(std::string(RootsKey), to_json(event.roots));
  return object;
}

RootsChangedDto roots_changed_from_json(const JsonObject& object) {
  auto roots = share_roots_from_json(get_array(object, std::string(RootsKey)));
  if (roots.size() > MaxRootsRead) roots.resize(MaxRootsRead);
  return RootsChangedDto{std::move(roots)};
}

std::vector<DtoSchema> share_event_dto_schemas() {
  return {
      {"ScanStartedDto", field_keys(ScanStartedFields)},
      {"ScanProgressDto", field_keys(ScanProgressFields)},
      {"ScanFinishedDto", field_keys(ScanFinishedFields)},
      {"HashProgressDto", field_keys(HashProgressFields)},
      {"ShareFileEventDto", field_keys(FileEventFields)},
      {"FileRemovedDto", field_keys(FileRemovedFields)},
      {"FileRefusedDto", field_keys(FileRefusedFields)},
      {"WatchEventDto", field_keys(WatchFields)},
      {"RootsChangedDto", {RootsKey}},
  };
}

}  // namespace wpn::ipc
