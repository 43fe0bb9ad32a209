#pragma once
// Small helpers for the non-blocking sockets of the data port.

#include <string>

#include <Poco/Net/StreamSocket.h>

namespace wpn::net {

std::string errno_text(int error);
// "127.0.0.2", or "?" when the peer is already gone.
std::string peer_ip_of(const Poco::Net::StreamSocket& socket);

}  // namespace wpn::net
