#include "net/socket_io.h"

#include <cstring>

#include <Poco/Exception.h>

namespace wpn::net {

std::string errno_text(int error) { return std::strerror(error); }

std::string peer_ip_of(const Poco::Net::StreamSocket& socket) {
  try {
    return socket.peerAddress().host().toString();
  } catch (const Poco::Exception&) {
    return "?";
  }
}

}  // namespace wpn::net
