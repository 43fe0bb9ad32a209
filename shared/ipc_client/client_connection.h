#pragma once
// One connection to wpnd's control socket: a non-blocking Unix socket driving an
// ipc::ClientSession. The adapters decide how long to wait; nothing here blocks longer than
// the wait it is given.

#include <chrono>
#include <filesystem>
#include <string>

#include <tl/expected.hpp>

#include "ipc/client_session.h"

namespace wpn::ipc {

class ClientConnection {
 public:
  // Connects; a service whose backlog is full is tried again for up to `busy_wait`.
  static tl::expected<ClientConnection, ClientError> open(const std::filesystem::path& socket,
                                                          ClientSessionOptions options, ResumePoint resume,
                                                          std::chrono::milliseconds busy_wait);

  ClientConnection(ClientConnection&& other) noexcept;
  ClientConnection& operator=(ClientConnection&&) = delete;
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;
  ~ClientConnection();

  ClientSession& session() noexcept { return session_; }

  // Writes what the session has queued, reads what has arrived, then waits up to `timeout`
  // for the socket (or for `wake_fd`, drained, when given) and reads and writes again.
  void pump(std::chrono::milliseconds timeout, int wake_fd = -1);

 private:
  ClientConnection(int fd, ClientSessionOptions options, ResumePoint resume);
  void write_pending();
  bool read_available();  // whether anything arrived (bytes or the end)

  int fd_ = -1;
  ClientSession session_;
  std::string unsent_;
};

}  // namespace wpn::ipc
