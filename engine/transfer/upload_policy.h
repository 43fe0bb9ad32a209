#pragma once
// Upload slots and the upload queue as a plain policy object (architecture.md
// §3.5, filesharing.md §4.5 and §5). Its inputs are events, its decisions are
// return values; it sends nothing. What it needs from the world comes through
// its Mediator. Semantics follow slskd's UploadQueue: groups with priorities,
// per-group slot caps and strategies, position forecasts, and reconfiguring
// without losing the count of slots in use.
//
// Slot life: on_request/fill reserve a slot (Reserved, the 0x1F68 goes out);
// activate() when the requester's GET arrives (Active); release() when the
// upload ends. A Reserved slot older than the unused-slot timeout is taken
// back by expire().

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "transfer/queue_state.h"
#include "transfer/transfer_state.h"
#include "transfer/transfer_types.h"
#include "transfer/upload_queue_order.h"
#include "transfer/upload_settings.h"

namespace wpn::transfer {

class UploadPolicy {
 public:
  class Mediator {
   public:
    virtual ~Mediator() = default;
    // The queue group of a requester ("friends", ...); a name that is not
    // configured means the default group.
    virtual std::string group_of(const Peer& peer) const = 0;
    // False while the upload bandwidth is used up: nothing new is granted.
    virtual bool upload_bandwidth_available() const = 0;
    // True while a ban (BanList) names this user; the mediator knows the time.
    virtual bool is_banned(const Peer& peer) const {
      (void)peer;
      return false;
    }
  };

  enum class Outcome { Granted, Queued, AlreadyGranted, AlreadyQueued, Refused };
  enum class RefuseReason { None, Banned, QueueFull, UserQueueFull, NotQueueable };

  struct Decision {
    Outcome outcome = Outcome::Refused;
    RefuseReason refuse = RefuseReason::None;
    std::uint32_t position = 0;      // Queued, AlreadyQueued: 1-based
    std::uint32_t queue_length = 0;  // entries waiting after the decision
  };

  // Why a waiting entry is not served yet (never None here).
  using WaitReason = transfer::WaitReason;

  struct Waiting {
    RequestKey key;
    std::uint64_t sequence = 0;
    std::string group;
    TimePoint enqueued_at{};
    std::uint32_t position = 0;
    WaitReason reason = WaitReason::NoFreeSlot;
  };

  enum class SlotState { Reserved, Active };

  struct Holder {
    std::string group;
    SlotState state = SlotState::Reserved;
    TimePoint granted_at{};
  };

  explicit UploadPolicy(Mediator& mediator, UploadSettings settings = {});

  // 0x1FB8 arrived; join_queue is option 1 (§5.2).
  Decision on_request(const RequestKey& key, bool join_queue, TimePoint now);
  // Grants free slots to waiting entries in service order; the granted keys.
  std::vector<RequestKey> fill(TimePoint now);
  // The requester's GET arrived: its Reserved slot becomes Active.
  bool activate(const RequestKey& key);
  // The upload ended (done, failed, cancelled): the slot is free again.
  bool release(const RequestKey& key);
  // 0x1FAE or a cancel: leaves the queue or gives the slot back.
  bool withdraw(const RequestKey& key);
  // Reserved slots unused for the unused-slot timeout; they are freed.
  std::vector<RequestKey> expire(TimePoint now);
  // Applies new limits. In-use slots are kept even above the new caps: nobody
  // is kicked, and nothing new is granted until the count is below them.
  void reconfigure(UploadSettings settings);

  std::optional<std::uint32_t> position(const RequestKey& key) const;
  // The owner moves a waiting entry to a 1-based position (clamped to the queue). Groups keep
  // their priority, so an entry lands as close to the asked position as its group allows.
  // False when the key is not queued, or is queued in a round-robin group: there users
  // are served in turns, so no single entry can be put at a chosen place; nothing changes.
  bool move(const RequestKey& key, std::uint32_t position);
  // Where a new request from `peer` would wait now (1-based).
  std::uint32_t forecast_position(const Peer& peer) const;
  std::uint32_t queue_length() const noexcept { return static_cast<std::uint32_t>(queue_.size()); }
  std::uint32_t slots_in_use() const noexcept { return static_cast<std::uint32_t>(holders_.size()); }
  std::uint32_t slots_total() const noexcept { return settings_.slots; }
  bool is_queued(const RequestKey& key) const noexcept;
  const Holder* holder(const RequestKey& key) const noexcept;
  const std::map<RequestKey, Holder>& holders() const noexcept { return holders_; }
  // Every waiting entry in service order, with its position and reason.
  std::vector<Waiting> waiting() const;
  // When the next Reserved slot expires.
  std::optional<TimePoint> next_expiry() const;
  bool is_banned(const Peer& peer) const { return mediator_.is_banned(peer); }
  const UploadSettings& settings() const noexcept { return settings_; }

  // The queue as a store keeps it (slots are not kept across a restart).
  QueueState save(TimePoint now, WallTime wall_now) const;
  // Replaces the queue with a saved one, in sequence order. Groups are
  // re-evaluated through the mediator; caps apply to new requests only.
  void restore(const QueueState& state, TimePoint now, WallTime wall_now);

 private:
  const UploadGroup& group_config(const std::string& name) const;
  std::string resolve_group(const Peer& peer) const;
  std::uint32_t user_slots(const Peer& peer) const noexcept;
  std::uint32_t group_slots(const std::string& group) const noexcept;
  std::uint32_t user_entries(const Peer& peer) const noexcept;
  std::optional<WaitReason> blocked_by(const Peer& peer, const std::string& group) const;
  bool any_waiting_grantable() const;
  std::vector<std::size_t> order() const;
  std::uint32_t position_at(const std::vector<std::size_t>& order, std::size_t index) const;
  void enqueue(const RequestKey& key, const std::string& group, TimePoint now, std::uint64_t sequence);
  void remove_entry(std::size_t index, bool served);
  void grant(const RequestKey& key, const std::string& group, TimePoint now);
  void normalise_groups();

  Mediator& mediator_;
  UploadSettings settings_;
  std::vector<QueueEntry> queue_;  // sorted by sequence
  Rotations rotations_;
  std::map<RequestKey, Holder> holders_;
  std::uint64_t next_sequence_ = 1;
};

}  // namespace wpn::transfer
