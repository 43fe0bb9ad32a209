// The WPN network methods: params parsed with network_params.h (bad ones refused with
// invalid_params before the backend sees them), typed backend calls, DTO replies.
#include <array>
#include <utility>

#include "ipc/network_dto.h"
#include "ipc/network_params.h"
#include "ipc/schema.h"
#include "service/ipc/dispatcher.h"

namespace wpn::service {

namespace {

using ipc::Reply;

template <class T>
Reply answer(ipc::RequestId id, const BackendResult<T>& result) {
  if (!result) return Reply::failure(id, result.error().code, result.error().message);
  if constexpr (std::is_void_v<T>)
    return Reply::success(id, ipc::make_object());
  else
    return Reply::success(id, ipc::to_json(*result));
}

// Parses the params, then calls the backend with them.
template <class Params, class Call>
Reply parsed(const ipc::Request& request, ipc::ParamsResult<Params> (*parse)(const ipc::JsonObject&), Call call) {
  auto params = parse(request.params);
  if (!params) return Reply::failure(request.id, params.error().code, params.error().message);
  return answer(request.id, call(*params));
}

using NetworkHandler = Reply (*)(ServiceBackend&, const ipc::Request&);

constexpr auto NetworkHandlers = std::to_array<std::pair<std::string_view, NetworkHandler>>({
    {ipc::method::NetworkStatus,
     [](ServiceBackend& b, const ipc::Request& r) { return answer(r.id, b.network_status()); }},
    {ipc::method::NetworkHosts,
     [](ServiceBackend& b, const ipc::Request& r) { return answer(r.id, b.network_hosts()); }},
    {ipc::method::NetworkConnect,
     [](ServiceBackend& b, const ipc::Request& r) { return answer(r.id, b.network_connect()); }},
    {ipc::method::NetworkDisconnect,
     [](ServiceBackend& b, const ipc::Request& r) { return answer(r.id, b.network_disconnect()); }},
    {ipc::method::NetworkAdd,
     [](ServiceBackend& b,
        const ipc::Request&
            r) { return parsed(r, &ipc::parse_network_add, [&](const auto& p) { return b.network_add(p); }); }},
    {ipc::method::NetworkImport,
     [](ServiceBackend& b,
        const ipc::Request&
            r) { return parsed(r, &ipc::parse_network_import, [&](const auto& p) { return b.network_import(p); }); }},
    {ipc::method::Search,
     [](ServiceBackend& b,
        const ipc::Request& r) { return parsed(r, &ipc::parse_search, [&](const auto& p) { return b.search(p); }); }},
    {ipc::method::SearchResults,
     [](ServiceBackend& b,
        const ipc::Request&
            r) { return parsed(r, &ipc::parse_request_id, [&](const auto& p) { return b.search_results(p); }); }},
    {ipc::method::Download,
     [](ServiceBackend& b,
        const ipc::Request&
            r) { return parsed(r, &ipc::parse_download, [&](const auto& p) { return b.download(p); }); }},
    {ipc::method::Browse,
     [](ServiceBackend& b,
        const ipc::Request& r) { return parsed(r, &ipc::parse_peer, [&](const auto& p) { return b.browse(p); }); }},
    {ipc::method::BrowseResults,
     [](ServiceBackend& b,
        const ipc::Request&
            r) { return parsed(r, &ipc::parse_request_id, [&](const auto& p) { return b.browse_results(p); }); }},
    {ipc::method::Whois,
     [](ServiceBackend& b,
        const ipc::Request& r) { return parsed(r, &ipc::parse_peer, [&](const auto& p) { return b.whois(p); }); }},
    {ipc::method::WhoisResult,
     [](ServiceBackend& b,
        const ipc::Request&
            r) { return parsed(r, &ipc::parse_request_id, [&](const auto& p) { return b.whois_result(p); }); }},
    {ipc::method::PmSend,
     [](ServiceBackend& b,
        const ipc::Request& r) { return parsed(r, &ipc::parse_pm_send, [&](const auto& p) { return b.send_pm(p); }); }},
});

}  // namespace

std::optional<Reply> Dispatcher::network(const ipc::Request& request) {
  for (const auto& [name, handler] : NetworkHandlers)
    if (name == request.method) return handler(backend_, request);
  return std::nullopt;
}

}  // namespace wpn::service
