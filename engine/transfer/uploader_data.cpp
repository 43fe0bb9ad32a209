// Uploader: the data-connection half (filesharing.md §3.3-§3.7).
#include <chrono>

#include "transfer/request_line.h"
#include "transfer/uploader.h"

namespace wpn::transfer {
namespace {

protocol::Bytes text_bytes(std::string_view text) {
  const auto view = protocol::as_bytes(text);
  return {view.begin(), view.end()};
}

constexpr auto ProgressInterval = std::chrono::seconds(1);

RemovalReason removal_reason_of(CloseReason reason) noexcept {
  switch (reason) {
    case CloseReason::Completed:
    case CloseReason::NotNeeded:
      return RemovalReason::Completed;
    case CloseReason::NotShared:
    case CloseReason::FileChanged:
      return RemovalReason::NotShared;
    case CloseReason::InvalidRequest:
      return RemovalReason::InvalidRequest;
    case CloseReason::Timeout:
      return RemovalReason::Timeout;
    case CloseReason::Cancelled:
      return RemovalReason::Cancelled;
    case CloseReason::Withdrawn:
      return RemovalReason::Withdrawn;
    case CloseReason::FileError:
      return RemovalReason::FileError;
    case CloseReason::Refused:
      return RemovalReason::Refused;
  }
  return RemovalReason::Completed;
}

}  // namespace

Uploader::Upload* Uploader::by_connection(ConnectionId connection) {
  const auto it = connections_.find(connection);
  if (it == connections_.end()) return nullptr;
  const auto upload = uploads_.find(it->second);
  return upload == uploads_.end() ? nullptr : &upload->second;
}

// The GET names only the requester's nick; the handle is not on the line.
Uploader::Upload* Uploader::granted_for(std::string_view nick, std::string_view file) {
  for (auto& [id, upload] : uploads_)
    if (upload.state == State::AwaitingGet && upload.key.peer.name == nick && upload.key.file == file)
      return policy_.is_banned(upload.key.peer) ? nullptr : &upload;
  return nullptr;
}

void Uploader::refuse_connection(ConnectionId connection, protocol::Refusal refusal, Actions& out) {
  out.push_back(SendData{connection, text_bytes(protocol::refusal_text(refusal))});
  const auto reason =
      refusal == protocol::Refusal::FileNotShared ? CloseReason::NotShared : CloseReason::InvalidRequest;
  out.push_back(CloseConnection{connection, reason});
}

Actions Uploader::on_get_line(ConnectionId connection, const protocol::GetRequest& request, TimePoint now) {
  Actions out;
  const auto shared = mediator_.find_shared(request.file);
  Upload* upload = granted_for(request.nick, request.file);
  if (upload == nullptr) {
    refuse_connection(connection, shared ? protocol::Refusal::InvalidRequest : protocol::Refusal::FileNotShared, out);
    // A queued requester learns where it stands (§3.5 [P]), rate-limited.
    for (auto& [id, queued] : uploads_)
      if (queued.state == State::AwaitingSlot && queued.key.peer.name == request.nick &&
          queued.key.file == request.file &&
          (!queued.reported_position || now - queued.reported_at >= policy_.settings().position_update_interval))
        send_position(queued, now, out);
    return done(std::move(out), now);
  }
  if (!shared) {
    refuse_connection(connection, protocol::Refusal::FileNotShared, out);
    finish(*upload, RemovalReason::NotShared, now, out);
    return done(std::move(out), now);
  }
  upload->size = shared->size;
  accept_get(*upload, connection, request, now, out);
  return done(std::move(out), now);
}

void Uploader::accept_get(Upload& upload, ConnectionId connection, const protocol::GetRequest& request, TimePoint now,
                          Actions& out) {
  upload.connection = connection;
  connections_[connection] = upload.id;
  upload.form = request.form;
  if (request.form == protocol::RequestForm::OpenNap && request.start > upload.size) {
    refuse_connection(connection, protocol::Refusal::InvalidRequest, out);
    finish(upload, RemovalReason::InvalidRequest, now, out);
    return;
  }
  policy_.activate(upload.key);
  out.push_back(OpenFile{connection, upload.key.file});
  protocol::Bytes size;
  protocol::append_size_reply(size, upload.size);
  out.push_back(SendData{connection, std::move(size)});
  switch (request.form) {
    case protocol::RequestForm::Wpn:
      upload.deadline = now + timeouts_.request;
      set_state(upload, State::AwaitingSegment, out);
      return;
    case protocol::RequestForm::OpenNap:
      serve_range(upload, {request.start, upload.size}, now, out);
      return;
  }
}

void Uploader::serve_range(Upload& upload, ByteRange range, TimePoint now, Actions& out) {
  upload.range = range;
  upload.sent = 0;
  if (range.empty()) {
    range_done(upload, now, out);
    return;
  }
  out.push_back(SendRange{*upload.connection, range.start, range.end});
  upload.deadline = now + timeouts_.stall;
  upload.progress_at = now;
  set_state(upload, State::AwaitingDrain, out);
}

// A WPN range ending before EOF may be followed by another on the same
// connection (§3.3 [P]); anything else ends the upload.
void Uploader::range_done(Upload& upload, TimePoint now, Actions& out) {
  out.push_back(Publish{TransferProgress{upload.id, upload.sent_total, upload.size}});
  if (upload.form == protocol::RequestForm::Wpn && upload.range.end < upload.size) {
    upload.deadline = now + timeouts_.next_segment;
    set_state(upload, State::AwaitingNextSegment, out);
    return;
  }
  close_and_finish(upload, CloseReason::Completed, now, out);
}

void Uploader::close_and_finish(Upload& upload, CloseReason reason, TimePoint now, Actions& out) {
  if (upload.connection) out.push_back(CloseConnection{*upload.connection, reason});
  finish(upload, removal_reason_of(reason), now, out);
}

Actions Uploader::on_segment(ConnectionId connection, const protocol::Segment& segment, TimePoint now) {
  Actions out;
  Upload* upload = by_connection(connection);
  if (upload == nullptr) return done(std::move(out), now);
  switch (upload->state) {
    case State::AwaitingSegment:
    case State::AwaitingNextSegment:
      on_segment_awaited(*upload, segment, now, out);
      break;
    case State::AwaitingSlot:
    case State::AwaitingGet:
    case State::AwaitingPushConnect:
    case State::AwaitingSendReply:
    case State::AwaitingDrain:
      // Not asked for now (a pipelined request is not part of the protocol).
      refuse_connection(connection, protocol::Refusal::InvalidRequest, out);
      finish(*upload, RemovalReason::InvalidRequest, now, out);
      break;
  }
  return done(std::move(out), now);
}

void Uploader::on_segment_awaited(Upload& upload, const protocol::Segment& segment, TimePoint now, Actions& out) {
  if (segment.start > segment.end || segment.end > upload.size) {
    refuse_connection(*upload.connection, protocol::Refusal::InvalidRequest, out);
    finish(upload, RemovalReason::InvalidRequest, now, out);
    return;
  }
  serve_range(upload, {segment.start, segment.end}, now, out);
}

Actions Uploader::on_bytes_sent(ConnectionId connection, std::uint64_t count, TimePoint now) {
  Actions out;
  Upload* upload = by_connection(connection);
  if (upload == nullptr || upload->state != State::AwaitingDrain) return done(std::move(out), now);
  upload->sent += count;
  upload->sent_total += count;
  upload->deadline = now + timeouts_.stall;
  if (upload->sent >= upload->range.length()) {
    range_done(*upload, now, out);
  } else if (now - upload->progress_at >= ProgressInterval) {
    upload->progress_at = now;
    out.push_back(Publish{TransferProgress{upload->id, upload->sent_total, upload->size}});
  }
  return done(std::move(out), now);
}

Actions Uploader::on_connection_lost(ConnectionId connection, TimePoint now) {
  Actions out;
  Upload* upload = by_connection(connection);
  if (upload == nullptr) return done(std::move(out), now);
  switch (upload->state) {
    case State::AwaitingNextSegment:
      finish(*upload, RemovalReason::Completed, now, out);
      break;
    case State::AwaitingPushConnect:
      finish(*upload, RemovalReason::ConnectFailed, now, out);
      break;
    case State::AwaitingSlot:
    case State::AwaitingGet:
    case State::AwaitingSendReply:
    case State::AwaitingSegment:
    case State::AwaitingDrain:
      finish(*upload, RemovalReason::PeerClosed, now, out);
      break;
  }
  return done(std::move(out), now);
}

Actions Uploader::on_file_error(ConnectionId connection, TimePoint now) {
  Actions out;
  if (Upload* upload = by_connection(connection)) close_and_finish(*upload, CloseReason::FileError, now, out);
  return done(std::move(out), now);
}

void Uploader::on_deadline(Upload& upload, TimePoint now, Actions& out) {
  switch (upload.state) {
    case State::AwaitingNextSegment:
      close_and_finish(upload, CloseReason::Completed, now, out);
      return;
    case State::AwaitingPushConnect:
    case State::AwaitingSendReply:
    case State::AwaitingSegment:
    case State::AwaitingDrain:
      close_and_finish(upload, CloseReason::Timeout, now, out);
      return;
    case State::AwaitingSlot:
    case State::AwaitingGet:
      upload.deadline.reset();  // these wait on the policy, not on a deadline
      return;
  }
}

// 0x1FD6: the downloader asks us to connect out (§3.7). Only a granted slot
// is served; anything else is ignored and left to the downloader's timeout.
Actions Uploader::on_upload_start(const protocol::UploadStart& message, ConnectionId connection, TimePoint now) {
  Actions out;
  const RequestKey key{Peer{message.requester.handle, message.requester.name}, message.requester.file};
  const auto id = find(key);
  if (!id || uploads_.at(*id).state != State::AwaitingGet) return done(std::move(out), now);
  Upload& upload = uploads_.at(*id);
  const auto shared = mediator_.find_shared(key.file);
  if (!shared) {
    send_refusal(key, protocol::TransferRefusal::NotShared, out);
    finish(upload, RemovalReason::NotShared, now, out);
    return done(std::move(out), now);
  }
  upload.size = shared->size;
  upload.connection = connection;
  connections_[connection] = upload.id;
  policy_.activate(key);
  out.push_back(Connect{connection, message.ip, message.data_port});
  upload.deadline = now + timeouts_.push_connect;
  set_state(upload, State::AwaitingPushConnect, out);
  return done(std::move(out), now);
}

Actions Uploader::on_connected(ConnectionId connection, TimePoint now) {
  Actions out;
  Upload* upload = by_connection(connection);
  if (upload == nullptr || upload->state != State::AwaitingPushConnect) return done(std::move(out), now);
  protocol::Bytes line;
  if (!protocol::append_send_line(line, mediator_.own_name(), upload->key.file, upload->size)) {
    close_and_finish(*upload, CloseReason::InvalidRequest, now, out);
    return done(std::move(out), now);
  }
  out.push_back(OpenFile{connection, upload->key.file});
  send_request_line(out, connection, std::move(line));
  upload->deadline = now + timeouts_.request;
  set_state(*upload, State::AwaitingSendReply, out);
  return done(std::move(out), now);
}

Actions Uploader::on_send_reply(ConnectionId connection, const protocol::SendReply& reply, TimePoint now) {
  Actions out;
  Upload* upload = by_connection(connection);
  if (upload == nullptr || upload->state != State::AwaitingSendReply) return done(std::move(out), now);
  switch (reply.kind) {
    case protocol::SendReplyKind::Offset:
      upload->form = protocol::RequestForm::OpenNap;
      if (reply.offset > upload->size) {
        close_and_finish(*upload, CloseReason::InvalidRequest, now, out);
        break;
      }
      serve_range(*upload, {reply.offset, upload->size}, now, out);
      break;
    case protocol::SendReplyKind::Segment:
      upload->form = protocol::RequestForm::Wpn;
      on_segment_awaited(*upload, reply.segment, now, out);
      break;
    case protocol::SendReplyKind::Refused:
      close_and_finish(*upload, CloseReason::Refused, now, out);
      break;
  }
  return done(std::move(out), now);
}

}  // namespace wpn::transfer
