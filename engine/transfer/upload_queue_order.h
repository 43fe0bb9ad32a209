#pragma once
// The order in which waiting upload requests will be served. Grants and the
// positions reported to requesters both come from this one function, so a
// reported position never disagrees with the real service order (the
// round-robin forecast bug of slskd#543).

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "transfer/transfer_types.h"
#include "transfer/upload_settings.h"

namespace wpn::transfer {

struct QueueEntry {
  std::uint64_t sequence = 0;
  RequestKey key;
  std::string group;
  TimePoint enqueued_at{};
};

// Round-robin turn order of one group: the front user has the next turn; a
// user who is served moves to the back, a new user joins at the back.
using Rotation = std::vector<Peer>;
using Rotations = std::map<std::string, Rotation, std::less<>>;

// Groups by (priority, name). Within a group: FIFO by sequence, or round robin
// in rounds (round r holds every user's r-th entry, users in rotation order).
// `entries` must be sorted by sequence and name configured groups only.
std::vector<std::size_t> projected_order(std::span<const QueueEntry> entries, std::span<const UploadGroup> groups,
                                         const Rotations& rotations);

// Groups sorted for service.
std::vector<UploadGroup> groups_by_priority(std::span<const UploadGroup> groups);

}  // namespace wpn::transfer
