#pragma once

namespace wpn::ctl {

// Stable exit codes of wpnctl, for scripts.
inline constexpr int ExitOk = 0;
inline constexpr int ExitFailure = 1;        // the command ran and something failed
inline constexpr int ExitUsage = 2;          // unknown command or bad arguments
inline constexpr int ExitNoService = 3;      // the command needs wpnd and it is not reachable

}  // namespace wpn::ctl
