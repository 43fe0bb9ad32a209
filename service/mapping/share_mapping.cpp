#include "service/mapping/share_mapping.h"

#include <type_traits>

#include "ipc/schema.h"
#include "ipc/share_event_dto.h"

namespace wpn::service {

namespace {

using namespace session;

ipc::ScanStartedDto to_dto(const ScanStarted& e) { return {e.root, e.folder}; }

ipc::ScanProgressDto to_dto(const ScanProgressed& e) { return {e.root, e.folders_seen, e.files_seen, e.files_queued}; }

std::uint64_t non_negative(std::int64_t count) { return count > 0 ? static_cast<std::uint64_t>(count) : 0; }

ipc::ScanFinishedDto to_dto(const ScanFinished& e) {
  return {e.root, e.folder, e.files_seen, e.queued, e.removed, e.refused, non_negative(e.duration.count()), e.error};
}

ipc::HashProgressDto to_dto(const HashProgressed& e) {
  return {e.files_done, e.files_total, e.bytes_done, e.bytes_total, e.bytes_per_s, non_negative(e.eta.count()),
          e.paused};
}

ipc::FileRefusedDto to_dto(const SharedFileRefused& e) { return {e.path, e.reason}; }

ipc::WatchEventDto to_dto(const WatchChanged& e) { return {e.root, std::string(watch_state_name(e.state)), e.reason}; }

template <class Dto>
std::pair<std::string, ipc::JsonObject> named(std::string_view name, const Dto& dto) {
  return {std::string(name), ipc::to_json(dto)};
}

// A removed file has no root or key left to name.
std::pair<std::string, ipc::JsonObject> file_event(const SharedFileChanged& e) {
  switch (e.change) {
    case FileChange::Added:
      return named(ipc::event::SharesFileAdded, ipc::ShareFileEventDto{e.id, e.name, e.root_id, e.key});
    case FileChange::Changed:
      return named(ipc::event::SharesFileChanged, ipc::ShareFileEventDto{e.id, e.name, e.root_id, e.key});
    case FileChange::Removed:
      break;
  }
  return named(ipc::event::SharesFileRemoved, ipc::FileRemovedDto{e.id, e.name});
}

}  // namespace

std::string_view watch_state_name(WatchMode mode) noexcept {
  switch (mode) {
    case WatchMode::Active:
      return "active";
    case WatchMode::Degraded:
      return "degraded";
    case WatchMode::Off:
      break;
  }
  return "off";
}

std::optional<std::pair<std::string, ipc::JsonObject>> map_share_event(const EngineEvent& event) {
  return std::visit(
      [](const auto& e) -> std::optional<std::pair<std::string, ipc::JsonObject>> {
        using E = std::remove_cvref_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ScanStarted>)
          return named(ipc::event::SharesScanStarted, to_dto(e));
        else if constexpr (std::is_same_v<E, ScanProgressed>)
          return named(ipc::event::SharesScanProgress, to_dto(e));
        else if constexpr (std::is_same_v<E, ScanFinished>)
          return named(ipc::event::SharesScanFinished, to_dto(e));
        else if constexpr (std::is_same_v<E, HashProgressed>)
          return named(ipc::event::SharesHashProgress, to_dto(e));
        else if constexpr (std::is_same_v<E, SharedFileChanged>)
          return file_event(e);
        else if constexpr (std::is_same_v<E, SharedFileRefused>)
          return named(ipc::event::SharesFileRefused, to_dto(e));
        else if constexpr (std::is_same_v<E, WatchChanged>)
          return named(ipc::event::SharesWatch, to_dto(e));
        else if constexpr (std::is_same_v<E, RootsChanged>)
          return named(ipc::event::SharesRootsChanged, ipc::RootsChangedDto{to_dto(e.roots)});
        else
          return std::nullopt;
      },
      event);
}

ipc::ShareRootDto to_dto(const ShareRootStatus& status) {
  ipc::ShareRootDto root;
  root.id = status.id;
  root.path = status.path;
  root.name = status.name;
  root.enabled = status.enabled;
  root.scanning = status.scanning;
  root.watch = std::string(watch_state_name(status.watch));
  root.watch_reason = status.watch_reason;
  root.error = status.error;
  root.files = status.files;
  root.files_hashed = status.files_hashed;
  root.bytes = status.bytes;
  return root;
}

std::vector<ipc::ShareRootDto> to_dto(const std::vector<ShareRootStatus>& roots) {
  std::vector<ipc::ShareRootDto> out;
  for (const auto& root : roots) out.push_back(to_dto(root));
  return out;
}

ipc::ShareProgressDto to_dto(const ShareProgress& p) {
  ipc::ShareProgressDto progress;
  progress.scanning = p.scanning;
  progress.folders_seen = p.folders_seen;
  progress.files_seen = p.files_seen;
  progress.files_queued = p.files_queued;
  progress.hashing = p.hashing;
  progress.hash_files_done = p.hash_files_done;
  progress.hash_files_total = p.hash_files_total;
  progress.hash_bytes_done = p.hash_bytes_done;
  progress.hash_bytes_total = p.hash_bytes_total;
  progress.hash_bytes_per_s = p.hash_bytes_per_s;
  progress.hash_eta_s = p.hash_eta_s;
  progress.hash_paused = p.hash_paused;
  return progress;
}

ipc::SharedFileDto to_dto(const SharedFile& record) {
  ipc::SharedFileDto file;
  file.id = record.id;
  file.root_id = record.root_id;
  file.path = record.path;
  file.name = record.name;
  file.size = record.size;
  file.key = record.key;
  file.bitrate = record.media.bitrate;
  file.frequency = record.media.frequency;
  file.duration = record.media.duration;
  return file;
}

ipc::FilePageDto to_dto(const FilePage& page) {
  ipc::FilePageDto dto;
  dto.total = page.total;
  dto.offset = page.offset;
  for (const auto& file : page.files) dto.files.push_back(to_dto(file));
  return dto;
}

FileQuery to_query(const ipc::SharesFilesParams& params) {
  FileQuery query;
  query.root = params.root.path;
  query.root_id = params.root.id;
  query.after = static_cast<std::int64_t>(params.after);
  query.offset = params.offset;
  query.limit = params.limit;
  return query;
}

}  // namespace wpn::service
