#include "transfer/uploader.h"

#include <algorithm>
#include <map>

#include "protocol/codecs/transfer_requests.h"

namespace wpn::transfer {
namespace {

protocol::TransferAddress address_of(const RequestKey& key) { return {key.peer.handle, key.peer.name, key.file}; }

RequestKey key_of(const protocol::TransferAddress& address) {
  return {Peer{address.handle, address.name}, address.file};
}

FailReason fail_reason_of(UploadPolicy::RefuseReason reason) {
  switch (reason) {
    case UploadPolicy::RefuseReason::Banned:
      return FailReason::Banned;
    case UploadPolicy::RefuseReason::QueueFull:
      return FailReason::QueueFull;
    case UploadPolicy::RefuseReason::UserQueueFull:
      return FailReason::UserQueueFull;
    case UploadPolicy::RefuseReason::NotQueueable:
      return FailReason::Busy;
    case UploadPolicy::RefuseReason::None:
      return FailReason::None;
  }
  return FailReason::None;
}

}  // namespace

Uploader::Uploader(Mediator& mediator, UploadSettings settings, UploadTimeouts timeouts,
                   const protocol::WireOptions& wire, TransferIds* ids)
    : mediator_(mediator),
      policy_(mediator, std::move(settings)),
      timeouts_(timeouts),
      wire_(wire),
      ids_(ids != nullptr ? *ids : own_ids_) {}

Actions Uploader::on_upload_requested(const protocol::UploadRequested& message, TimePoint now) {
  Actions out;
  const RequestKey key = key_of(message.requester);
  if (const auto id = find(key)) {
    on_duplicate_request(uploads_.at(*id), now, out);
    return done(std::move(out), now);
  }
  const auto shared = mediator_.find_shared(key.file);
  if (!shared) {
    send_refusal(key, protocol::TransferRefusal::NotShared, out);
    out.push_back(Publish{RequestRefused{key.peer.name, key.file, FailReason::NotShared}});
    return done(std::move(out), now);
  }
  const bool join_queue = message.option == static_cast<std::uint32_t>(protocol::DownloadOption::JoinQueue);
  on_new_request(key, join_queue, shared->size, now, out);
  return done(std::move(out), now);
}

void Uploader::on_new_request(const RequestKey& key, bool join_queue, std::uint64_t size, TimePoint now, Actions& out) {
  const auto decision = policy_.on_request(key, join_queue, now);
  switch (decision.outcome) {
    case UploadPolicy::Outcome::Granted: {
      create(key, size, State::AwaitingGet, out);
      out.push_back(SendPacket{protocol::UploadReady{address_of(key)}});
      return;
    }
    case UploadPolicy::Outcome::Queued: {
      Upload& upload = create(key, size, State::AwaitingSlot, out);
      grant_waiting(now, out);  // a free slot may go to an entry ahead of it, or to it
      if (upload.state == State::AwaitingSlot) send_position(upload, now, out);
      return;
    }
    case UploadPolicy::Outcome::AlreadyGranted:
    case UploadPolicy::Outcome::AlreadyQueued:
      return;  // unreachable: every policy entry has an Upload
    case UploadPolicy::Outcome::Refused:
      refuse(key, fail_reason_of(decision.refuse), out);
      return;
  }
}

// A repeated 0x1FB8: the answer may have been lost, so it is sent again (§4.5).
void Uploader::on_duplicate_request(Upload& upload, TimePoint now, Actions& out) {
  switch (upload.state) {
    case State::AwaitingSlot:
      send_position(upload, now, out);
      return;
    case State::AwaitingGet:
      out.push_back(SendPacket{protocol::UploadReady{address_of(upload.key)}});
      return;
    case State::AwaitingPushConnect:
    case State::AwaitingSendReply:
    case State::AwaitingSegment:
    case State::AwaitingDrain:
    case State::AwaitingNextSegment:
      return;  // already being served
  }
}

Uploader::Upload& Uploader::create(const RequestKey& key, std::uint64_t size, State state, Actions& out) {
  const TransferId id = ids_.next();
  Upload& upload = uploads_[id];
  upload.id = id;
  upload.key = key;
  upload.size = size;
  upload.state = state;
  out.push_back(Publish{TransferAdded{id, Direction::Upload, key.peer.name, key.file, size}});
  set_state(upload, state, out);
  return upload;
}

// Busy on the wire whatever the reason (the protocol has no "banned"), or silence for a
// silent ban; the owner learns the real reason from RequestRefused.
void Uploader::refuse(const RequestKey& key, FailReason reason, Actions& out) {
  const bool silent = reason == FailReason::Banned && policy_.settings().ban_reply == BanReply::Silent;
  if (!silent) send_refusal(key, protocol::TransferRefusal::Busy, out);
  out.push_back(Publish{RequestRefused{key.peer.name, key.file, reason}});
}

void Uploader::set_state(Upload& upload, State state, Actions& out) {
  upload.state = state;
  std::uint32_t position = 0;
  WaitReason wait = WaitReason::None;
  if (state == State::AwaitingSlot) {
    position = policy_.position(upload.key).value_or(0);
    for (const auto& w : policy_.waiting())
      if (w.key == upload.key) wait = w.reason;
  }
  out.push_back(Publish{TransferStateChanged{upload.id, phase_of(state), state, position, wait, FailReason::None, {}}});
}

Actions Uploader::drop_banned(TimePoint now) {
  Actions out;
  std::vector<TransferId> banned;
  for (const auto& [id, upload] : uploads_)
    if ((upload.state == State::AwaitingSlot || upload.state == State::AwaitingGet) &&
        policy_.is_banned(upload.key.peer))
      banned.push_back(id);
  for (const auto id : banned) {
    Upload& upload = uploads_.at(id);
    const RequestKey key = upload.key;
    finish(upload, RemovalReason::Banned, now, out);
    refuse(key, FailReason::Banned, out);
  }
  return done(std::move(out), now);
}

void Uploader::grant_waiting(TimePoint now, Actions& out) {
  for (const auto& key : policy_.fill(now)) {
    const auto id = find(key);
    if (!id) continue;
    Upload& upload = uploads_.at(*id);
    set_state(upload, State::AwaitingGet, out);
    out.push_back(SendPacket{protocol::UploadReady{address_of(key)}});
  }
}

void Uploader::send_position(Upload& upload, TimePoint now, Actions& out) {
  const auto position = policy_.position(upload.key);
  if (!position) return;
  out.push_back(SendPacket{protocol::UploadQueued{address_of(upload.key), *position, policy_.queue_length()}});
  upload.reported_position = *position;
  upload.reported_at = now;
}

// Improvements are reported at most once per interval per entry (§5.4); one
// held back is sent by a later tick.
void Uploader::report_positions(TimePoint now, Actions& out) {
  const auto interval = policy_.settings().position_update_interval;
  for (auto& [id, upload] : uploads_) {
    if (upload.state != State::AwaitingSlot) continue;
    const auto position = policy_.position(upload.key);
    if (!position) continue;
    const bool improved = !upload.reported_position || *position < *upload.reported_position;
    if (improved && now - upload.reported_at >= interval) send_position(upload, now, out);
  }
}

void Uploader::send_refusal(const RequestKey& key, protocol::TransferRefusal refusal, Actions& out) {
  out.push_back(SendPacket{protocol::make_upload_refused(address_of(key), refusal, policy_.queue_length(), wire_)});
}

void Uploader::expire_unused(TimePoint now, Actions& out) {
  for (const auto& key : policy_.expire(now)) {
    const auto id = find(key);
    if (!id) continue;
    if (policy_.settings().notify_expired) send_refusal(key, protocol::TransferRefusal::TimedOut, out);
    Upload& upload = uploads_.at(*id);
    finish(upload, RemovalReason::SlotUnused, now, out);
  }
}

void Uploader::finish(Upload& upload, RemovalReason reason, TimePoint now, Actions& out) {
  (void)now;
  policy_.withdraw(upload.key);
  if (upload.connection) connections_.erase(*upload.connection);
  out.push_back(Publish{TransferRemoved{upload.id, reason}});
  uploads_.erase(upload.id);
}

Actions Uploader::on_upload_withdrawn(const protocol::UploadWithdrawn& message, TimePoint now) {
  Actions out;
  if (const auto id = find(key_of(message.requester))) {
    Upload& upload = uploads_.at(*id);
    if (upload.connection) out.push_back(CloseConnection{*upload.connection, CloseReason::Withdrawn});
    finish(upload, RemovalReason::Withdrawn, now, out);
  }
  return done(std::move(out), now);
}

Actions Uploader::cancel(TransferId transfer, TimePoint now) {
  Actions out;
  const auto it = uploads_.find(transfer);
  if (it != uploads_.end()) {
    if (it->second.connection) out.push_back(CloseConnection{*it->second.connection, CloseReason::Cancelled});
    finish(it->second, RemovalReason::Cancelled, now, out);
  }
  return done(std::move(out), now);
}

std::optional<Actions> Uploader::move_queued(TransferId transfer, std::uint32_t position, TimePoint now) {
  const auto it = uploads_.find(transfer);
  if (it == uploads_.end() || it->second.state != State::AwaitingSlot) return std::nullopt;
  if (!policy_.move(it->second.key, position)) return std::nullopt;
  return done({}, now);
}

// One pass over the policy's order (positions one by one would sort the queue per entry).
std::vector<std::pair<TransferId, std::uint32_t>> Uploader::queue_positions() const {
  std::map<RequestKey, TransferId> waiting_ids;
  for (const auto& [id, upload] : uploads_)
    if (upload.state == State::AwaitingSlot) waiting_ids.emplace(upload.key, id);
  std::vector<std::pair<TransferId, std::uint32_t>> positions;
  for (const auto& waiting : policy_.waiting())
    if (const auto found = waiting_ids.find(waiting.key); found != waiting_ids.end())
      positions.emplace_back(found->second, waiting.position);
  return positions;
}

Actions Uploader::reconfigure(UploadSettings settings, TimePoint now) {
  policy_.reconfigure(std::move(settings));
  return done({}, now);
}

Actions Uploader::restore_queue(const QueueState& state, TimePoint now, WallTime wall_now) {
  Actions out;
  policy_.restore(state, now, wall_now);
  // An entry whose file is not found now keeps its place (size unknown): the file may be
  // back by its turn, and if not, its turn refuses it as not shared, as without a restart.
  for (const auto& w : policy_.waiting()) {
    if (find(w.key)) continue;
    const auto shared = mediator_.find_shared(w.key.file);
    create(w.key, shared ? shared->size : 0, State::AwaitingSlot, out);
  }
  return done(std::move(out), now);
}

Actions Uploader::on_slots_available(TimePoint now) { return done({}, now); }

Actions Uploader::tick(TimePoint now) {
  Actions out;
  expire_unused(now, out);
  std::vector<TransferId> due;
  for (const auto& [id, upload] : uploads_)
    if (upload.deadline && *upload.deadline <= now) due.push_back(id);
  for (const auto id : due)
    if (const auto it = uploads_.find(id); it != uploads_.end()) on_deadline(it->second, now, out);
  return done(std::move(out), now);
}

// Every public event ends here: free slots are granted, positions reported,
// queue changes published and the next wake-up armed.
Actions Uploader::done(Actions out, TimePoint now) {
  grant_waiting(now, out);
  report_positions(now, out);
  const QueueChanged queue{policy_.queue_length(), policy_.slots_in_use(), policy_.slots_total()};
  if (queue.queue_length != published_queue_.queue_length || queue.slots_in_use != published_queue_.slots_in_use ||
      queue.slots_total != published_queue_.slots_total) {
    published_queue_ = queue;
    out.push_back(Publish{queue});
  }
  std::optional<TimePoint> next = policy_.next_expiry();
  const auto interval = policy_.settings().position_update_interval;
  for (const auto& [id, upload] : uploads_) {
    std::optional<TimePoint> at = upload.deadline;
    if (upload.state == State::AwaitingSlot && upload.reported_position) {
      const auto position = policy_.position(upload.key);
      if (position && *position < *upload.reported_position) at = upload.reported_at + interval;
    }
    if (at && (!next || *at < *next)) next = at;
  }
  if (next && next != armed_) out.push_back(ArmTimer{*next});
  armed_ = next;
  return out;
}

std::optional<Uploader::State> Uploader::state_of(TransferId transfer) const {
  const auto it = uploads_.find(transfer);
  if (it == uploads_.end()) return std::nullopt;
  return it->second.state;
}

std::optional<TransferId> Uploader::find(const RequestKey& key) const {
  for (const auto& [id, upload] : uploads_)
    if (upload.key == key) return id;
  return std::nullopt;
}

}  // namespace wpn::transfer
