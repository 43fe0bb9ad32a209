#include "net/cache_client.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <utility>

#include <Poco/Logger.h>

namespace wpn::net {

namespace {
constexpr auto FetchTimeout = std::chrono::seconds(5);
Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }
}  // namespace

CacheClient::CacheClient(EventLoop& loop, Done done) : loop_(loop), done_(std::move(done)) {}

CacheClient::~CacheClient() {
  if (watched_) loop_.unwatch(fd_);
  if (timer_ != TimerId::None) loop_.cancel_timer(timer_);
}

std::shared_ptr<CacheClient> CacheClient::fetch(EventLoop& loop, const Poco::Net::SocketAddress& cache,
                                                const std::string& bind_ip, Done done) {
  return announce(loop, cache, bind_ip, MakeRegistration{}, std::move(done));
}

std::shared_ptr<CacheClient> CacheClient::announce(EventLoop& loop, const Poco::Net::SocketAddress& cache,
                                                   const std::string& bind_ip, MakeRegistration make, Done done,
                                                   CandidatesDone candidates, protocol::LinkReport links) {
  auto client = std::make_shared<CacheClient>(loop, std::move(done));
  client->make_ = std::move(make);
  if (client->make_) client->candidates_ = std::move(candidates);
  if (client->candidates_) client->links_ = std::move(links);
  try {
    if (!bind_ip.empty()) client->socket_.impl()->bind(Poco::Net::SocketAddress(bind_ip, 0), false);
    client->socket_.connectNB(cache);
  } catch (const Poco::Exception& e) {
    logger().warning("peer cache %s: %s", cache.toString(), e.displayText());
    loop.post([client] { client->finish(std::nullopt); });
    return client;
  }
  client->fd_ = static_cast<int>(client->socket_.impl()->sockfd());
  std::weak_ptr<CacheClient> weak = client;
  client->timer_ = loop.add_timer(FetchTimeout, [weak] {
    if (auto self = weak.lock()) {
      self->timer_ = TimerId::None;
      // The reply in hand, a cache slow with candidates still gave the list.
      const bool complete = self->reader_.status() == protocol::CacheReplyReader::Status::Complete;
      self->finish(complete ? self->reader_.reply() : std::nullopt);
    }
  });
  loop.watch(client->fd_, true, static_cast<bool>(client->make_), [weak](IoReady ready) {
    if (auto self = weak.lock()) self->on_io(ready);
  });
  client->watched_ = true;
  return client;
}

// False when the connection failed; true when sent or still waiting to be writable.
bool CacheClient::send_pending() {
  const ssize_t n = ::send(fd_, pending_.data(), pending_.size(), MSG_NOSIGNAL);
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ENOTCONN;
  pending_.erase(pending_.begin(), pending_.begin() + n);
  if (pending_.empty()) loop_.modify(fd_, true, false);
  return true;
}

void CacheClient::on_io(IoReady ready) {
  auto keep = shared_from_this();
  if (make_ && (ready.writable || ready.error)) {
    Poco::Net::SocketAddress local;
    try {
      local = socket_.address();  // getsockname: the address this connection leaves from
    } catch (const Poco::Exception& e) {
      logger().warning("peer cache connection: %s", e.displayText());
      return finish(std::nullopt);
    }
    pending_ = std::exchange(make_, nullptr)(local);
    if (candidates_ && !pending_.empty())
      pending_.insert(pending_.end(), protocol::CandidateQueryMagic.begin(), protocol::CandidateQueryMagic.end());
    if (candidates_ && !pending_.empty() && !links_.hubs.empty()) protocol::encode(std::exchange(links_, {}), pending_);
    if (pending_.empty()) loop_.modify(fd_, true, false);
  }
  if (!pending_.empty() && (ready.writable || ready.error) && !send_pending()) return finish(std::nullopt);
  protocol::Byte buffer[512];
  using Status = protocol::CacheReplyReader::Status;
  for (;;) {
    if (reader_.status() == Status::Failed) {
      logger().warning("peer cache reply rejected: %s", protocol::to_string(*reader_.error()));
      return finish(std::nullopt);
    }
    if (reader_.status() == Status::Complete && (!candidates_ || read_candidates({}))) return finish(reader_.reply());
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0) {
      // Closed: before 149 bytes a failure; after them, an older cache that sends no candidates.
      if (reader_.status() != Status::Complete) return finish(std::nullopt);
      if (auto done = std::exchange(candidates_, nullptr)) done({});
      return finish(reader_.reply());
    }
    const protocol::ByteView got(buffer, static_cast<std::size_t>(n));
    const std::size_t used = reader_.status() == Status::NeedMore ? reader_.feed(got) : 0;
    if (candidates_ && used < got.size() && read_candidates(got.subspan(used))) {
      if (reader_.status() == Status::Complete) return finish(reader_.reply());
    }
  }
}

bool CacheClient::read_candidates(protocol::ByteView more) {
  const auto room = protocol::CandidateListHeadLength + protocol::MaxLinkCandidates * protocol::CandidateEntryLength;
  const auto take = std::min(more.size(), room - std::min(room, candidate_bytes_.size()));
  candidate_bytes_.insert(candidate_bytes_.end(), more.begin(), more.begin() + static_cast<std::ptrdiff_t>(take));
  const auto length = protocol::link_candidates_length(candidate_bytes_);
  const bool over = candidate_bytes_.size() >= room;
  if (!candidates_) return true;
  if (!over && (!length || candidate_bytes_.size() < *length)) return false;
  auto list = protocol::decode_link_candidates(
      protocol::ByteView(candidate_bytes_)
          .first(std::min(candidate_bytes_.size(), length.value_or(candidate_bytes_.size()))));
  if (!list) logger().warning("peer cache link candidates rejected: %s", protocol::to_string(list.error()));
  std::exchange(candidates_, nullptr)(list ? std::move(*list) : protocol::LinkCandidates{});
  return true;
}

void CacheClient::cancel() {
  done_ = nullptr;
  candidates_ = nullptr;
  finish(std::nullopt);
}

void CacheClient::finish(std::optional<protocol::CacheReply> reply) {
  finished_ = true;
  if (watched_) {
    loop_.unwatch(fd_);
    watched_ = false;
  }
  if (timer_ != TimerId::None) {
    loop_.cancel_timer(timer_);
    timer_ = TimerId::None;
  }
  try {
    socket_.close();
  } catch (const Poco::Exception&) {
  }
  if (auto done = std::move(done_)) {
    done_ = nullptr;
    done(std::move(reply));
  }
}

}  // namespace wpn::net
