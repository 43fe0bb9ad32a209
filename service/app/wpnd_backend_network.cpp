// The network side of wpnd's IPC backend: overlay status, the host list, searches,
// browse, whois, private messages and downloads of search results, each one engine call.
// Params arrive parsed (the dispatcher refused malformed ones); the engine judges the rest.
#include "service/app/engine_call.h"
#include "service/app/wpnd_backend.h"
#include "service/mapping/network_mapping.h"

namespace wpn::service {

namespace {

template <class T>
auto as_dto(BackendResult<T> result) -> BackendResult<decltype(to_dto(*result))> {
  if (!result) return tl::unexpected(std::move(result.error()));
  return to_dto(*result);
}

template <class T>
BackendResult<ipc::RequestIdDto> as_request_id(const BackendResult<T>& result) {
  if (!result) return tl::unexpected(result.error());
  return ipc::RequestIdDto{static_cast<std::uint64_t>(*result)};
}

// browse.results and whois.result each read their own kind of request.
template <class Dto>
BackendResult<Dto> answer_of(const BackendResult<session::PeerAnswer>& answer,
                             std::optional<Dto> (*map)(const session::PeerAnswer&), std::string_view other) {
  if (!answer) return tl::unexpected(answer.error());
  auto dto = map(*answer);
  if (!dto)
    return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound,
                                         "request " + std::to_string(answer->id) + " is a " + std::string(other)});
  return std::move(*dto);
}

std::uint32_t request_id(const ipc::RequestIdParams& params) { return static_cast<std::uint32_t>(params.id); }

}  // namespace

BackendResult<ipc::NetworkStatusDto> WpndBackend::network_status() { return to_dto(engine_.status()->network); }

BackendResult<ipc::HostListDto> WpndBackend::network_hosts() {
  return as_dto(engine_call<session::HostList>([&](auto done) { engine_.hosts(std::move(done)); }));
}

BackendResult<ipc::HostListDto> WpndBackend::network_add(const ipc::NetworkAddParams& params) {
  const auto endpoint = session::parse_endpoint(params.address);
  if (!endpoint)
    return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "\"" + params.address + "\" is not HOST:PORT"});
  const auto type = params.type == ipc::host_type::Cache ? session::HostType::Cache : session::HostType::Hub;
  return as_dto(engine_call<session::HostList>([&](auto done) { engine_.add_host(type, *endpoint, std::move(done)); }));
}

BackendResult<ipc::HostListDto> WpndBackend::network_import(const ipc::NetworkImportParams& params) {
  auto list = engine_call<session::HostList>([&](auto done) { engine_.import_hosts(params.path, std::move(done)); });
  if (!list) return tl::unexpected(list.error());
  auto dto = to_dto(*list);
  dto.added = list->added;
  return dto;
}

BackendResult<ipc::NetworkStatusDto> WpndBackend::network_connect() {
  return as_dto(engine_call<session::NetworkStatus>([&](auto done) { engine_.connect(std::move(done)); }));
}

BackendResult<ipc::NetworkStatusDto> WpndBackend::network_disconnect() {
  return as_dto(engine_call<session::NetworkStatus>([&](auto done) { engine_.disconnect(std::move(done)); }));
}

BackendResult<ipc::RequestIdDto> WpndBackend::search(const ipc::SearchParams& params) {
  return as_request_id(
      engine_call<std::uint32_t>([&](auto done) { engine_.search(params.words, params.key, std::move(done)); }));
}

BackendResult<ipc::SearchResultsDto> WpndBackend::search_results(const ipc::RequestIdParams& params) {
  return as_dto(engine_call<session::SearchResults>(
      [&](auto done) { engine_.search_results(request_id(params), std::move(done)); }));
}

BackendResult<ipc::RequestIdDto> WpndBackend::download(const ipc::DownloadParams& params) {
  const session::DownloadRequest request{params.key, params.user, params.handle, params.file, params.name};
  return as_request_id(
      engine_call<session::TransferId>([&](auto done) { engine_.download(request, std::move(done)); }));
}

BackendResult<ipc::RequestIdDto> WpndBackend::browse(const ipc::PeerParams& params) {
  return as_request_id(
      engine_call<std::uint32_t>([&](auto done) { engine_.browse(params.user, params.handle, std::move(done)); }));
}

BackendResult<ipc::BrowseAnswerDto> WpndBackend::browse_results(const ipc::RequestIdParams& params) {
  return answer_of(
      engine_call<session::PeerAnswer>([&](auto done) { engine_.answer(request_id(params), std::move(done)); }),
      &to_browse_dto, "whois");
}

BackendResult<ipc::RequestIdDto> WpndBackend::whois(const ipc::PeerParams& params) {
  return as_request_id(
      engine_call<std::uint32_t>([&](auto done) { engine_.whois(params.user, params.handle, std::move(done)); }));
}

BackendResult<ipc::WhoisAnswerDto> WpndBackend::whois_result(const ipc::RequestIdParams& params) {
  return answer_of(
      engine_call<session::PeerAnswer>([&](auto done) { engine_.answer(request_id(params), std::move(done)); }),
      &to_whois_dto, "browse");
}

BackendResult<void> WpndBackend::send_pm(const ipc::PmSendParams& params) {
  return engine_call<void>(
      [&](auto done) { engine_.send_pm(params.user, params.handle, params.text, std::move(done)); });
}

}  // namespace wpn::service
