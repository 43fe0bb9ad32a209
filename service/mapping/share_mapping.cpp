#include "service/mapping/share_mapping.h"

#include <type_traits>

namespace wpn::service {

namespace {

using namespace session;

ipc::JsonObject map(const ScanStarted& e) {
  auto data = ipc::make_object();
  data->set("root", e.root);
  data->set("folder", e.folder);
  return data;
}

ipc::JsonObject map(const ScanProgressed& e) {
  auto data = ipc::make_object();
  data->set("root", e.root);
  data->set("folders_seen", e.folders_seen);
  data->set("files_seen", e.files_seen);
  data->set("files_queued", e.files_queued);
  return data;
}

ipc::JsonObject map(const ScanFinished& e) {
  auto data = ipc::make_object();
  data->set("root", e.root);
  data->set("folder", e.folder);
  data->set("files_seen", e.files_seen);
  data->set("queued", e.queued);
  data->set("removed", e.removed);
  data->set("refused", e.refused);
  data->set("duration_ms", static_cast<Poco::Int64>(e.duration.count()));
  data->set("error", e.error);
  return data;
}

ipc::JsonObject map(const HashProgressed& e) {
  auto data = ipc::make_object();
  data->set("files_done", e.files_done);
  data->set("files_total", e.files_total);
  data->set("bytes_done", e.bytes_done);
  data->set("bytes_total", e.bytes_total);
  data->set("bytes_per_s", e.bytes_per_s);
  data->set("eta_s", static_cast<Poco::Int64>(e.eta.count()));
  data->set("paused", e.paused);
  return data;
}

ipc::JsonObject map(const SharedFileChanged& e) {
  auto data = ipc::make_object();
  data->set("id", static_cast<Poco::Int64>(e.id));
  data->set("name", e.name);
  if (e.change != FileChange::Removed) {
    data->set("root_id", static_cast<Poco::Int64>(e.root_id));
    data->set("key", e.key);
  }
  return data;
}

ipc::JsonObject map(const SharedFileRefused& e) {
  auto data = ipc::make_object();
  data->set("path", e.path);
  data->set("reason", e.reason);
  return data;
}

ipc::JsonObject map(const WatchChanged& e) {
  auto data = ipc::make_object();
  data->set("root", e.root);
  data->set("state", std::string(watch_state_name(e.state)));
  data->set("reason", e.reason);
  return data;
}

std::string_view file_event_name(FileChange change) {
  switch (change) {
    case FileChange::Added: return "shares.file_added";
    case FileChange::Changed: return "shares.file_changed";
    case FileChange::Removed: break;
  }
  return "shares.file_removed";
}

}  // namespace

std::string_view watch_state_name(WatchMode mode) noexcept {
  switch (mode) {
    case WatchMode::Active: return "active";
    case WatchMode::Degraded: return "degraded";
    case WatchMode::Off: break;
  }
  return "off";
}

std::optional<std::pair<std::string, ipc::JsonObject>> map_share_event(const EngineEvent& event) {
  return std::visit(
      [](const auto& e) -> std::optional<std::pair<std::string, ipc::JsonObject>> {
        using E = std::remove_cvref_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ScanStarted>) return std::pair{std::string("shares.scan_started"), map(e)};
        else if constexpr (std::is_same_v<E, ScanProgressed>) return std::pair{std::string("shares.scan_progress"), map(e)};
        else if constexpr (std::is_same_v<E, ScanFinished>) return std::pair{std::string("shares.scan_finished"), map(e)};
        else if constexpr (std::is_same_v<E, HashProgressed>) return std::pair{std::string("shares.hash_progress"), map(e)};
        else if constexpr (std::is_same_v<E, SharedFileChanged>) return std::pair{std::string(file_event_name(e.change)), map(e)};
        else if constexpr (std::is_same_v<E, SharedFileRefused>) return std::pair{std::string("shares.file_refused"), map(e)};
        else if constexpr (std::is_same_v<E, WatchChanged>) return std::pair{std::string("shares.watch"), map(e)};
        else if constexpr (std::is_same_v<E, RootsChanged>) {
          auto data = ipc::make_object();
          data->set("roots", ipc::to_json(to_dto(e.roots)));
          return std::pair{std::string("shares.roots_changed"), data};
        }
        else return std::nullopt;
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
