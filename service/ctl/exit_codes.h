#pragma once

namespace wpn::ctl {

// Stable exit codes of wpnctl, for scripts.
inline constexpr int ExitOk = 0;
inline constexpr int ExitFailure = 1;       // the command ran and something failed
inline constexpr int ExitUsage = 2;         // unknown command or bad arguments
inline constexpr int ExitNoService = 3;     // the command needs wpnd and it is not reachable
inline constexpr int ExitNotAvailable = 4;  // wpnd answered that this build does not have the feature
inline constexpr int ExitDenied = 5;        // wpnd refused this user (it belongs to another account)
inline constexpr int ExitProtocol = 6;      // wpnd speaks an incompatible IPC protocol

}  // namespace wpn::ctl
