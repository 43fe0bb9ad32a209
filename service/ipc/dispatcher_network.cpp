// The WPN network methods: params parsed with network_params.h (bad ones refused with
// invalid_params before the backend sees them), typed backend calls, DTO replies.
#include <array>
#include <utility>

#include "ipc/network_dto.h"
#include "ipc/network_params.h"
#include "ipc/schema.h"
#include "service/ipc/dispatcher.h"
#include "service/ipc/dispatcher_replies.h"

namespace wpn::service {

namespace {

using ipc::Reply;

// Parses the params, then hands them to the backend with the BackendDone that replies.
template <class Dto, class Params>
void parsed(const ipc::Request& request, const ReplyFn& reply,
            ipc::ParamsResult<Params> (*parse)(const ipc::JsonObject&),
            void (ServiceBackend::*method)(const Params&, BackendDone<Dto>), ServiceBackend& backend) {
  auto params = parse(request.params);
  if (!params) return reply(invalid_reply(request.id, params.error()));
  (backend.*method)(*params, reply_to<Dto>(request.id, reply));
}

template <class Dto>
void plain(const ipc::Request& request, const ReplyFn& reply, void (ServiceBackend::*method)(BackendDone<Dto>),
           ServiceBackend& backend) {
  (backend.*method)(reply_to<Dto>(request.id, reply));
}

using NetworkHandler = void (*)(ServiceBackend&, const ipc::Request&, const ReplyFn&);
using B = ServiceBackend;

constexpr auto NetworkHandlers = std::to_array<std::pair<std::string_view, NetworkHandler>>({
    {ipc::method::NetworkStatus,
     [](B& b, const ipc::Request& r, const ReplyFn& reply) { reply(reply_of(r.id, b.network_status())); }},
    {ipc::method::NetworkHosts,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { plain(r, f, &B::network_hosts, b); }},
    {ipc::method::NetworkConnect,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { plain(r, f, &B::network_connect, b); }},
    {ipc::method::NetworkDisconnect,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { plain(r, f, &B::network_disconnect, b); }},
    {ipc::method::NetworkAdd,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { parsed(r, f, &ipc::parse_network_add, &B::network_add, b); }},
    {ipc::method::NetworkRemove,
     [](B& b, const ipc::Request& r,
        const ReplyFn& f) { parsed(r, f, &ipc::parse_network_add, &B::network_remove, b); }},
    {ipc::method::NetworkConnectNow,
     [](B& b, const ipc::Request& r,
        const ReplyFn& f) { parsed(r, f, &ipc::parse_network_add, &B::network_connect_now, b); }},
    {ipc::method::NetworkImport,
     [](B& b, const ipc::Request& r,
        const ReplyFn& f) { parsed(r, f, &ipc::parse_network_import, &B::network_import, b); }},
    {ipc::method::Search,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { parsed(r, f, &ipc::parse_search, &B::search, b); }},
    {ipc::method::SearchResults, [](B& b, const ipc::Request& r,
                                    const ReplyFn& f) { parsed(r, f, &ipc::parse_request_id, &B::search_results, b); }},
    {ipc::method::Download,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { parsed(r, f, &ipc::parse_download, &B::download, b); }},
    {ipc::method::Browse,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { parsed(r, f, &ipc::parse_peer, &B::browse, b); }},
    {ipc::method::BrowseResults, [](B& b, const ipc::Request& r,
                                    const ReplyFn& f) { parsed(r, f, &ipc::parse_request_id, &B::browse_results, b); }},
    {ipc::method::Whois,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { parsed(r, f, &ipc::parse_peer, &B::whois, b); }},
    {ipc::method::WhoisResult,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { parsed(r, f, &ipc::parse_request_id, &B::whois_result, b); }},
    {ipc::method::PmSend,
     [](B& b, const ipc::Request& r, const ReplyFn& f) { parsed(r, f, &ipc::parse_pm_send, &B::send_pm, b); }},
});

}  // namespace

bool Dispatcher::network(const ipc::Request& request, const ReplyFn& reply) {
  for (const auto& [name, handler] : NetworkHandlers)
    if (name == request.method) {
      handler(backend_, request, reply);
      return true;
    }
  return false;
}

}  // namespace wpn::service
