#pragma once
// Network values -> the network methods' JSON results and "network.*" event payloads,
// built by hand until the network half of the IPC has typed DTOs.
//   network.logged_in     {full_name}
//   network.pm            {from, handle, text}
//   network.pm_delivered  {to, reply}

#include <optional>
#include <string>
#include <utility>

#include "json/json_value.h"
#include "session/engine_events.h"

namespace wpn::service {

ipc::JsonObject to_json(const session::NetworkStatus& status);
ipc::JsonObject to_json(const session::HostList& hosts);
ipc::JsonObject to_json(const session::SearchResults& results);
ipc::JsonObject to_json(const session::PeerAnswer& answer);

std::optional<std::pair<std::string, ipc::JsonObject>> map_network_event(const session::EngineEvent& event);

}  // namespace wpn::service
