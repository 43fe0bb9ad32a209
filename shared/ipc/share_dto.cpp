#include "ipc/share_dto.h"

#include "ipc/dto_fields.h"

namespace wpn::ipc {

namespace {

constexpr auto RootFields = std::to_array<DtoField<ShareRootDto>>({
    {"id", &ShareRootDto::id},
    {"path", &ShareRootDto::path},
    {"name", &ShareRootDto::name},
    {"enabled", &ShareRootDto::enabled},
    {"files", &ShareRootDto::files},
    {"files_hashed", &ShareRootDto::files_hashed},
    {"bytes", &ShareRootDto::bytes},
    {"scanning", &ShareRootDto::scanning},
    {"watch", &ShareRootDto::watch},
    {"watch_reason", &ShareRootDto::watch_reason},
    {"error", &ShareRootDto::error},
});

constexpr auto ProgressFields = std::to_array<DtoField<ShareProgressDto>>({
    {"scanning", &ShareProgressDto::scanning},
    {"folders_seen", &ShareProgressDto::folders_seen},
    {"files_seen", &ShareProgressDto::files_seen},
    {"files_queued", &ShareProgressDto::files_queued},
    {"hashing", &ShareProgressDto::hashing},
    {"hash_files_done", &ShareProgressDto::hash_files_done},
    {"hash_files_total", &ShareProgressDto::hash_files_total},
    {"hash_bytes_done", &ShareProgressDto::hash_bytes_done},
    {"hash_bytes_total", &ShareProgressDto::hash_bytes_total},
    {"hash_bytes_per_s", &ShareProgressDto::hash_bytes_per_s},
    {"hash_eta_s", &ShareProgressDto::hash_eta_s},
    {"hash_paused", &ShareProgressDto::hash_paused},
});

constexpr auto FileFields = std::to_array<DtoField<SharedFileDto>>({
    {"id", &SharedFileDto::id},
    {"root_id", &SharedFileDto::root_id},
    {"path", &SharedFileDto::path},
    {"name", &SharedFileDto::name},
    {"size", &SharedFileDto::size},
    {"key", &SharedFileDto::key},
    {"bitrate", &SharedFileDto::bitrate},
    {"frequency", &SharedFileDto::frequency},
    {"duration", &SharedFileDto::duration},
});

template <class T, std::size_t N>
T read_dto(const JsonObject& object, const std::array<DtoField<T>, N>& fields) {
  T value;
  read_fields(value, object, fields);
  return value;
}

}  // namespace

JsonObject to_json(const ShareRootDto& root) { return fields_to_json(root, RootFields); }
ShareRootDto share_root_from_json(const JsonObject& object) { return read_dto(object, RootFields); }
JsonObject to_json(const ShareProgressDto& progress) { return fields_to_json(progress, ProgressFields); }
ShareProgressDto share_progress_from_json(const JsonObject& object) { return read_dto(object, ProgressFields); }
JsonObject to_json(const SharedFileDto& file) { return fields_to_json(file, FileFields); }
SharedFileDto shared_file_from_json(const JsonObject& object) { return read_dto(object, FileFields); }

JsonObject to_json(const FilePageDto& page) {
  auto object = make_object();
  object->set("total", page.total);
  object->set("offset", page.offset);
  auto files = make_array();
  for (const auto& file : page.files) files->add(to_json(file));
  object->set("files", files);
  return object;
}

FilePageDto file_page_from_json(const JsonObject& object) {
  FilePageDto page;
  page.total = get_uint(object, "total").value_or(0);
  page.offset = get_uint(object, "offset").value_or(0);
  if (const auto files = get_array(object, "files"); !files.isNull()) {
    for (std::size_t i = 0; i < files->size(); ++i)
      if (const auto file = as_object(files->get(static_cast<unsigned>(i))); !file.isNull())
        page.files.push_back(shared_file_from_json(file));
  }
  return page;
}

JsonArray to_json(const std::vector<ShareRootDto>& roots) {
  auto array = make_array();
  for (const auto& root : roots) array->add(to_json(root));
  return array;
}

std::vector<ShareRootDto> share_roots_from_json(const JsonArray& array) {
  std::vector<ShareRootDto> roots;
  if (array.isNull()) return roots;
  for (std::size_t i = 0; i < array->size(); ++i)
    if (const auto root = as_object(array->get(static_cast<unsigned>(i))); !root.isNull())
      roots.push_back(share_root_from_json(root));
  return roots;
}

}  // namespace wpn::ipc
