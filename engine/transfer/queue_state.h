#pragma once
// The upload queue as a storage layer saves and loads it, so a restart keeps
// the order (product-research.md §3.1 "queue lost on restart"). Plain values:
// a store writes one row per record and reads them back in any order; the
// sequence numbers restore the order.

#include <cstdint>
#include <string>
#include <vector>

#include "transfer/transfer_types.h"

namespace wpn::transfer {

struct QueueRecord {
  std::uint64_t sequence = 0;  // unique, increasing in arrival order
  Peer requester;              // handle + full name
  std::string file;            // virtual name as requested
  WallTime enqueued_at{};      // wall clock, so it survives the restart
  std::string group;           // the group it waited in (informational on load)

  friend bool operator==(const QueueRecord&, const QueueRecord&) = default;
};

struct QueueState {
  std::uint64_t next_sequence = 1;  // the next number handed out
  std::vector<QueueRecord> entries;

  friend bool operator==(const QueueState&, const QueueState&) = default;
};

}  // namespace wpn::transfer
