#pragma once
// The uploader side of WPN transfers (filesharing.md §4.5, §3.3-§3.5, §3.7).
// One machine per request R = (requester handle, requester name, file), driven
// by events and answering with Actions (transfer_actions.h). Slots and the
// queue are decided by the UploadPolicy it owns.
//
// Life of a request:
//   0x1FB8 -> AwaitingSlot (0x1F5E position) or AwaitingGet (0x1F68) or refused (0x1F54)
//   AwaitingGet   -- GET for (name, file) --> size reply; WPN: AwaitingSegment, OpenNap: AwaitingDrain
//   AwaitingGet   -- 0x1FD6 (push) --> AwaitingPushConnect -> AwaitingSendReply -> AwaitingDrain
//   AwaitingDrain -- range sent --> AwaitingNextSegment (WPN range ending before EOF) or closed
// A GET from anyone not holding a granted slot is answered INVALID REQUEST (or
// FILE NOT SHARED) and closed (§3.5 [P]).
//
// The adapter feeds parsed data-connection input: on_get_line at GetProgress
// LineComplete (WPN form) or Complete (OpenNap form, start = the offset), and
// on_segment for each 8-byte segment; for a push, on_send_reply once the
// SendReplyParser finished.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/codecs/transfer_notices.h"
#include "protocol/data_reply.h"
#include "protocol/data_request.h"
#include "protocol/wire_options.h"
#include "transfer/range_set.h"
#include "transfer/transfer_actions.h"
#include "transfer/transfer_state.h"
#include "transfer/transfer_types.h"
#include "transfer/upload_policy.h"

namespace wpn::transfer {

// Data-connection timeouts (§3.8 [P]).
struct UploadTimeouts {
  Duration push_connect = std::chrono::seconds(60);  // TCP connect + greeting
  Duration request = std::chrono::seconds(60);       // segment request / SEND reply
  Duration stall = std::chrono::seconds(120);        // no byte sent
  Duration next_segment = std::chrono::seconds(60);  // another segment on the same connection
};

class Uploader {
 public:
  struct SharedFile {
    std::uint64_t size = 0;
  };

  class Mediator : public UploadPolicy::Mediator {
   public:
    // The share map (§2.5): nullopt when no announced file has this name.
    virtual std::optional<SharedFile> find_shared(std::string_view file) const = 0;
    // Our own full WPN name, for the SEND line of a push.
    virtual std::string own_name() const = 0;
  };

  // Named for what each request waits for (transfer_state.h).
  using State = UploadState;
  static std::string_view state_name(State state) noexcept { return upload_state_name(state); }

  Uploader(const Uploader&) = delete;
  Uploader& operator=(const Uploader&) = delete;

  // `ids` may be shared with the Downloader; without it the uploader numbers its own.
  Uploader(Mediator& mediator, UploadSettings settings, UploadTimeouts timeouts = {},
           const protocol::WireOptions& wire = protocol::default_wire_options(), TransferIds* ids = nullptr);

  // Management packets from our primary.
  Actions on_upload_requested(const protocol::UploadRequested& message, TimePoint now);  // 0x1FB8
  Actions on_upload_withdrawn(const protocol::UploadWithdrawn& message, TimePoint now);  // 0x1FAE
  // 0x1FD6; `connection` is the id the adapter will use for the outbound connection.
  Actions on_upload_start(const protocol::UploadStart& message, ConnectionId connection, TimePoint now);

  // Data connections.
  Actions on_get_line(ConnectionId connection, const protocol::GetRequest& request, TimePoint now);
  Actions on_segment(ConnectionId connection, const protocol::Segment& segment, TimePoint now);
  Actions on_connected(ConnectionId connection, TimePoint now);
  Actions on_send_reply(ConnectionId connection, const protocol::SendReply& reply, TimePoint now);
  Actions on_bytes_sent(ConnectionId connection, std::uint64_t count, TimePoint now);
  // The peer closed, the connect failed, or the socket broke.
  Actions on_connection_lost(ConnectionId connection, TimePoint now);
  Actions on_file_error(ConnectionId connection, TimePoint now);

