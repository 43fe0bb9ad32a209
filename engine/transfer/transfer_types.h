#pragma once
// Vocabulary of the transfer layer. The layer is logic only: no sockets,
// threads, files or clocks. Time arrives as a parameter (steady-clock readings
// taken by the adapter); nothing here ever asks a clock for the time.

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <tuple>

#include "protocol/codecs/common.h"

namespace wpn::transfer {

using TimePoint = std::chrono::steady_clock::time_point;
using Duration = std::chrono::steady_clock::duration;
// Wall-clock seconds, only for records that outlive the process (saved queue).
using WallTime = std::chrono::sys_seconds;

using TransferId = std::uint64_t;
// Chosen by the adapter for every data connection, inbound or outbound.
using ConnectionId = std::uint64_t;

enum class Direction { Upload, Download };

// Hands out transfer ids. One instance shared by the uploader and the
// downloader keeps ids unique across both directions.
class TransferIds {
 public:
  TransferId next() noexcept { return next_++; }

 private:
  TransferId next_ = 1;
};

// A remote user as WPN addresses it: the node handle of its primary plus the
// full name with the _NNNNN suffix (filesharing.md §5.6). A reconnect gives a
// new suffix and so a new Peer; entries are never merged by base name.
struct Peer {
  protocol::NodeHandle handle;
  std::string name;

  friend bool operator==(const Peer&, const Peer&) = default;
  friend std::strong_ordering operator<=>(const Peer& a, const Peer& b) {
    return std::tie(a.handle.ip, a.handle.udp_port, a.name) <=> std::tie(b.handle.ip, b.handle.udp_port, b.name);
  }
};

// One upload request R = (requester handle, requester name, file) (§4.5).
struct RequestKey {
  Peer peer;
  std::string file;  // virtual name, byte-exact as announced

  friend bool operator==(const RequestKey&, const RequestKey&) = default;
  friend std::strong_ordering operator<=>(const RequestKey& a, const RequestKey& b) {
    if (const auto c = a.peer <=> b.peer; c != 0) return c;
    return a.file <=> b.file;
  }
};

}  // namespace wpn::transfer
