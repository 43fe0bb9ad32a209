#include "service/mapping/network_mapping.h"

#include "ipc/network_params.h"
#include "ipc/schema.h"

namespace wpn::service {

namespace {

using namespace session;

ipc::BrowseFileDto to_dto(const RemoteFile& file) {
  ipc::BrowseFileDto dto;
  dto.file = file.name;
  dto.file_hex = ipc::hex_of_bytes(file.path);
  dto.key = file.key;
  dto.size = file.size;
  dto.bitrate = file.media.bitrate;
  dto.frequency = file.media.frequency;
  dto.duration = file.media.duration;
  return dto;
}

ipc::SearchResultDto to_dto(const SearchHit& hit) {
  const auto file = to_dto(hit.file);
  ipc::SearchResultDto dto;
  dto.user = hit.user;
  dto.handle = hit.handle;
  dto.file = file.file;
  dto.file_hex = file.file_hex;
  dto.key = file.key;
  dto.size = file.size;
  dto.bitrate = file.bitrate;
  dto.frequency = file.frequency;
  dto.duration = file.duration;
  dto.queue_status = hit.queue_status;
  return dto;
}

template <class Dto>
std::pair<std::string, ipc::JsonObject> named(std::string_view name, const Dto& dto) {
  return {std::string(name), ipc::to_json(dto)};
}

}  // namespace

ipc::NetworkStatusDto to_dto(const NetworkStatus& status) {
  ipc::NetworkStatusDto dto;
  dto.role = std::string(role_name(status.role));
  dto.running = status.running;
  dto.logged_in = status.logged_in;
  dto.full_name = status.full_name;
  dto.parent = status.parent;
  dto.port = status.port;
  dto.users = status.users;
  dto.shared_files = status.shared_files;
  dto.hosts = status.hosts;
  dto.skipped_frames = status.skipped_frames;
  dto.hubs_known = status.hubs_known;
  return dto;
}

ipc::HostListDto to_dto(const HostList& list) {
  ipc::HostListDto dto;
  for (const auto& entry : list.hosts) dto.hosts.push_back({entry.type, entry.address, entry.port});
  dto.file = list.file;
  return dto;
}

std::optional<std::pair<HostType, Endpoint>> to_host(const ipc::NetworkAddParams& params) {
  const auto endpoint = parse_endpoint(params.address);
  if (!endpoint) return std::nullopt;
  return std::pair{params.type == ipc::host_type::Cache ? HostType::Cache : HostType::Hub, *endpoint};
}

ipc::SearchResultsDto to_dto(const SearchResults& results) {
  ipc::SearchResultsDto dto;
  dto.id = results.id;
  for (const auto& hit : results.hits) dto.results.push_back(to_dto(hit));
  return dto;
}

std::optional<ipc::BrowseAnswerDto> to_browse_dto(const PeerAnswer& answer) {
  const auto* browse = std::get_if<BrowseAnswer>(&answer.answer);
  if (!browse) return std::nullopt;
  ipc::BrowseAnswerDto dto;
  dto.id = answer.id;
  dto.done = browse->done;
  dto.complete = browse->complete;
  for (const auto& file : browse->files) dto.files.push_back(to_dto(file));
  return dto;
}

std::optional<ipc::WhoisAnswerDto> to_whois_dto(const PeerAnswer& answer) {
  const auto* whois = std::get_if<WhoisAnswer>(&answer.answer);
  if (!whois) return std::nullopt;
  ipc::WhoisAnswerDto dto;
  dto.id = answer.id;
  dto.done = whois->done;
  dto.found = whois->found;
  dto.user = whois->user;
  dto.shared_files = whois->shared_files;
  dto.online_time = whois->online_time;
  dto.queue_status = whois->queue_status;
  return dto;
}

std::optional<std::pair<std::string, ipc::JsonObject>> map_network_event(const EngineEvent& event) {
  if (const auto* login = std::get_if<LoggedIn>(&event))
    return named(ipc::event::NetworkLoggedIn, ipc::LoggedInDto{login->full_name});
  if (const auto* pm = std::get_if<PmReceived>(&event))
    return named(ipc::event::NetworkPm, ipc::PmEventDto{pm->from, pm->handle, pm->text});
  if (const auto* delivered = std::get_if<PmDelivered>(&event))
    return named(ipc::event::NetworkPmDelivered, ipc::PmDeliveredDto{delivered->to, delivered->reply});
  return std::nullopt;
}

}  // namespace wpn::service
