#include "ipc/service_link.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ipc/schema.h"

namespace wpn::tray {

namespace {

constexpr int HandshakeTimeoutMs = 5000;

ipc::ErrorInfo link_error(std::string message) { return ipc::ErrorInfo{ipc::ErrorCode::ShuttingDown, std::move(message)}; }

// One connected socket: framing, request ids and replies. Used by the link thread only.
class Connection {
 public:
  explicit Connection(int fd) : fd_(fd) {}
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int fd() const noexcept { return fd_; }

  bool send(ipc::RequestId id, std::string_view method, const ipc::JsonObject& params) {
    ipc::Request request{id, std::string(method), params.isNull() ? ipc::make_object() : params};
    const std::string frame = ipc::encode_frame(ipc::encode_request(request));
    std::size_t sent = 0;
    while (sent < frame.size()) {
      const ssize_t n = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads what is there (blocking when `block`); false when the connection ended or broke.
  bool read(bool block) {
    char buffer[65536];
    for (;;) {
      const ssize_t got = ::recv(fd_, buffer, sizeof buffer, block ? 0 : MSG_DONTWAIT);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      if (got <= 0) return false;
      decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
      return true;
    }
  }

  // The next complete message; nullopt when more bytes are needed. Garbage ends the link.
  tl::expected<std::optional<ipc::ServerMessage>, std::string> next() {
    auto frame = decoder_.next();
    if (!frame) return tl::unexpected(std::string("wpnd sent an invalid frame"));
    if (!*frame) return std::optional<ipc::ServerMessage>{};
    auto message = ipc::parse_server_message(**frame);
    if (!message) return tl::unexpected("wpnd sent an invalid message: " + message.error());
    return std::optional<ipc::ServerMessage>(std::move(*message));
  }

  // A blocking request during the handshake (no events flow before the subscription).
  tl::expected<ipc::Reply, std::string> request(ipc::RequestId id, std::string_view method, const ipc::JsonObject& params) {
    if (!send(id, method, params)) return tl::unexpected(std::string("connection to wpnd lost"));
    for (;;) {
      auto message = next();
      if (!message) return tl::unexpected(message.error());
      if (*message) {
        if (auto* reply = std::get_if<ipc::Reply>(&**message); reply != nullptr && (!reply->id || *reply->id == id))
          return std::move(*reply);
        continue;
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, HandshakeTimeoutMs) <= 0) return tl::unexpected(std::string("wpnd does not answer"));
      if (!read(false)) return tl::unexpected(std::string("wpnd closed the connection"));
    }
  }

 private:
  int fd_;
  ipc::FrameDecoder decoder_;
};

tl::expected<int, ctl::ClientError> connect_socket(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string text = path.string();
  if (text.size() >= sizeof address.sun_path) return tl::unexpected(ctl::ClientError{ctl::ClientErrc::NoService, "socket path too long"});
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return tl::unexpected(ctl::ClientError{ctl::ClientErrc::Io, std::strerror(errno)});
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd);
    const auto code = error == EACCES || error == EPERM ? ctl::ClientErrc::Refused : ctl::ClientErrc::NoService;
    return tl::unexpected(ctl::ClientError{code, "no service on " + text + ": " + std::strerror(error)});
  }
  return fd;
}

}  // namespace

ServiceLink::ServiceLink(std::filesystem::path socket, LinkCallbacks callbacks, LinkOptions options)
    : socket_(std::move(socket)), callbacks_(std::move(callbacks)), options_(std::move(options)) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    wake_read_ = fds[0];
    wake_write_ = fds[1];
  }
}

ServiceLink::~ServiceLink() {
  stop();
  if (wake_read_ >= 0) ::close(wake_read_);
  if (wake_write_ >= 0) ::close(wake_write_);
}

void ServiceLink::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void ServiceLink::stop() {
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
}

void ServiceLink::call(std::string method, ipc::JsonObject params, ReplyHandler handler) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(method), std::move(params), std::move(handler)});
  }
  wake();
}

void ServiceLink::reconnect_now() {
  retry_now_ = true;
  wake();
}

void ServiceLink::wake() {
  if (wake_write_ < 0) return;
  const char byte = 1;
  [[maybe_unused]] const auto written = ::write(wake_write_, &byte, 1);
}

bool ServiceLink::wait(double seconds) {
  pollfd p{wake_read_, POLLIN, 0};
  const auto deadline_ms = static_cast<int>(seconds * 1000);
  if (::poll(&p, 1, deadline_ms) > 0) {
    char drain[64];
    while (::read(wake_read_, drain, sizeof drain) > 0) {
    }
  }
  return !stopping_;
}

void ServiceLink::fail_queued(const std::string& why) {
  std::deque<Pending> failed;
  {
    std::lock_guard lock(mutex_);
    failed.swap(queue_);
  }
  for (auto& pending : failed)
    if (pending.handler) pending.handler(tl::unexpected(link_error(why)));
}

