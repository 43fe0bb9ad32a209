// Downloader: data connections and segments (filesharing.md §3.3, §3.6, §3.7).
#include <algorithm>
#include <chrono>

#include "transfer/downloader.h"
#include "transfer/request_line.h"
#include "transfer/segment_planner.h"

namespace wpn::transfer {
namespace {

constexpr auto ProgressInterval = std::chrono::seconds(1);

protocol::Bytes text_bytes(std::string_view text) {
  const auto view = protocol::as_bytes(text);
  return {view.begin(), view.end()};
}

// Segments other sources are fetching, and which source holds each.
struct InFlight {
  std::vector<ByteRange> ranges;
  std::vector<DownloadSource*> holders;
};

std::vector<ByteRange> flight_ranges(const Download& d, const DownloadSource* except) {
  std::vector<ByteRange> ranges;
  for (const auto& s : d.sources)
    if (&s != except && s.state == SourceState::Transferring) ranges.push_back(s.segment);
  return ranges;
}

InFlight in_flight(Download& d, const DownloadSource* except) {
  InFlight f;
  for (auto& s : d.sources)
    if (&s != except && s.state == SourceState::Transferring) {
      f.ranges.push_back(s.segment);
      f.holders.push_back(&s);
    }
  return f;
}

}  // namespace

void Downloader::bind(Download& d, DownloadSource& s, ConnectionId connection) {
  s.connection = connection;
  connections_[connection] = {d.id, s.id};
}

void Downloader::unbind(DownloadSource& s) {
  if (s.connection) connections_.erase(*s.connection);
  s.connection.reset();
  s.segment = {};
  s.received = 0;
}

bool Downloader::has_work(const Download& d, const DownloadSource& s) const {
  return plan_segment(d.have, d.size(), flight_ranges(d, &s), settings_.min_split).has_value();
}

// A split shortens the running segment it came from: that source is told to
// stop where the new one starts.
std::optional<ByteRange> Downloader::assign_segment(Download& d, DownloadSource& s, Actions& out) {
  const auto f = in_flight(d, &s);
  const auto plan = plan_segment(d.have, d.size(), f.ranges, settings_.min_split);
  if (!plan) return std::nullopt;
  if (plan->shrinks) {
    DownloadSource& other = *f.holders[*plan->shrinks];
    other.segment.end = plan->range.start;
    out.push_back(LimitRange{*other.connection, plan->range.start});
  }
  return plan->range;
}

Actions Downloader::on_connected(ConnectionId connection, TimePoint now) {
  Actions out;
  auto [d, s] = by_connection(connection);
  if (s == nullptr || s->state != SourceState::Connecting) return done(std::move(out), now);
  protocol::Bytes line;
  if (!protocol::append_get_wpn(line, mediator_.own_name(), s->address.file)) {
    out.push_back(CloseConnection{connection, CloseReason::InvalidRequest});
    drop(*d, *s, SourceState::FailedInvalid, "name not requestable", out);
    return done(std::move(out), now);
  }
  send_request_line(out, connection, std::move(line));
  s->deadline = now + settings_.reply_timeout;
  set_source(*d, *s, SourceState::Negotiating, out);
  return done(std::move(out), now);
}

Actions Downloader::on_size_reply(ConnectionId connection, const protocol::SizeReply& reply, TimePoint now) {
  Actions out;
  auto [d, s] = by_connection(connection);
  if (s == nullptr || s->state != SourceState::Negotiating) return done(std::move(out), now);
  if (reply.kind == protocol::SizeReplyKind::Refused) {
    out.push_back(CloseConnection{connection, CloseReason::Refused});
    if (protocol::classify_download_failure(reply.text) == protocol::TransferRefusal::NotShared) {
      drop(*d, *s, SourceState::FailedNotShared, reply.text, out);
      search_soon(*d, now);
    } else {
      retry_later(*d, *s, reply.text, now, out);
    }
    return done(std::move(out), now);
  }
  if (reply.kind != protocol::SizeReplyKind::Total || reply.value != d->size()) {
    out.push_back(CloseConnection{connection, CloseReason::FileChanged});
    drop(*d, *s, SourceState::FailedFileChanged, "size differs", out);
    return done(std::move(out), now);
  }
  const auto range = assign_segment(*d, *s, out);
  if (!range) {
    out.push_back(CloseConnection{connection, CloseReason::NotNeeded});
    unbind(*s);
    s->deadline.reset();
    set_source(*d, *s, SourceState::Standby, out);
    return done(std::move(out), now);
  }
  protocol::Bytes segment;
  protocol::append_segment(segment, {static_cast<std::uint32_t>(range->start), static_cast<std::uint32_t>(range->end)},
                           wire_.segment_byte_order);
  out.push_back(SendData{connection, std::move(segment)});
  begin_segment(*d, *s, *range, now, out);
  return done(std::move(out), now);
}

void Downloader::begin_segment(Download& d, DownloadSource& s, ByteRange range, TimePoint now, Actions& out) {
  s.segment = range;
  s.received = 0;
  s.deadline = now + settings_.stall_timeout;
  out.push_back(ReceiveRange{*s.connection, d.key, range.start, range.end});
  set_source(d, s, SourceState::Transferring, out);
}

Actions Downloader::on_data(ConnectionId connection, std::uint64_t count, TimePoint now) {
  Actions out;
  auto [d, s] = by_connection(connection);
  if (s == nullptr || s->state != SourceState::Transferring) return done(std::move(out), now);
  const std::uint64_t at = s->segment.start + s->received;
  const std::uint64_t end = std::min(at + count, s->segment.end);
  d->have.insert({at, end});
  s->received += count;
  s->failures = 0;
  s->deadline = now + settings_.stall_timeout;
  if (at + count >= s->segment.end) {
    segment_done(*d, *s, now, out);
  } else {
    publish_progress(*d, now, false, out);
    if (now - d->saved_at >= settings_.checkpoint_interval) save(*d, now, out, true);
  }
  return done(std::move(out), now);
}

void Downloader::segment_done(Download& d, DownloadSource& s, TimePoint now, Actions& out) {
  out.push_back(CloseConnection{*s.connection, CloseReason::Completed});
  unbind(s);
  s.deadline.reset();
  publish_progress(d, now, true, out);
  if (d.have.complete(d.size())) {
    begin_verify(d, out);
    return;
  }
  save(d, now, out);
  after_segment(d, s, now, out);
}

// One range per connection (§3.3 [P]): more work means a new request.
void Downloader::after_segment(Download& d, DownloadSource& s, TimePoint now, Actions& out) {
  if (has_work(d, s)) {
    request(d, s, protocol::DownloadOption::Normal, now, out);
  } else {
    set_source(d, s, SourceState::Standby, out);
  }
}

// The segment's bytes not yet received become free for others.
void Downloader::lose_segment(Download& d, DownloadSource& s, std::string detail, TimePoint now, Actions& out) {
  const bool had_segment = s.state == SourceState::Transferring;
  retry_later(d, s, std::move(detail), now, out);
  if (had_segment) {
    save(d, now, out);
    wake_standby(d, now, out);
  }
}

void Downloader::wake_standby(Download& d, TimePoint now, Actions& out) {
  for (auto& s : d.sources)
    if (s.state == SourceState::Standby && has_work(d, s)) request(d, s, protocol::DownloadOption::Normal, now, out);
}

void Downloader::begin_verify(Download& d, Actions& out) {
  for (auto& s : d.sources) {
    if (s.connection) out.push_back(CloseConnection{*s.connection, CloseReason::NotNeeded});
    unbind(s);
    s.deadline.reset();
    if (!is_failed(s.state)) set_source(d, s, SourceState::Complete, out);
  }
  // Not synced here: the check flushes the part file and this sidecar off the loop first.
  out.push_back(SavePartial{*partial_meta(d.id), true});
  set_state(d, DownloadState::Verifying, out);
  out.push_back(VerifyFile{d.key});
}

Actions Downloader::on_verified(const protocol::FileKey& key, bool matches, TimePoint now) {
  Actions out;
  for (auto& [id, d] : downloads_) {
    if (d.key != key || d.state != DownloadState::Verifying) continue;
    if (matches) {
      set_state(d, DownloadState::Complete, out);
      out.push_back(FinishFile{d.key, d.name});
    } else if (d.verify_restarts < settings_.max_verify_restarts) {
      // No full-file hash exists to find the bad bytes (§3.6): start over.
      ++d.verify_restarts;
      d.have.clear();
      set_state(d, DownloadState::Active, out);
      out.push_back(SavePartial{*partial_meta(d.id)});
      for (auto& s : d.sources)
        if (s.state == SourceState::Complete) request(d, s, protocol::DownloadOption::Normal, now, out);
    } else {
      set_state(d, DownloadState::FailedCorrupt, out);
    }
  }
  return done(std::move(out), now);
}

Actions Downloader::on_connection_lost(ConnectionId connection, LossReason reason, TimePoint now) {
  Actions out;
  auto [d, s] = by_connection(connection);
  if (s == nullptr) return done(std::move(out), now);
  switch (s->state) {
    case SourceState::Connecting:
      unbind(*s);
      ask_push(*d, *s, now, out);  // maybe we cannot reach it, but it can reach us
      break;
    case SourceState::Negotiating:
    case SourceState::Transferring:
      if (reason == LossReason::SizeMismatch) {
        drop(*d, *s, SourceState::FailedFileChanged, "size differs", out);
      } else {
        lose_segment(*d, *s, reason == LossReason::Closed ? "connection lost" : "protocol error", now, out);
      }
      break;
    case SourceState::LocalQueued:
    case SourceState::Requesting:
    case SourceState::RemotelyQueued:
    case SourceState::WaitPush:
    case SourceState::RetryWait:
    case SourceState::Standby:
    case SourceState::Complete:
    case SourceState::FailedNotShared:
    case SourceState::FailedFileChanged:
    case SourceState::FailedGone:
    case SourceState::FailedInvalid:
      unbind(*s);
      break;
  }
  return done(std::move(out), now);
}

void Downloader::refuse_send(ConnectionId connection, CloseReason reason, Actions& out) {
  out.push_back(SendData{connection, text_bytes(protocol::InvalidRequestText)});
  out.push_back(CloseConnection{connection, reason});
}

// A pushed upload is accepted only from a source we asked (§3.7): same name,
// same file, in WaitPush. We answer with the start offset and close at the
// segment's end (the uploader streams to EOF).
Actions Downloader::on_send_request(ConnectionId connection, const protocol::SendRequest& request, TimePoint now) {
  Actions out;
  Download* d = nullptr;
  DownloadSource* s = nullptr;
  for (auto& [id, download] : downloads_)
    for (auto& source : download.sources)
      if (source.state == SourceState::WaitPush && source.address.name == request.nick &&
          source.address.file == request.file && s == nullptr) {
        d = &download;
        s = &source;
      }
  if (s == nullptr) {
    refuse_send(connection, CloseReason::InvalidRequest, out);
    return done(std::move(out), now);
  }
  if (request.size != d->size()) {
    refuse_send(connection, CloseReason::FileChanged, out);
    drop(*d, *s, SourceState::FailedFileChanged, "size differs", out);
    return done(std::move(out), now);
  }
  const auto range = assign_segment(*d, *s, out);
  if (!range) {
    refuse_send(connection, CloseReason::NotNeeded, out);
    s->deadline.reset();
    set_source(*d, *s, SourceState::Standby, out);
    return done(std::move(out), now);
  }
  bind(*d, *s, connection);
  protocol::Bytes offset;
  protocol::append_offset_reply(offset, range->start);
  out.push_back(SendData{connection, std::move(offset)});
  begin_segment(*d, *s, *range, now, out);
  return done(std::move(out), now);
}

void Downloader::save(Download& d, TimePoint now, Actions& out, bool checkpoint) {
  d.saved_at = now;
  out.push_back(SavePartial{*partial_meta(d.id), checkpoint});
}

void Downloader::publish_progress(Download& d, TimePoint now, bool force, Actions& out) {
  if (!force && now - d.progress_at < ProgressInterval) return;
  d.progress_at = now;
  out.push_back(Publish{TransferProgress{d.id, d.have.covered(), d.size()}});
}

}  // namespace wpn::transfer
