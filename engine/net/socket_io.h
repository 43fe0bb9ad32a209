#pragma once
// Small helpers for the non-blocking sockets of the data port.

#include <functional>
#include <optional>
#include <string>

#include <Poco/Net/StreamSocket.h>

#include "protocol/bytes.h"

namespace wpn::net {

std::string errno_text(int error);
// "127.0.0.2", or "?" when the peer is already gone.
std::string peer_ip_of(const Poco::Net::StreamSocket& socket);

// Reads a readable non-blocking socket in at most 16 chunks (other sockets get their turn),
// handing each to `consume` while `open()` holds. Nothing when the socket is drained for
// now; otherwise why the connection ended: `closed_text` for an orderly close, or the error.
std::optional<std::string> read_available(int fd, const std::function<void(protocol::ByteView)>& consume,
                                          const std::function<bool()>& open, const char* closed_text);

}  // namespace wpn::net