void ServiceLink::run() {
  double backoff = options_.first_retry_s;
  while (!stopping_) {
    if (callbacks_.connecting) callbacks_.connecting();
    auto fd = connect_socket(socket_);
    if (!fd) {
      fail_queued("wpnd is not running");
      if (callbacks_.disconnected) callbacks_.disconnected(fd.error());
      if (!wait(retry_now_.exchange(false) ? 0 : backoff)) break;
      backoff = std::min(backoff * 2, options_.max_retry_s);
      continue;
    }
    Connection connection(*fd);
    ipc::RequestId next_id = 1;
    ctl::ClientError why{ctl::ClientErrc::Io, "wpnd closed the connection"};

    // Hello, then the subscription (without the topics this service does not know).
    ipc::HelloParams hello{ipc::ProtocolVersion, std::string("wpn-tray ") + WPN_VERSION,
                           {std::string(ipc::capability::Events)}};
    auto hello_reply = connection.request(next_id++, ipc::method::Hello, ipc::to_json(hello));
    std::optional<ipc::HelloResult> hello_result;
    if (hello_reply && hello_reply->ok()) {
      if (auto parsed = ipc::parse_hello_result(ipc::as_object(hello_reply->result))) hello_result = std::move(*parsed);
    }
    std::optional<ipc::SubscribeResult> subscription;
    if (hello_result) {
      ipc::SubscribeParams params;
      params.topics = options_.topics;
      params.topics.insert(params.topics.end(), options_.optional_topics.begin(), options_.optional_topics.end());
      if (instance_ == hello_result->instance && last_seq_) {
        params.since = last_seq_;
        params.instance = instance_;
      }
      for (int round = 0; round < 2 && !subscription; ++round) {
        auto reply = connection.request(next_id++, ipc::method::EventsSubscribe, ipc::to_json(params));
        if (!reply) break;
        if (reply->ok()) {
          subscription = ipc::subscribe_result_from_json(ipc::as_object(reply->result));
        } else if (reply->error->code == ipc::ErrorCode::InvalidParams && round == 0) {
          params.topics = options_.topics;
        } else {
          break;
        }
      }
    } else if (hello_reply && !hello_reply->ok()) {
      why = {hello_reply->error->code == ipc::ErrorCode::PermissionDenied ? ctl::ClientErrc::Refused
                                                                             : ctl::ClientErrc::Protocol,
             hello_reply->error->message};
    }
    if (!subscription) {
      fail_queued(why.message);
      if (callbacks_.disconnected) callbacks_.disconnected(why);
      if (!wait(backoff)) break;
      backoff = std::min(backoff * 2, options_.max_retry_s);
      continue;
    }
    instance_ = subscription->instance;
    last_seq_ = subscription->seq;
    backoff = options_.first_retry_s;
    if (callbacks_.subscribed) callbacks_.subscribed(*hello_result, *subscription);

    std::map<ipc::RequestId, ReplyHandler> waiting;
    bool alive = true;
    while (alive && !stopping_) {
      // Deliver what is buffered before waiting again.
      for (;;) {
        auto message = connection.next();
        if (!message) {
          why = {ctl::ClientErrc::Protocol, message.error()};
          alive = false;
          break;
        }
        if (!*message) break;
        if (auto* event = std::get_if<ipc::Event>(&**message)) {
          last_seq_ = std::max(last_seq_.value_or(0), event->seq);
          if (callbacks_.event) callbacks_.event(std::move(*event));
          continue;
        }
        auto& reply = std::get<ipc::Reply>(**message);
        if (!reply.id) {  // the service's verdict on the connection itself
          if (reply.error) why = {ctl::ClientErrc::Protocol, reply.error->message};
          alive = false;
          break;
        }
        if (auto it = waiting.find(*reply.id); it != waiting.end()) {
          auto handler = std::move(it->second);
          waiting.erase(it);
          if (handler) handler(reply.error ? CallResult(tl::unexpected(*reply.error)) : CallResult(reply.result));
        }
      }
      if (!alive) break;
      std::deque<Pending> outgoing;
      {
        std::lock_guard lock(mutex_);
        outgoing.swap(queue_);
      }
      for (auto& pending : outgoing) {
        const auto id = next_id++;
        if (!connection.send(id, pending.method, pending.params)) {
          if (pending.handler) pending.handler(tl::unexpected(link_error("connection to wpnd lost")));
          alive = false;
          continue;
        }
        waiting.emplace(id, std::move(pending.handler));
      }
      if (!alive) break;
      pollfd fds[2] = {{connection.fd(), POLLIN, 0}, {wake_read_, POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
      if (fds[1].revents != 0) {
        char drain[64];
        while (::read(wake_read_, drain, sizeof drain) > 0) {
        }
      }
      if (fds[0].revents != 0 && !connection.read(false)) alive = false;
    }
    for (auto& [id, handler] : waiting)
      if (handler) handler(tl::unexpected(link_error("connection to wpnd lost")));
    fail_queued("connection to wpnd lost");
    if (stopping_) break;
    if (callbacks_.disconnected) callbacks_.disconnected(why);
    if (!wait(retry_now_.exchange(false) ? 0 : backoff)) break;
  }
}

}  // namespace wpn::tray
