#include "service/app/share_mapping.h"

#include <type_traits>

namespace wpn::service {

namespace {

ipc::JsonObject map(const share::ScanStarted& e) {
  auto data = ipc::make_object();
  data->set("root", e.root);
  data->set("folder", e.folder);
  return data;
}

ipc::JsonObject map(const share::ScanProgress& e) {
  auto data = ipc::make_object();
  data->set("root", e.root);
  data->set("folders_seen", e.folders_seen);
  data->set("files_seen", e.files_seen);
  data->set("files_queued", e.files_queued);
  return data;
}

ipc::JsonObject map(const share::ScanFinished& e) {
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

ipc::JsonObject map(const share::HashProgress& e) {
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

template <class FileEvent>
ipc::JsonObject map_file(const FileEvent& e) {
  auto data = ipc::make_object();
  data->set("id", static_cast<Poco::Int64>(e.id));
  data->set("name", e.name);
  if constexpr (requires { e.root_id; e.key; }) {
    data->set("root_id", static_cast<Poco::Int64>(e.root_id));
    data->set("key", e.key.hex());
  }
  return data;
}

ipc::JsonObject map(const share::FileRefused& e) {
  auto data = ipc::make_object();
  data->set("path", e.path);
  data->set("reason", e.reason);
  return data;
}

ipc::JsonObject map(const share::WatcherState& e) {
  auto data = ipc::make_object();
  data->set("root", e.root);
  data->set("state", std::string(watch_state_name(e.state)));
  data->set("reason", e.reason);
  return data;
}

}  // namespace

std::string_view watch_state_name(share::WatchState state) noexcept {
  return state == share::WatchState::Active ? "active" : "degraded";
}

std::pair<std::string, ipc::JsonObject> map_share_event(const share::ShareEvent& event) {
  return std::visit(
      [](const auto& e) -> std::pair<std::string, ipc::JsonObject> {
        using E = std::remove_cvref_t<decltype(e)>;
        if constexpr (std::is_same_v<E, share::ScanStarted>) return {"shares.scan_started", map(e)};
        else if constexpr (std::is_same_v<E, share::ScanProgress>) return {"shares.scan_progress", map(e)};
        else if constexpr (std::is_same_v<E, share::ScanFinished>) return {"shares.scan_finished", map(e)};
        else if constexpr (std::is_same_v<E, share::HashProgress>) return {"shares.hash_progress", map(e)};
        else if constexpr (std::is_same_v<E, share::FileAdded>) return {"shares.file_added", map_file(e)};
        else if constexpr (std::is_same_v<E, share::FileChanged>) return {"shares.file_changed", map_file(e)};
        else if constexpr (std::is_same_v<E, share::FileRemoved>) return {"shares.file_removed", map_file(e)};
        else if constexpr (std::is_same_v<E, share::FileRefused>) return {"shares.file_refused", map(e)};
        else return {"shares.watch", map(e)};
      },
      event);
}

ipc::SharedFileDto to_shared_file(const share::FileRecord& record, const share::NameEncoder& encoder) {
  ipc::SharedFileDto file;
  file.id = record.id;
  file.root_id = record.root_id;
  file.path = record.local_path;
  file.name = encoder.to_utf8(record.announced_name());
  file.size = record.size;
  file.key = record.key ? record.key->hex() : std::string();
  file.bitrate = record.media.bitrate;
  file.frequency = record.media.frequency;
  file.duration = record.media.duration;
  return file;
}

}  // namespace wpn::service
