#include "service/ipc/client_connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace wpn::service {

namespace {

constexpr std::size_t ReadChunk = 64 * 1024;
// Bytes read per readiness event, so one chatty client cannot starve the others.
constexpr std::size_t ReadBudget = 1024 * 1024;

}  // namespace

ClientConnection::ClientConnection(int fd, SubscriberId id, std::size_t max_frame_bytes, std::size_t max_queue_bytes)
    : fd_(fd), decoder_(max_frame_bytes), max_queue_bytes_(max_queue_bytes) {
  context_.id = id;
}

ClientConnection::~ClientConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void ClientConnection::enqueue_reply(std::string_view payload) { enqueue(payload, false); }
void ClientConnection::enqueue_event(std::string_view payload) { enqueue(payload, true); }

void ClientConnection::enqueue(std::string_view payload, bool capped) {
  std::lock_guard lock(mutex_);
  if (overflowed_) return;
  const std::size_t size = ipc::FrameHeaderBytes + payload.size();
  if (capped && queued_bytes_ + size > max_queue_bytes_) {
    overflowed_ = true;
    return;
  }
  queue_.push_back(ipc::encode_frame(payload));
  queued_bytes_ += size;
}

bool ClientConnection::overflowed() const {
  std::lock_guard lock(mutex_);
  return overflowed_;
}

bool ClientConnection::has_output() const {
  std::lock_guard lock(mutex_);
  return !queue_.empty();
}

bool ClientConnection::backlogged() const {
  std::lock_guard lock(mutex_);
  return queued_bytes_ > max_queue_bytes_ / 2;
}

std::size_t ClientConnection::queued_bytes() const {
  std::lock_guard lock(mutex_);
  return queued_bytes_;
}

std::uint64_t ClientConnection::begin_request(ipc::RequestId id, std::chrono::steady_clock::time_point deadline) {
  std::lock_guard lock(mutex_);
  const std::uint64_t ticket = next_ticket_++;
  pending_.emplace(ticket, PendingRequest{id, deadline});
  return ticket;
}

bool ClientConnection::finish_request(std::uint64_t ticket, std::string_view payload) {
  std::lock_guard lock(mutex_);
  if (pending_.erase(ticket) == 0) return false;
  if (overflowed_) return true;  // the connection is being dropped anyway
  queue_.push_back(ipc::encode_frame(payload));
  queued_bytes_ += ipc::FrameHeaderBytes + payload.size();
  return true;
}

std::size_t ClientConnection::expire_requests(std::chrono::steady_clock::time_point now,
                                              const std::function<std::string(ipc::RequestId)>& reply_for) {
  std::lock_guard lock(mutex_);
  std::size_t expired = 0;
  while (!pending_.empty() && pending_.begin()->second.deadline <= now) {
    const std::string payload = reply_for(pending_.begin()->second.id);
    pending_.erase(pending_.begin());
    queue_.push_back(ipc::encode_frame(payload));
    queued_bytes_ += ipc::FrameHeaderBytes + payload.size();
    ++expired;
  }
  return expired;
}

std::size_t ClientConnection::requests_in_flight() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

std::optional<std::chrono::steady_clock::time_point> ClientConnection::next_request_deadline() const {
  std::lock_guard lock(mutex_);
  if (pending_.empty()) return std::nullopt;
  return pending_.begin()->second.deadline;
}

IoStatus ClientConnection::read_available() {
  std::array<char, ReadChunk> buffer{};
  std::size_t total = 0;
  while (total < ReadBudget) {
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (got > 0) {
      decoder_.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
      total += static_cast<std::size_t>(got);
      continue;
    }
    if (got == 0) return IoStatus::Closed;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStatus::WouldBlock;
    return IoStatus::Failed;
  }
  return IoStatus::Ok;
}

IoStatus ClientConnection::write_queued() {
  std::lock_guard lock(mutex_);
  while (!queue_.empty()) {
    const std::string& front = queue_.front();
    const ssize_t sent = ::send(fd_, front.data() + front_offset_, front.size() - front_offset_, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStatus::WouldBlock;
      return errno == EPIPE || errno == ECONNRESET ? IoStatus::Closed : IoStatus::Failed;
    }
    front_offset_ += static_cast<std::size_t>(sent);
    queued_bytes_ -= static_cast<std::size_t>(sent);
    if (front_offset_ == front.size()) {
      queue_.pop_front();
      front_offset_ = 0;
    }
  }
  return IoStatus::Ok;
}

void ClientConnection::close_after_flush(std::chrono::steady_clock::time_point deadline, const char* reason) {
  if (closing_) return;
  closing_ = true;
  close_deadline_ = deadline;
  close_reason_ = reason;
}

}  // namespace wpn::service
