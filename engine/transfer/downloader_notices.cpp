// Downloader: answers relayed by our primary (filesharing.md §4.3, §4.4, §5.2).
#include "protocol/codecs/common.h"
#include "protocol/codecs/transfer_requests.h"
#include "transfer/downloader.h"

namespace wpn::transfer {

namespace {

// A source whose 0x1F41 is still open takes a slot (0x1FC2) or a queue place (0x1FCC). A
// late answer during the retry wait still counts; in the other states it was not asked for
// now, and the uploader's unused-slot timeout frees the slot.
bool awaits_answer(SourceState state) {
  switch (state) {
    case SourceState::Requesting:
    case SourceState::RemotelyQueued:
    case SourceState::RetryWait:
      return true;
    case SourceState::LocalQueued:
    case SourceState::Connecting:
    case SourceState::Negotiating:
    case SourceState::WaitPush:
    case SourceState::Transferring:
    case SourceState::Standby:
    case SourceState::Complete:
    case SourceState::FailedNotShared:
    case SourceState::FailedFileChanged:
    case SourceState::FailedGone:
    case SourceState::FailedInvalid:
      return false;
  }
  return false;
}

}  // namespace

// The holder may have logged in again since we asked: the primary relays its answer under
// its new name suffix (same base name, primary and file), to our request. Without this the
// grant went unused until the holder's unused-slot timeout.
Downloader::Slot Downloader::answering(const protocol::TransferAddress& holder) {
  auto found = by_address(holder);
  if (found.second != nullptr) return found;
  const auto base = protocol::base_name_of(holder.name);
  for (auto& [id, d] : downloads_)
    for (auto& s : d.sources)
      if (awaits_answer(s.state) && s.address.handle == holder.handle && s.address.file == holder.file &&
          protocol::base_name_of(s.address.name) == base) {
        s.address.name = holder.name;
        return {&d, &s};
      }
  return {nullptr, nullptr};
}

Actions Downloader::on_download_start(const protocol::DownloadStart& message, ConnectionId connection, TimePoint now) {
  Actions out;
  auto [d, s] = answering(message.holder);
  if (s != nullptr && awaits_answer(s->state)) start_connect(*d, *s, message, connection, now, out);
  return done(std::move(out), now);
}

// Port 0 means the uploader cannot accept connections: ask for a push (§4.4).
void Downloader::start_connect(Download& d, DownloadSource& s, const protocol::DownloadStart& message,
                               ConnectionId connection, TimePoint now, Actions& out) {
  s.detail.clear();
  if (message.data_port == 0) {
    ask_push(d, s, now, out);
    return;
  }
  bind(d, s, connection);
  out.push_back(Connect{connection, message.ip, message.data_port});
  s.deadline = now + settings_.connect_timeout;
  set_source(d, s, SourceState::Connecting, out);
}

void Downloader::ask_push(Download& d, DownloadSource& s, TimePoint now, Actions& out) {
  out.push_back(SendPacket{protocol::PushRequest{s.address}});
  s.deadline = now + settings_.push_timeout;
  set_source(d, s, SourceState::WaitPush, out);
}

Actions Downloader::on_download_queued(const protocol::DownloadQueued& message, TimePoint now) {
  Actions out;
  auto [d, s] = answering(message.holder);
  if (s == nullptr) return done(std::move(out), now);
  if (awaits_answer(s->state)) {
    s->deadline = now + settings_.queue_refresh;  // the uploader reports progress; silence is asked about
    s->position = message.position.value_or(0);
    s->queue_length = message.queue_length.value_or(0);
    s->detail.clear();
    set_source(*d, *s, SourceState::RemotelyQueued, out);
  }
  return done(std::move(out), now);
}

Actions Downloader::on_download_failed(const protocol::DownloadFailed& message, TimePoint now) {
  Actions out;
  auto [d, s] = by_address(message.holder);
  if (s == nullptr) return done(std::move(out), now);
  switch (s->state) {
    case SourceState::Requesting:
    case SourceState::RemotelyQueued:
    case SourceState::WaitPush:
      on_refusal(*d, *s, message.status, now, out);
      break;
    case SourceState::LocalQueued:
    case SourceState::Connecting:  // the connection itself decides
    case SourceState::Negotiating:
    case SourceState::Transferring:
    case SourceState::RetryWait:
    case SourceState::Standby:
    case SourceState::Complete:
    case SourceState::FailedNotShared:
    case SourceState::FailedFileChanged:
    case SourceState::FailedGone:
    case SourceState::FailedInvalid:
      break;
  }
  return done(std::move(out), now);
}

// Busy: one option-1 re-request per busy answer to an option-0 request, if
// the queue is short enough (AEQ); a busy answer to option 1 backs off, which
// breaks the "busy queueable loop" (§5.2). An unknown length counts as short.
void Downloader::on_refusal(Download& d, DownloadSource& s, const std::string& status, TimePoint now, Actions& out) {
  switch (protocol::classify_download_failure(status)) {
    case protocol::TransferRefusal::NotShared:
      drop(d, s, SourceState::FailedNotShared, status, out);
      search_soon(d, now);  // renamed or moved there: a hash search finds it again
      return;
    case protocol::TransferRefusal::Busy: {
      const auto length = protocol::busy_queue_length(status);
      const bool may_queue = settings_.auto_enter_queue && s.last_option == protocol::DownloadOption::Normal &&
                             (!length || *length <= settings_.aeq_threshold);
      s.detail = status;
      if (may_queue) {
        request(d, s, protocol::DownloadOption::JoinQueue, now, out);
      } else {
        retry_later(d, s, status, now, out);
      }
      return;
    }
    case protocol::TransferRefusal::TimedOut:
      retry_later(d, s, status, now, out);
      return;
    case protocol::TransferRefusal::Other:  // e.g. no such user: back under a new name?
      // A name the primary keeps not knowing is gone for good (a new login has a new suffix):
      // dropped, it is no longer asked every AFS interval for ever.
      if (s.failures + 1 >= settings_.unknown_source_drop) {
        drop(d, s, SourceState::FailedGone, status, out);
      } else {
        retry_later(d, s, status, now, out);
      }
      search_soon(d, now);
      return;
  }
}

Actions Downloader::on_source_gone(const protocol::TransferAddress& source, TimePoint now) {
  Actions out;
  auto [d, s] = by_address(source);
  if (s == nullptr || is_failed(s->state)) return done(std::move(out), now);
  const bool had_segment = s->state == SourceState::Transferring;
  if (s->connection) out.push_back(CloseConnection{*s->connection, CloseReason::Cancelled});
  drop(*d, *s, SourceState::FailedGone, "offline", out);
  if (had_segment) wake_standby(*d, now, out);
  search_soon(*d, now);
  return done(std::move(out), now);
}

}  // namespace wpn::transfer
