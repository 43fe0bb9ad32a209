#pragma once
// systemd readiness protocol (sd_notify(3)) without libsystemd: one datagram of
// "KEY=VALUE" lines to the AF_UNIX socket named by $NOTIFY_SOCKET ("@..." is abstract).

#include <string_view>

namespace wpn::service {

// Sends `state` (e.g. "READY=1\nSTATUS=sharing 12 files"). Returns false when not
// running under a service manager ($NOTIFY_SOCKET unset) or the send failed.
bool sd_notify(std::string_view state) noexcept;

}  // namespace wpn::service
