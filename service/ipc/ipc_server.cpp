#include "service/ipc/ipc_server.h"

#include <Poco/Logger.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "service/ipc/peer_credentials.h"

namespace wpn::service {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto CloseGrace = std::chrono::seconds(5);

std::string errno_text() { return std::strerror(errno); }

tl::expected<sockaddr_un, std::string> unix_address(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string text = path.string();
  if (text.size() >= sizeof address.sun_path)
    return tl::unexpected("socket path too long (" + std::to_string(text.size()) + " bytes, at most " +
                          std::to_string(sizeof address.sun_path - 1) + "): " + text);
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  return address;
}

// A socket file nobody answers on is left over from a crash; one that answers is a
// running wpnd.
bool socket_is_live(const sockaddr_un& address) {
  const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (probe < 0) return false;
  const bool live = ::connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(probe);
  return live;
}

}  // namespace

Waker::Waker() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

Waker::~Waker() {
  if (fd_ >= 0) ::close(fd_);
}

void Waker::wake() const noexcept {
  const std::uint64_t one = 1;
  if (fd_ >= 0) (void)!::write(fd_, &one, sizeof one);
}

void Waker::drain() const noexcept {
  std::uint64_t count = 0;
  (void)!::read(fd_, &count, sizeof count);
}

IpcServer::IpcServer(Dispatcher& dispatcher, IpcServerOptions options, Poco::Logger& log)
    : dispatcher_(dispatcher), options_(std::move(options)), log_(log) {}

IpcServer::~IpcServer() { stop(); }

tl::expected<void, std::string> IpcServer::start() {
  auto address = unix_address(options_.socket_path);
  if (!address) return tl::unexpected(address.error());
  struct stat st {};
  if (::lstat(options_.socket_path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) return tl::unexpected(options_.socket_path.string() + " exists and is not a socket");
    if (socket_is_live(*address))
      return tl::unexpected("another wpnd is already listening on " + options_.socket_path.string());
    ::unlink(options_.socket_path.c_str());
  }
  listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return tl::unexpected("socket: " + errno_text());
  if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&*address), sizeof *address) != 0)
    return tl::unexpected("cannot bind " + options_.socket_path.string() + ": " + errno_text());
  // The directory is 0700 already; the socket itself is narrowed too.
  if (::chmod(options_.socket_path.c_str(), 0600) != 0)
    return tl::unexpected("cannot chmod " + options_.socket_path.string() + ": " + errno_text());
  if (::listen(listen_fd_, 16) != 0) return tl::unexpected("listen: " + errno_text());
  waker_ = std::make_shared<Waker>();
  if (waker_->fd() < 0) return tl::unexpected("eventfd: " + errno_text());
  thread_ = std::thread([this] { run(); });
  return {};
}

void IpcServer::stop() {
  if (thread_.joinable()) {
    stopping_ = true;
    wake();
    thread_.join();
  }
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    ::unlink(options_.socket_path.c_str());
  }
  waker_.reset();
}

std::size_t IpcServer::client_count() const {
  std::lock_guard lock(clients_mutex_);
  return clients_.size();
}

void IpcServer::wake() noexcept {
  if (waker_) waker_->wake();
}

EventSink IpcServer::sink_for(const std::shared_ptr<ClientConnection>& connection) {
  std::weak_ptr<ClientConnection> weak = connection;
  return [waker = waker_, weak](const HubEvent& event) {
    if (auto target = weak.lock()) {
      target->enqueue_event(event.payload);
      waker->wake();
    }
  };
}

// Runs on the IPC thread (an answer at once) or on the engine's (a late one). A client
// that is gone, or a request that timed out, drops the reply.
ReplyFn IpcServer::reply_for(const std::shared_ptr<ClientConnection>& connection, std::uint64_t ticket) {
  std::weak_ptr<ClientConnection> weak = connection;
  return [waker = waker_, weak, ticket, ipc_thread = std::this_thread::get_id()](const ipc::Reply& reply) {
    auto target = weak.lock();
    if (!target || !target->finish_request(ticket, ipc::encode_reply(reply))) return;
    const bool closes = reply.error && ipc::closes_connection(reply.error->code);
    if (std::this_thread::get_id() == ipc_thread) {
      if (closes) target->close_after_flush(Clock::now() + CloseGrace, "disconnected after an error reply");
      return;
    }
    if (closes) target->request_close();
    waker->wake();
  };
}