  // The bans changed: every queued or granted-but-unused request of a user the mediator now
  // calls banned leaves (answered busy, or not at all under BanReply::Silent).
  Actions drop_banned(TimePoint now);
  // Slots may be granted again (bandwidth came back, a slot was freed outside).
  Actions on_slots_available(TimePoint now);
  Actions tick(TimePoint now);
  Actions cancel(TransferId transfer, TimePoint now);
  Actions reconfigure(UploadSettings settings, TimePoint now);
  // The owner reorders the queue: a waiting upload goes to a 1-based position. nullopt when
  // the transfer is not waiting in the queue.
  std::optional<Actions> move_queued(TransferId transfer, std::uint32_t position, TimePoint now);
  // Every waiting upload with its current queue position.
  std::vector<std::pair<TransferId, std::uint32_t>> queue_positions() const;
  // A saved queue (QueueStore) after a restart: every entry waits again in its old
  // order, also one whose file is not found now (it is refused when its turn comes).
  Actions restore_queue(const QueueState& state, TimePoint now, WallTime wall_now);

  const UploadPolicy& policy() const noexcept { return policy_; }
  std::optional<State> state_of(TransferId transfer) const;
  std::optional<TransferId> find(const RequestKey& key) const;
  std::size_t size() const noexcept { return uploads_.size(); }

 private:
  struct Upload {
    TransferId id = 0;
    RequestKey key;
    State state = State::AwaitingSlot;
    std::uint64_t size = 0;
    std::optional<ConnectionId> connection;
    protocol::RequestForm form = protocol::RequestForm::Wpn;
    ByteRange range;
    std::uint64_t sent = 0;
    std::uint64_t sent_total = 0;
    std::optional<TimePoint> deadline;
    std::optional<std::uint32_t> reported_position;
    TimePoint reported_at{};
    TimePoint progress_at{};
  };

  // uploader.cpp: management
  void on_new_request(const RequestKey& key, bool join_queue, std::uint64_t size, TimePoint now, Actions& out);
  void on_duplicate_request(Upload& upload, TimePoint now, Actions& out);
  Upload& create(const RequestKey& key, std::uint64_t size, State state, Actions& out);
  void grant_waiting(TimePoint now, Actions& out);
  void expire_unused(TimePoint now, Actions& out);
  void report_positions(TimePoint now, Actions& out);
  void send_position(Upload& upload, TimePoint now, Actions& out);
  void send_refusal(const RequestKey& key, protocol::TransferRefusal refusal, Actions& out);
  void finish(Upload& upload, RemovalReason reason, TimePoint now, Actions& out);
  void set_state(Upload& upload, State state, Actions& out);
  void refuse(const RequestKey& key, FailReason reason, Actions& out);
  Actions done(Actions out, TimePoint now);

  // uploader_data.cpp: data connections
  Upload* by_connection(ConnectionId connection);
  Upload* granted_for(std::string_view nick, std::string_view file);
  void refuse_connection(ConnectionId connection, protocol::Refusal refusal, Actions& out);
  void accept_get(Upload& upload, ConnectionId connection, const protocol::GetRequest& request, TimePoint now,
                  Actions& out);
  void serve_range(Upload& upload, ByteRange range, TimePoint now, Actions& out);
  void range_done(Upload& upload, TimePoint now, Actions& out);
  void close_and_finish(Upload& upload, CloseReason reason, TimePoint now, Actions& out);
  void on_deadline(Upload& upload, TimePoint now, Actions& out);
  void on_segment_awaited(Upload& upload, const protocol::Segment& segment, TimePoint now, Actions& out);

  Mediator& mediator_;
  UploadPolicy policy_;
  UploadTimeouts timeouts_;
  protocol::WireOptions wire_;
  std::map<TransferId, Upload> uploads_;
  std::map<ConnectionId, TransferId> connections_;
  TransferIds own_ids_;
  TransferIds& ids_;
  std::optional<TimePoint> armed_;
  QueueChanged published_queue_{};
};

}  // namespace wpn::transfer
