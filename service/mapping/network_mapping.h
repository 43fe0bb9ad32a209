#pragma once
// Network values -> the network DTOs (shared/ipc/network_dto.h) answered by the network
// methods, and the "network.*" events' names and payloads.

#include <optional>
#include <string>
#include <utility>

#include "ipc/network_dto.h"
#include "ipc/network_params.h"
#include "json/json_value.h"
#include "session/endpoint.h"
#include "session/engine_events.h"

namespace wpn::service {

ipc::NetworkStatusDto to_dto(const session::NetworkStatus& status);
// `added` stays unset: only network.import reports it (the backend sets it there).
ipc::HostListDto to_dto(const session::HostList& list);
ipc::SearchResultsDto to_dto(const session::SearchResults& results);
// nullopt when the id answered the other kind of request (a whois read as a browse).
std::optional<ipc::BrowseAnswerDto> to_browse_dto(const session::PeerAnswer& answer);
std::optional<ipc::WhoisAnswerDto> to_whois_dto(const session::PeerAnswer& answer);

// The type and address of network.add, .remove and .connect_now; nullopt when the address
// is not HOST:PORT.
std::optional<std::pair<session::HostType, session::Endpoint>> to_host(const ipc::NetworkAddParams& params);

std::optional<std::pair<std::string, ipc::JsonObject>> map_network_event(const session::EngineEvent& event);

}  // namespace wpn::service