std::optional<Clock::time_point> IpcServer::expire_requests(Clock::time_point now) {
  std::optional<Clock::time_point> next;
  const auto timeout_reply = [this](ipc::RequestId id) {
    return ipc::encode_reply(ipc::Reply::failure(
        id, ipc::ErrorCode::Internal,
        "the engine did not answer within " + std::to_string(options_.request_timeout.count()) + " ms"));
  };
  for (const auto& [id, connection] : clients_) {
    if (const std::size_t expired = connection->expire_requests(now, timeout_reply); expired > 0)
      log_.warning("IPC client " + std::to_string(id) + ": " + std::to_string(expired) +
                   " request(s) not answered in time");
    if (const auto due = connection->next_request_deadline(); due && (!next || *due < *next)) next = due;
  }
  return next;
}

void IpcServer::run() {
  std::vector<pollfd> fds;
  std::vector<SubscriberId> ids;
  while (!stopping_) {
    fds.clear();
    ids.clear();
    fds.push_back({listen_fd_, POLLIN, 0});
    fds.push_back({waker_->fd(), POLLIN, 0});
    const auto next_deadline = expire_requests(Clock::now());
    bool any_closing = false;
    for (const auto& [id, connection] : clients_) {
      if (connection->close_requested() && !connection->closing())
        connection->close_after_flush(Clock::now() + CloseGrace, "disconnected after an error reply");
      short events = 0;
      if (!connection->closing() && !connection->backlogged()) events |= POLLIN;
      if (connection->has_output()) events |= POLLOUT;
      any_closing = any_closing || connection->closing();
      fds.push_back({connection->fd(), events, 0});
      ids.push_back(id);
    }
    int timeout_ms = any_closing ? 500 : -1;
    if (next_deadline) {
      const auto until = std::chrono::ceil<std::chrono::milliseconds>(*next_deadline - Clock::now()).count();
      const int due = static_cast<int>(std::max<std::int64_t>(0, until));
      timeout_ms = timeout_ms < 0 ? due : std::min(timeout_ms, due);
    }
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) {
      log_.error("IPC poll failed: " + errno_text());
      break;
    }
    if ((fds[1].revents & POLLIN) != 0) waker_->drain();
    if ((fds[0].revents & POLLIN) != 0) accept_clients();
    const auto now = Clock::now();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto found = clients_.find(ids[i]);
      if (found == clients_.end()) continue;
      auto connection = found->second;
      const short revents = fds[i + 2].revents;
      if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !connection->closing()) handle_input(*connection);
      if (!clients_.contains(ids[i])) continue;
      if (connection->overflowed()) {
        drop(ids[i], "stopped reading (write queue full)");
        continue;
      }
      IoStatus written = connection->write_queued();
      // Requests held back while the client was backlogged: serve them as the queue drains.
      while (written == IoStatus::Ok && !connection->closing() && !connection->backlogged() &&
             process_frames(*connection) > 0)
        written = connection->write_queued();
      if (written == IoStatus::Closed || written == IoStatus::Failed) {
        drop(ids[i], "went away");
      } else if (connection->closing() && (!connection->has_output() || now >= connection->close_deadline())) {
        drop(ids[i], connection->close_reason());
      }
    }
    // Events queued from other threads are flushed on the next round (the wake fd).
  }
  // Say goodbye where the socket takes it at once; nobody waits for slow readers now.
  const std::string goodbye =
      ipc::encode_reply(ipc::Reply::failure(std::nullopt, ipc::ErrorCode::ShuttingDown, "wpnd is stopping"));
  std::lock_guard lock(clients_mutex_);
  for (auto& [id, connection] : clients_) {
    dispatcher_.disconnected(connection->context());
    connection->enqueue_reply(goodbye);
    (void)connection->write_queued();
  }
  clients_.clear();
}

void IpcServer::accept_clients() {
  while (true) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) log_.warning("IPC accept failed: " + errno_text());
      return;
    }
    const auto peer = peer_credentials(fd);
    if (!peer || peer->uid != options_.owner_uid) {
      const std::string who = peer ? "uid " + std::to_string(peer->uid) + " (pid " + std::to_string(peer->pid) + ")"
                                   : std::string("an unidentified peer");
      log_.warning("IPC connection from " + who + " refused: only uid " + std::to_string(options_.owner_uid) +
                   " may control this wpnd");
      refuse(fd, ipc::ErrorCode::PermissionDenied,
             "this wpnd belongs to uid " + std::to_string(options_.owner_uid) +
                 "; connections from other users are refused");
      continue;
    }
    if (clients_.size() >= options_.max_clients) {
      log_.warning("IPC connection refused: " + std::to_string(clients_.size()) + " clients already connected");
      refuse(fd, ipc::ErrorCode::Overloaded, "too many clients");
      continue;
    }
    const SubscriberId id = next_id_++;
    auto connection = std::make_shared<ClientConnection>(fd, id, options_.max_frame_bytes, options_.max_queue_bytes);
    connection->context().events = sink_for(connection);
    if (log_.debug())
      log_.debug("IPC client " + std::to_string(id) + " connected (pid " + std::to_string(peer->pid) + ")");
    std::lock_guard lock(clients_mutex_);
    clients_.emplace(id, std::move(connection));
  }
}

