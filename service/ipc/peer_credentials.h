#pragma once
// Who is on the other end of a Unix socket (SO_PEERCRED): the kernel's word, not the
// client's, so a process of another account cannot pass for the owner.

#include <sys/types.h>

#include <optional>

namespace wpn::service {

struct PeerCredentials {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
};

std::optional<PeerCredentials> peer_credentials(int socket_fd) noexcept;

}  // namespace wpn::service
