#pragma once
// Values the overlay state machines exchange with the socket adapters: connection
// ids, time, and the frames and closes they ask for. Time is milliseconds on the
// caller's monotonic clock, passed in with every event.

#include <cstdint>
#include <string>
#include <variant>

#include "overlay/skipped_frame.h"
#include "protocol/bytes.h"
#include "protocol/codecs/hub_link.h"

namespace wpn::overlay {

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

// Trace a frame of a connection that the machine skipped (skipped_frame.h).
struct TraceSkippedFrame {
  ConnId conn = 0;
  SkippedFrame frame;
};

// Open a hub link to this hub (docs/hub-link.md §1); the adapter answers with
// Hub::on_link_up or Hub::on_dial_failed.
struct DialHub {
  protocol::HubEndpoint hub;
};

// A link frame that decoded but was refused (a forged sender or handle, a delivery
// nobody asked for): the adapter logs it, rate limited; the link stays.
struct TraceLinkDrop {
  ConnId conn = 0;
  std::uint16_t type = 0;
  std::string reason;
};

using HubAction = std::variant<SendFrame, CloseConnection, TraceSkippedFrame, DialHub, TraceLinkDrop>;

}  // namespace wpn::overlay
