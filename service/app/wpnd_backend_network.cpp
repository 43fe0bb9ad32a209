// The network side of wpnd's IPC backend: overlay status, the host list, searches,
// browse, whois, private messages and downloads of search results, each one engine call.
// Params arrive parsed (the dispatcher refused malformed ones); the engine judges the rest.
#include "service/app/engine_answer.h"
#include "service/app/wpnd_backend.h"
#include "service/mapping/network_mapping.h"

namespace wpn::service {

namespace {

template <class T>
auto mapped(BackendDone<decltype(to_dto(std::declval<const T&>()))> done) {
  return answer_with<T>(std::move(done), [](const T& value) { return to_dto(value); });
}

template <class T>
session::Completion<T> request_id_of(BackendDone<ipc::RequestIdDto> done) {
  return answer_with<T>(std::move(done), [](const T& id) { return ipc::RequestIdDto{static_cast<std::uint64_t>(id)}; });
}

// browse.results and whois.result each read their own kind of request.
template <class Dto>
session::Completion<session::PeerAnswer> answer_of(BackendDone<Dto> done,
                                                   std::optional<Dto> (*map)(const session::PeerAnswer&),
                                                   std::string_view other) {
  return answer_with<session::PeerAnswer>(
      std::move(done), [map, other](const session::PeerAnswer& answer) -> BackendResult<Dto> {
        auto dto = map(answer);
        if (!dto)
          return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound,
                                               "request " + std::to_string(answer.id) + " is a " + std::string(other)});
        return std::move(*dto);
      });
}

ipc::ErrorInfo not_host_port(const ipc::NetworkAddParams& params) {
  return {ipc::ErrorCode::InvalidParams, "\"" + params.address + "\" is not HOST:PORT"};
}

std::uint32_t request_id(const ipc::RequestIdParams& params) { return static_cast<std::uint32_t>(params.id); }

}  // namespace

BackendResult<ipc::NetworkStatusDto> WpndBackend::network_status() { return to_dto(engine_.status()->network); }

void WpndBackend::network_hosts(BackendDone<ipc::HostListDto> done) {
  engine_.hosts(mapped<session::HostList>(std::move(done)));
}

void WpndBackend::network_add(const ipc::NetworkAddParams& params, BackendDone<ipc::HostListDto> done) {
  const auto host = to_host(params);
  if (!host) return done(tl::unexpected(not_host_port(params)));
  engine_.add_host(host->first, host->second, mapped<session::HostList>(std::move(done)));
}

void WpndBackend::network_remove(const ipc::NetworkAddParams& params, BackendDone<ipc::HostListDto> done) {
  const auto host = to_host(params);
  if (!host) return done(tl::unexpected(not_host_port(params)));
  engine_.remove_host(host->first, host->second, mapped<session::HostList>(std::move(done)));
}

void WpndBackend::network_connect_now(const ipc::NetworkAddParams& params, BackendDone<ipc::NetworkStatusDto> done) {
  const auto host = to_host(params);
  if (!host) return done(tl::unexpected(not_host_port(params)));
  engine_.connect_now(host->first, host->second, mapped<session::NetworkStatus>(std::move(done)));
}

void WpndBackend::network_import(const ipc::NetworkImportParams& params, BackendDone<ipc::HostListDto> done) {
  engine_.import_hosts(params.path, answer_with<session::HostList>(std::move(done), [](const session::HostList& list) {
                         auto dto = to_dto(list);
                         dto.added = list.added;
                         return dto;
                       }));
}

void WpndBackend::network_connect(BackendDone<ipc::NetworkStatusDto> done) {
  engine_.connect(mapped<session::NetworkStatus>(std::move(done)));
}

void WpndBackend::network_disconnect(BackendDone<ipc::NetworkStatusDto> done) {
  engine_.disconnect(mapped<session::NetworkStatus>(std::move(done)));
}

void WpndBackend::search(const ipc::SearchParams& params, BackendDone<ipc::RequestIdDto> done) {
  engine_.search(params.words, params.key, request_id_of<std::uint32_t>(std::move(done)));
}

void WpndBackend::search_results(const ipc::RequestIdParams& params, BackendDone<ipc::SearchResultsDto> done) {
  engine_.search_results(request_id(params), mapped<session::SearchResults>(std::move(done)));
}

void WpndBackend::download(const ipc::DownloadParams& params, BackendDone<ipc::RequestIdDto> done) {
  const session::DownloadRequest request{params.key, params.user, params.handle, params.file, params.name};
  engine_.download(request, request_id_of<session::TransferId>(std::move(done)));
}

void WpndBackend::browse(const ipc::PeerParams& params, BackendDone<ipc::RequestIdDto> done) {
  engine_.browse(params.user, params.handle, request_id_of<std::uint32_t>(std::move(done)));
}

void WpndBackend::browse_results(const ipc::RequestIdParams& params, BackendDone<ipc::BrowseAnswerDto> done) {
  engine_.answer(request_id(params), answer_of(std::move(done), &to_browse_dto, "whois"));
}

void WpndBackend::whois(const ipc::PeerParams& params, BackendDone<ipc::RequestIdDto> done) {
  engine_.whois(params.user, params.handle, request_id_of<std::uint32_t>(std::move(done)));
}

void WpndBackend::whois_result(const ipc::RequestIdParams& params, BackendDone<ipc::WhoisAnswerDto> done) {
  engine_.answer(request_id(params), answer_of(std::move(done), &to_whois_dto, "browse"));
}

void WpndBackend::send_pm(const ipc::PmSendParams& params, BackendDone<void> done) {
  engine_.send_pm(params.user, params.handle, params.text, answer_with(std::move(done)));
}

}  // namespace wpn::service
