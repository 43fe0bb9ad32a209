#include "ipc_client.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ipc/schema.h"
#include "platform/paths.h"

namespace wpn::ctl {

namespace {

tl::unexpected<ClientError> failure(ClientErrc code, std::string message) {
  return tl::unexpected(ClientError{code, std::move(message)});
}

}  // namespace

std::filesystem::path control_socket_path(const std::string& runtime_dir_option) {
  if (!runtime_dir_option.empty()) return platform::socket_path(runtime_dir_option);
  return platform::socket_path(platform::runtime_dir(platform::process_environment(), ::getuid()));
}

tl::expected<IpcClient, ClientError> IpcClient::connect(const std::filesystem::path& socket_path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = socket_path.string();
  if (path.size() >= sizeof address.sun_path) return failure(ClientErrc::NoService, "socket path too long: " + path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return failure(ClientErrc::Io, std::string("socket: ") + std::strerror(errno));
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EACCES || error == EPERM)
      return failure(ClientErrc::Refused, "permission denied on " + path + " (wpnd runs as another user?)");
    return failure(ClientErrc::NoService, "wpnd is not running (no service on " + path + ": " + std::strerror(error) + ")");
  }
  IpcClient client(fd);
  ipc::HelloParams hello;
  hello.protocol = ipc::ProtocolVersion;
  hello.client = std::string("wpnctl ") + WPN_VERSION;
  hello.capabilities = {std::string(ipc::capability::Events)};
  auto reply = client.call(ipc::method::Hello, ipc::to_json(hello));
  if (!reply) return tl::unexpected(reply.error());
  if (!*reply) {
    const auto& error = reply->error();
    if (error.code == ipc::ErrorCode::PermissionDenied) return failure(ClientErrc::Refused, error.message);
    return failure(ClientErrc::Protocol, "wpnd refused the hello: " + error.message);
  }
  auto result = ipc::parse_hello_result(ipc::as_object(**reply));
  if (!result) return failure(ClientErrc::Protocol, result.error());
  client.hello_ = std::move(*result);
  return client;
}

IpcClient::IpcClient(IpcClient&& other) noexcept
    : fd_(other.fd_),
      decoder_(std::move(other.decoder_)),
      next_id_(other.next_id_),
      events_(std::move(other.events_)),
      hello_(std::move(other.hello_)) {
  other.fd_ = -1;
}

IpcClient::~IpcClient() {
  if (fd_ >= 0) ::close(fd_);
}

tl::expected<void, ClientError> IpcClient::send(const std::string& payload) {
  const std::string frame = ipc::encode_frame(payload);
  std::size_t sent = 0;
  while (sent < frame.size()) {
    const ssize_t n = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return failure(ClientErrc::Io, std::string("connection to wpnd lost: ") + std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }
  return {};
}

tl::expected<ipc::ServerMessage, ClientError> IpcClient::receive() {
  char buffer[65536];
  for (;;) {
    auto frame = decoder_.next();
    if (!frame) return failure(ClientErrc::Protocol, "wpnd sent an invalid frame");
    if (*frame) {
      auto message = ipc::parse_server_message(**frame);
      if (!message) return failure(ClientErrc::Protocol, "wpnd sent an invalid message: " + message.error());
      return std::move(*message);
    }
    const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return failure(ClientErrc::Io, "wpnd closed the connection");
    decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
  }
}

tl::expected<IpcClient::CallResult, ClientError> IpcClient::call(std::string_view method, const ipc::JsonObject& params) {
  ipc::Request request;
  request.id = next_id_++;
  request.method = std::string(method);
  request.params = params;
  if (auto sent = send(ipc::encode_request(request)); !sent) {
    // The service may have said why before it closed (a refused user, for one).
    auto last = receive();
    if (last)
      if (auto* reply = std::get_if<ipc::Reply>(&*last); reply != nullptr && reply->error)
        return CallResult(tl::unexpected(*reply->error));
    return tl::unexpected(sent.error());
  }
  for (;;) {
    auto message = receive();
    if (!message) return tl::unexpected(message.error());
    if (auto* event = std::get_if<ipc::Event>(&*message)) {
      events_.push_back(std::move(*event));
      continue;
    }
    auto& reply = std::get<ipc::Reply>(*message);
    // A reply without an id is the server's verdict on the connection itself.
    if (reply.id && *reply.id != request.id) continue;
    if (reply.error) return CallResult(tl::unexpected(*reply.error));
    return CallResult(std::move(reply.result));
  }
}

tl::expected<ipc::Event, ClientError> IpcClient::next_event() {
  if (!events_.empty()) {
    ipc::Event event = std::move(events_.front());
    events_.pop_front();
    return event;
  }
  for (;;) {
    auto message = receive();
    if (!message) return tl::unexpected(message.error());
    if (auto* event = std::get_if<ipc::Event>(&*message)) return std::move(*event);
  }
}

}  // namespace wpn::ctl
