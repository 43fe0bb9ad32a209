#pragma once
// Upload slot and queue settings (filesharing.md §5.1, defaults §5.5).
// All of them may change while the service runs; see UploadPolicy::reconfigure.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transfer/transfer_types.h"

namespace wpn::transfer {

enum class QueueStrategy {
  Fifo,        // by arrival (the default)
  RoundRobin,  // users take turns; each user's own entries stay in arrival order
};

// Queue groups after slskd's UploadQueue: groups are served in priority order,
// each may cap its own slots inside the global cap, each has its own strategy.
struct UploadGroup {
  std::string name;
  std::uint32_t priority = 0;          // lower is served first
  std::optional<std::uint32_t> slots;  // empty: only the global cap applies
  QueueStrategy strategy = QueueStrategy::Fifo;
  bool bypass_queue_limit = false;  // may join a queue that is full in total

  friend bool operator==(const UploadGroup&, const UploadGroup&) = default;
};

inline constexpr std::string_view DefaultGroupName = "default";
inline constexpr std::string_view FriendsGroupName = "friends";

// How a banned requester is answered (§4.5 "0x1F54(busy) or silence").
enum class BanReply { Busy, Silent };

struct UploadSettings {
  std::uint32_t slots = 3;
  std::uint32_t slots_per_user = 1;
  std::uint32_t queue_limit = 100;
  std::uint32_t queue_per_user = 5;
  Duration unused_slot_timeout = std::chrono::seconds(120);
  // Queue an option-0 request when no slot is free, instead of answering busy
  // and waiting for the option-1 re-request (§4.5 "auto-queue policy" [P]).
  bool queue_normal_requests = true;
  // At least the default group; a group named in no rule is never used.
  std::vector<UploadGroup> groups{
      {std::string(FriendsGroupName), 0, std::nullopt, QueueStrategy::Fifo, true},
      {std::string(DefaultGroupName), 1, std::nullopt, QueueStrategy::Fifo, false},
  };
  BanReply ban_reply = BanReply::Busy;
  // Send 0x1F54 "timed out" when a granted slot expires unused.
  bool notify_expired = true;
  // Shortest time between two 0x1F5E position updates to one entry (§5.4).
  Duration position_update_interval = std::chrono::seconds(60);

  friend bool operator==(const UploadSettings&, const UploadSettings&) = default;
};

}  // namespace wpn::transfer
