#pragma once
// The service's settings -> the engine's settings (units, enumerations, endpoints).

#include <string>

#include "service/app/service_settings.h"
#include "session/engine_settings.h"

namespace wpn::service {

session::EngineSettings to_engine_settings(const ServiceSettings& settings, const std::string& index_path);

}  // namespace wpn::service
