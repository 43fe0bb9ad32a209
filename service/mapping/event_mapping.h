#pragma once
// One engine event -> the IPC event's name and payload (each domain's mapping decides).

#include <string>
#include <utility>

#include "json/json_value.h"
#include "session/engine_events.h"

namespace wpn::service {

std::pair<std::string, ipc::JsonObject> map_event(const session::EngineEvent& event);

}  // namespace wpn::service
