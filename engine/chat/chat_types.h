#pragma once
// Values the chat machines exchange with their socket adapters. Time is
// milliseconds on the caller's monotonic clock, passed in with every event.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "protocol/bytes.h"

namespace wpn::chat {

using ConnId = std::uint64_t;
using Millis = std::uint64_t;

// Send one frame (type + plaintext payload) on a connection.
struct SendFrame {
  ConnId conn = 0;
  std::uint16_t type = 0;
  protocol::Bytes payload;
};

// Close a connection; reason is for the log.
struct CloseConnection {
  ConnId conn = 0;
  std::string reason;
};

// Send one frame to many connections (a relayed line, a join, a part): the plain frame is
// built once and each connection encodes it with its own stream keys.
struct BroadcastFrame {
  std::vector<ConnId> conns;
  std::uint16_t type = 0;
  protocol::Bytes payload;
};

using HostAction = std::variant<SendFrame, CloseConnection, BroadcastFrame>;

}  // namespace wpn::chat
