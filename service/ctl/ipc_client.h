#pragma once
// wpnctl's blocking IPC client: connect to wpnd's socket, say hello, then send requests
// and read replies; events that arrive in between are kept for next_event().

#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/Dynamic/Var.h>
#include <tl/expected.hpp>

#include "ipc/frame_codec.h"
#include "ipc/hello.h"
#include "ipc/message.h"

namespace wpn::ctl {

enum class ClientErrc {
  NoService,  // no socket, or nobody listening on it
  Refused,    // the service (or the file system) refused this user
  Protocol,   // the service speaks another protocol or sent garbage
  Io          // the connection broke
};

struct ClientError {
  ClientErrc code = ClientErrc::Io;
  std::string message;
};

// The socket wpnctl talks to: DIR/wpnd.sock for --runtime-dir DIR, else the XDG default.
std::filesystem::path control_socket_path(const std::string& runtime_dir_option);

class IpcClient {
 public:
  static tl::expected<IpcClient, ClientError> connect(const std::filesystem::path& socket_path);

  IpcClient(IpcClient&& other) noexcept;
  IpcClient& operator=(IpcClient&&) = delete;
  IpcClient(const IpcClient&) = delete;
  IpcClient& operator=(const IpcClient&) = delete;
  ~IpcClient();

  const ipc::HelloResult& hello() const noexcept { return hello_; }

  // One request; the reply's error (an ipc::ErrorInfo) or the transport failure.
  using CallResult = tl::expected<Poco::Dynamic::Var, ipc::ErrorInfo>;
  tl::expected<CallResult, ClientError> call(std::string_view method, const ipc::JsonObject& params);

  // Blocks until an event arrives (or the connection ends).
  tl::expected<ipc::Event, ClientError> next_event();

 private:
  explicit IpcClient(int fd) : fd_(fd) {}
  tl::expected<void, ClientError> send(const std::string& payload);
  tl::expected<ipc::ServerMessage, ClientError> receive();

  int fd_ = -1;
  ipc::FrameDecoder decoder_;
  ipc::RequestId next_id_ = 1;
  std::deque<ipc::Event> events_;
  ipc::HelloResult hello_;
};

}  // namespace wpn::ctl