void IpcServer::refuse(int fd, ipc::ErrorCode code, const std::string& message) {
  const std::string frame = ipc::encode_frame(ipc::encode_reply(ipc::Reply::failure(std::nullopt, code, message)));
  (void)!::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::close(fd);
}

void IpcServer::handle_input(ClientConnection& connection) {
  const IoStatus status = connection.read_available();
  process_frames(connection);
  if ((status == IoStatus::Closed || status == IoStatus::Failed) && !connection.closing())
    connection.close_after_flush(Clock::now() + CloseGrace, "disconnected");  // flush what is queued, then close
}

std::size_t IpcServer::process_frames(ClientConnection& connection) {
  auto& decoder = connection.decoder();
  std::size_t processed = 0;
  // A backlogged client's further requests wait in the decoder until it reads its replies.
  while (!connection.closing() && !connection.backlogged()) {
    auto frame = decoder.next();
    if (!frame) {
      const bool too_large = frame.error().code == ipc::FrameErrc::TooLarge;
      const std::string message = too_large
                                      ? "frame of " + std::to_string(frame.error().announced) +
                                            " bytes exceeds the limit of " + std::to_string(options_.max_frame_bytes)
                                      : std::string("empty frame");
      log_.warning("IPC client " + std::to_string(connection.context().id) + " sent a bad frame (" + message +
                   "); disconnecting");
      connection.enqueue_reply(ipc::encode_reply(ipc::Reply::failure(
          std::nullopt, too_large ? ipc::ErrorCode::FrameTooLarge : ipc::ErrorCode::BadFrame, message)));
      connection.close_after_flush(Clock::now() + CloseGrace, "disconnected after a bad frame");
      break;
    }
    if (!*frame) break;
    handle_payload(connection, **frame);
    ++processed;
  }
  return processed;
}

void IpcServer::handle_payload(ClientConnection& connection, const std::string& payload) {
  auto request = ipc::parse_request(payload);
  if (!request) {
    const auto& error = request.error();
    connection.enqueue_reply(ipc::encode_reply(ipc::Reply::failure(error.id, error.error.code, error.error.message)));
    if (ipc::closes_connection(error.error.code)) {
      log_.warning("IPC client " + std::to_string(connection.context().id) + " sent a malformed frame (" +
                   error.error.message + "); disconnecting");
      connection.close_after_flush(Clock::now() + CloseGrace, "disconnected after a malformed frame");
    }
    return;
  }
  if (connection.requests_in_flight() >= options_.max_requests_in_flight) {
    log_.warning("IPC client " + std::to_string(connection.context().id) + " has " +
                 std::to_string(connection.requests_in_flight()) + " requests waiting for an answer; disconnecting");
    connection.enqueue_reply(ipc::encode_reply(ipc::Reply::failure(
        request->id, ipc::ErrorCode::Overloaded,
        "more than " + std::to_string(options_.max_requests_in_flight) + " requests waiting for an answer")));
    connection.close_after_flush(Clock::now() + CloseGrace, "disconnected with too many requests in flight");
    return;
  }
  const auto found = clients_.find(connection.context().id);
  if (found == clients_.end()) return;
  const std::uint64_t ticket = connection.begin_request(
      request->id, Clock::now() + options_.request_timeout + Dispatcher::waits_on_purpose(*request));
  dispatcher_.dispatch(connection.context(), *request, reply_for(found->second, ticket));
}

void IpcServer::drop(SubscriberId id, const char* reason) {
  const auto found = clients_.find(id);
  if (found == clients_.end()) return;
  // Unsubscribe first: after this no event sink for the client can run.
  dispatcher_.disconnected(found->second->context());
  if (found->second->overflowed())
    log_.warning("IPC client " + std::to_string(id) + " " + reason + "; disconnected");
  else if (log_.debug())
    log_.debug("IPC client " + std::to_string(id) + " " + reason);
  std::lock_guard lock(clients_mutex_);
  clients_.erase(found);
}

}  // namespace wpn::service
