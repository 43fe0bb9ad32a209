#include "transfer/downloader.h"

#include <algorithm>
#include <initializer_list>

#include "protocol/codecs/transfer_requests.h"

namespace wpn::transfer {

namespace {

std::uint32_t best_position(const Download& d) {
  std::uint32_t best = 0;
  for (const auto& s : d.sources)
    if (s.state == SourceState::RemotelyQueued && s.position > 0 && (best == 0 || s.position < best)) best = s.position;
  return best;
}

bool any_source(const Download& d, std::initializer_list<SourceState> states) {
  return std::any_of(d.sources.begin(), d.sources.end(), [&](const DownloadSource& s) {
    return std::find(states.begin(), states.end(), s.state) != states.end();
  });
}

// A download whose every source failed only searches: it leaves its slot to the waiting ones
// (one that finds a source goes on beside them), so a few files gone from the network do
// not hold every other download back.
bool holds_slot(const Download& d) {
  if (d.state == DownloadState::Verifying) return true;
  if (d.state != DownloadState::Active) return false;
  return std::any_of(d.sources.begin(), d.sources.end(), [](const DownloadSource& s) { return !is_failed(s.state); });
}

}  // namespace

// An active download is as far as its furthest source.
DownloadSummary summarise(const Download& d) noexcept {
  switch (d.state) {
    case DownloadState::LocalQueued:
      return {TransferPhase::Queued, WaitReason::NoFreeSlot, 0};
    case DownloadState::Verifying:
      return {TransferPhase::Verifying, WaitReason::None, 0};
    case DownloadState::Complete:
      return {TransferPhase::Finished, WaitReason::None, 0};
    case DownloadState::FailedCorrupt:
      return {TransferPhase::Failed, WaitReason::None, 0};
    case DownloadState::Active:
      break;
  }
  if (any_source(d, {SourceState::Negotiating, SourceState::Transferring}))
    return {TransferPhase::Transferring, WaitReason::None, 0};
  if (any_source(d, {SourceState::LocalQueued, SourceState::Requesting, SourceState::Connecting, SourceState::WaitPush,
                     SourceState::Standby}))
    return {TransferPhase::Connecting, WaitReason::None, 0};
  if (any_source(d, {SourceState::RemotelyQueued}))
    return {TransferPhase::Queued, WaitReason::RemoteQueue, best_position(d)};
  if (any_source(d, {SourceState::RetryWait})) return {TransferPhase::Queued, WaitReason::RetryWait, 0};
  return {TransferPhase::Queued, WaitReason::NoSource, 0};
}

DownloadSpec spec_from(const PartialMeta& meta) {
  return DownloadSpec{meta.key, meta.name, meta.media, meta.sources, meta.received};
}

Downloader::Downloader(Mediator& mediator, DownloadSettings settings, TransferIds* ids,
                       const protocol::WireOptions& wire)
    : mediator_(mediator), settings_(std::move(settings)), wire_(wire), ids_(ids != nullptr ? *ids : own_ids_) {}

Actions Downloader::add_download(DownloadSpec spec, TimePoint now, std::optional<TransferId> reuse) {
  Actions out;
  for (auto& [id, d] : downloads_)
    if (d.key == spec.key) {
      for (const auto& address : spec.sources) attach_source(d, address, now, out);
      return done(std::move(out), now);
    }
  auto sources = std::move(spec.sources);
  Download& d = create(std::move(spec), reuse, out);
  for (const auto& address : sources) attach_source(d, address, now, out);
  return done(std::move(out), now);
}

Actions Downloader::add_source(const protocol::FileKey& key, const protocol::TransferAddress& source, TimePoint now) {
  Actions out;
  for (auto& [id, d] : downloads_)
    if (d.key == key) attach_source(d, source, now, out);
  return done(std::move(out), now);
}

Download& Downloader::create(DownloadSpec spec, std::optional<TransferId> reuse, Actions& out) {
  const TransferId id = reuse && downloads_.count(*reuse) == 0 ? *reuse : ids_.next();
  Download& d = downloads_[id];
  d.id = id;
  d.key = spec.key;
  d.name = std::move(spec.name);
  d.media = spec.media;
  d.have = std::move(spec.have);
  d.have.erase({d.size(), UINT64_MAX});
  out.push_back(Publish{TransferAdded{id, Direction::Download, {}, d.name, d.size()}});
  set_state(d, DownloadState::LocalQueued, out);
  return d;
}

// A source is known once per (handle, name, file); a new one joins whatever
// the download is doing.
void Downloader::attach_source(Download& d, const protocol::TransferAddress& address, TimePoint now, Actions& out) {
  const bool known =
      std::any_of(d.sources.begin(), d.sources.end(), [&](const DownloadSource& s) { return s.address == address; });
  if (known || d.state == DownloadState::Complete || d.state == DownloadState::FailedCorrupt) return;
  DownloadSource& s = d.sources.emplace_back();
  s.id = d.next_source++;
  s.address = address;
  if (!protocol::is_requestable_file_name(address.file, protocol::RequestCommand::Get)) {
    set_source(d, s, SourceState::FailedInvalid, out);
    return;
  }
  switch (d.state) {
    case DownloadState::LocalQueued:
      set_source(d, s, SourceState::LocalQueued, out);
      return;
    case DownloadState::Active:
      request(d, s, protocol::DownloadOption::Normal, now, out);
      return;
    case DownloadState::Verifying:
    case DownloadState::Complete:
    case DownloadState::FailedCorrupt:
      set_source(d, s, SourceState::Complete, out);
      return;
  }
}

void Downloader::activate_waiting(TimePoint now, Actions& out) {
  auto active = static_cast<std::uint32_t>(
      std::count_if(downloads_.begin(), downloads_.end(), [](const auto& e) { return holds_slot(e.second); }));
  for (auto& [id, d] : downloads_) {  // ids grow, so this is arrival order
    if (active >= settings_.max_active) return;
    if (d.state != DownloadState::LocalQueued) continue;
    ++active;
    set_state(d, DownloadState::Active, out);
    if (d.have.complete(d.size())) {  // resumed from a complete sidecar
      begin_verify(d, out);
      continue;
    }
    for (auto& s : d.sources)
      if (s.state == SourceState::LocalQueued) request(d, s, protocol::DownloadOption::Normal, now, out);
    const bool any_live =
        std::any_of(d.sources.begin(), d.sources.end(), [](const DownloadSource& s) { return !is_failed(s.state); });
    if (any_live) {
      d.next_search = now + settings_.afs_interval;
    } else {
      search_sources(d, now, out);
    }
  }
}

void Downloader::set_state(Download& d, DownloadState state, Actions& out) {
  d.state = state;
  d.published = summarise(d);
  const FailReason fail = state == DownloadState::FailedCorrupt ? FailReason::ContentMismatch : FailReason::None;
  out.push_back(
      Publish{TransferStateChanged{d.id, d.published.phase, state, d.published.position, d.published.wait, fail, {}}});
}

// A source's change is published, and the download's summary when it moved with it.
void Downloader::set_source(Download& d, DownloadSource& s, SourceState state, Actions& out) {
  s.state = state;
  if (state != SourceState::RemotelyQueued) s.position = 0;
  out.push_back(
      Publish{SourceStateChanged{d.id, s.id, s.address.name, state, s.position, fail_reason_of(state), s.detail}});
  if (summarise(d) != d.published) set_state(d, d.state, out);
}

void Downloader::request(Download& d, DownloadSource& s, protocol::DownloadOption option, TimePoint now, Actions& out) {
  out.push_back(SendPacket{protocol::DownloadRequest{s.address, option}});
  s.last_option = option;
  s.deadline = now + settings_.request_timeout;
  set_source(d, s, SourceState::Requesting, out);
}

// Back-off 60 s, 120 s, 300 s, then the AFS interval (§5.4).
void Downloader::retry_later(Download& d, DownloadSource& s, std::string detail, TimePoint now, Actions& out) {
  unbind(s);
  ++s.failures;
  const auto& steps = settings_.retry_backoff;
  const Duration wait = s.failures <= steps.size() ? steps[s.failures - 1] : settings_.afs_interval;
  s.deadline = now + wait;
  s.detail = std::move(detail);
  set_source(d, s, SourceState::RetryWait, out);
}

void Downloader::drop(Download& d, DownloadSource& s, SourceState failed, std::string detail, Actions& out) {
  unbind(s);
  s.deadline.reset();
  s.detail = std::move(detail);
  set_source(d, s, failed, out);
}

void Downloader::search_sources(Download& d, TimePoint now, Actions& out) {
  out.push_back(FindSources{d.key});
  d.last_search = now;
  d.next_search = now + settings_.afs_interval;
}

// Brings the next search forward, but not closer than search_soon to the last one.
void Downloader::search_soon(Download& d, TimePoint now) {
  const TimePoint at = d.last_search ? std::max(now, *d.last_search + settings_.search_soon) : now;
  if (at < d.next_search) d.next_search = at;
}

Actions Downloader::on_logged_in(TimePoint now) {
  Actions out;
  for (auto& [id, d] : downloads_) {
    if (d.state != DownloadState::Active) continue;
    for (auto& s : d.sources) switch (s.state) {
        case SourceState::Requesting:
        case SourceState::RemotelyQueued:
        case SourceState::WaitPush:
        case SourceState::RetryWait:
          unbind(s);
          s.failures = 0;
          request(d, s, protocol::DownloadOption::Normal, now, out);
          break;
        case SourceState::LocalQueued:
        case SourceState::Connecting:  // a direct connection does not depend on the login
        case SourceState::Negotiating:
        case SourceState::Transferring:
        case SourceState::Standby:
        case SourceState::Complete:
        case SourceState::FailedNotShared:
        case SourceState::FailedFileChanged:
        case SourceState::FailedGone:
        case SourceState::FailedInvalid:
          break;
      }
    search_soon(d, now);
  }
  return done(std::move(out), now);
}

void Downloader::on_deadline(Download& d, DownloadSource& s, TimePoint now, Actions& out) {
  s.deadline.reset();
  switch (s.state) {
    case SourceState::Requesting:
      retry_later(d, s, "no reply", now, out);
      search_soon(d, now);
      return;
    case SourceState::Connecting:
      out.push_back(CloseConnection{*s.connection, CloseReason::Timeout});
      unbind(s);
      ask_push(d, s, now, out);
      return;
    case SourceState::Negotiating:
    case SourceState::Transferring:
      out.push_back(CloseConnection{*s.connection, CloseReason::Timeout});
      lose_segment(d, s, "timed out", now, out);
      return;
    case SourceState::WaitPush:
      retry_later(d, s, "no incoming connection", now, out);
      return;
    case SourceState::RetryWait:
      request(d, s, protocol::DownloadOption::Normal, now, out);
      return;
    case SourceState::RemotelyQueued:
      request(d, s, protocol::DownloadOption::JoinQueue, now, out);
      return;
    case SourceState::LocalQueued:
    case SourceState::Standby:
    case SourceState::Complete:
    case SourceState::FailedNotShared:
    case SourceState::FailedFileChanged:
    case SourceState::FailedGone:
    case SourceState::FailedInvalid:
      return;
  }
}

Actions Downloader::tick(TimePoint now) {
  Actions out;
  for (auto& [id, d] : downloads_) {
    for (auto& s : d.sources)
      if (s.deadline && *s.deadline <= now) on_deadline(d, s, now, out);
    if (d.state == DownloadState::Active && d.next_search <= now) search_sources(d, now, out);
  }
  return done(std::move(out), now);
}

Actions Downloader::cancel(TransferId transfer, TimePoint now) {
  Actions out;
  const auto it = downloads_.find(transfer);
  if (it == downloads_.end()) return done(std::move(out), now);
  for (auto& s : it->second.sources)
    if (s.connection) {
      out.push_back(CloseConnection{*s.connection, CloseReason::Cancelled});
      unbind(s);
    }
  out.push_back(Publish{TransferRemoved{transfer, RemovalReason::Cancelled}});
  downloads_.erase(it);
  return done(std::move(out), now);
}

Actions Downloader::remove(TransferId transfer, TimePoint now) { return cancel(transfer, now); }

Actions Downloader::reconfigure(DownloadSettings settings, TimePoint now) {
  settings_ = std::move(settings);
  return done({}, now);
}

// Every public event ends here: local slots are filled and the next wake-up armed.
Actions Downloader::done(Actions out, TimePoint now) {
  activate_waiting(now, out);
  std::optional<TimePoint> next;
  for (const auto& [id, d] : downloads_) {
    for (const auto& s : d.sources)
      if (s.deadline && (!next || *s.deadline < *next)) next = s.deadline;
    if (d.state == DownloadState::Active && (!next || d.next_search < *next)) next = d.next_search;
  }
  if (next && next != armed_) out.push_back(ArmTimer{*next});
  armed_ = next;
  return out;
}

Downloader::Slot Downloader::by_address(const protocol::TransferAddress& address) {
  for (auto& [id, d] : downloads_)
    for (auto& s : d.sources)
      if (s.address == address) return {&d, &s};
  return {nullptr, nullptr};
}

Downloader::Slot Downloader::by_connection(ConnectionId connection) {
  const auto it = connections_.find(connection);
  if (it == connections_.end()) return {nullptr, nullptr};
  const auto d = downloads_.find(it->second.first);
  if (d == downloads_.end()) return {nullptr, nullptr};
  for (auto& s : d->second.sources)
    if (s.id == it->second.second) return {&d->second, &s};
  return {nullptr, nullptr};
}

const Download* Downloader::find(TransferId transfer) const {
  const auto it = downloads_.find(transfer);
  return it == downloads_.end() ? nullptr : &it->second;
}

const Download* Downloader::find(const protocol::FileKey& key) const {
  for (const auto& [id, d] : downloads_)
    if (d.key == key) return &d;
  return nullptr;
}

std::optional<PartialMeta> Downloader::partial_meta(TransferId transfer) const {
  const Download* d = find(transfer);
  if (d == nullptr) return std::nullopt;
  PartialMeta meta{d->key, d->size(), d->media, d->name, {}, d->have};
  for (const auto& s : d->sources)
    if (!is_failed(s.state)) meta.sources.push_back(s.address);
  return meta;
}

}  // namespace wpn::transfer
