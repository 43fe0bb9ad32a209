#pragma once
// `wpnctl hash FILE...`: the WPN key of local files, without the service.

#include <ostream>
#include <string>
#include <vector>

namespace wpn::ctl {

// Prints one line (or one JSON object) per file; a file that cannot be hashed gets a
// message on `err` and the others are still hashed. Returns the process exit code.
int run_hash(const std::vector<std::string>& files, bool json, std::ostream& out, std::ostream& err);

}  // namespace wpn::ctl
