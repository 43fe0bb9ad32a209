#pragma once
// --daemon: the process forks before anything starts, and the parent waits until the
// daemon reports that it is serving (or has failed) before it exits, so
// `wpnd --daemon && wpnctl status` works and a bad configuration is not silently lost.
// POCO's own --daemon returns before the configuration is even read, so it is not used.

namespace wpn::service {

// In the parent: never returns (exits 0 once the daemon is ready, 1 if it failed).
// In the daemon: returns after setsid(); stdio stays attached until daemon_ready().
void daemonize();

// True in the process daemonize() created.
bool is_daemon() noexcept;

// Tells the waiting parent that the daemon serves, then detaches stdio (to /dev/null).
// No effect when not daemonized.
void daemon_ready() noexcept;

}  // namespace wpn::service
