#pragma once
// wpnctl commands that talk to wpnd: status, shares, settings, logs, watch, and the areas
// this build does not have (answered by the service with "not available").

#include <ostream>
#include <string>
#include <vector>

namespace wpn::ctl {

struct CommandContext {
  std::string runtime_dir;  // --runtime-dir, empty for the XDG default
  bool json = false;
  std::ostream& out;
  std::ostream& err;
};

bool is_service_command(const std::string& command);

// Returns the process exit code (exit_codes.h).
int run_service_command(const std::string& command, const std::vector<std::string>& args, const CommandContext& ctx);

}  // namespace wpn::ctl
