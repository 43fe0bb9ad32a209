#pragma once
// POCO logging for wpnd: every line goes to the in-memory ring, to a rotating file in the
// data directory (unless turned off) and, in the foreground, to the console (stderr).

#include <Poco/AutoPtr.h>

#include <filesystem>
#include <string>

#include "service/app/log_ring.h"
#include "service/app/service_settings.h"

namespace wpn::service {

struct LogOutputs {
  bool console = true;
  std::filesystem::path file;  // empty = no file
};

// Installs the channels on the root logger and sets its level. Returns the ring.
Poco::AutoPtr<LogRing> setup_logging(const ServiceSettings& settings, const LogOutputs& outputs);

// Live change of the level on every logger.
void set_log_level(const std::string& level);

}  // namespace wpn::service
