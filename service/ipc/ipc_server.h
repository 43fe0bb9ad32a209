#pragma once
// The Unix-domain-socket IPC listener. One thread polls the listening socket, a wake-up
// eventfd and every client; requests are parsed there and handed to the dispatcher.
// Only connections from the owner's uid (SO_PEERCRED) are admitted. A client that sends
// a malformed frame gets an error and is disconnected; one that stops reading is
// disconnected when its queue reaches the cap. Neither disturbs the other clients.
// Requests the engine answers complete later: the reply is queued from the engine's thread
// and wakes the poll loop; the thread itself never waits for one. A request unanswered
// after `request_timeout` gets an `internal` error and its late answer is dropped.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <tl/expected.hpp>

#include "ipc/frame_codec.h"
#include "service/ipc/client_connection.h"
#include "service/ipc/dispatcher.h"

namespace Poco {
class Logger;
}

namespace wpn::service {

struct IpcServerOptions {
  std::filesystem::path socket_path;
  uid_t owner_uid = 0;
  std::size_t max_clients = 64;
  std::size_t max_frame_bytes = ipc::MaxFrameBytes;
  std::size_t max_queue_bytes = 16 * 1024 * 1024;   // per client, framed bytes waiting to be sent
  std::size_t max_requests_in_flight = 32;          // per client; one more is answered `overloaded`
  std::chrono::milliseconds request_timeout{5000};  // for an answer from the engine
};

// The eventfd that wakes the poll loop. Late replies hold it, so waking after the server
// stopped is harmless.
class Waker {
 public:
  Waker();
  ~Waker();
  Waker(const Waker&) = delete;
  Waker& operator=(const Waker&) = delete;
  int fd() const noexcept { return fd_; }
  void wake() const noexcept;
  void drain() const noexcept;

 private:
  int fd_;
};

class IpcServer {
 public:
  IpcServer(Dispatcher& dispatcher, IpcServerOptions options, Poco::Logger& log);
  ~IpcServer();
  IpcServer(const IpcServer&) = delete;
  IpcServer& operator=(const IpcServer&) = delete;

  // Binds the socket (mode 0600; a stale socket file is replaced, a live one is an error),
  // listens and starts the IPC thread.
  tl::expected<void, std::string> start();
  // Closes every connection, removes the socket file and joins the thread.
  void stop();

  std::size_t client_count() const;
  const std::filesystem::path& socket_path() const noexcept { return options_.socket_path; }

 private:
  void run();
  void wake() noexcept;
  void accept_clients();
  void handle_input(ClientConnection& connection);
  // Handles the complete frames buffered for the client; returns how many.
  std::size_t process_frames(ClientConnection& connection);
  void handle_payload(ClientConnection& connection, const std::string& payload);
  void refuse(int fd, ipc::ErrorCode code, const std::string& message);
  void drop(SubscriberId id, const char* reason);
  EventSink sink_for(const std::shared_ptr<ClientConnection>& connection);
  ReplyFn reply_for(const std::shared_ptr<ClientConnection>& connection, std::uint64_t ticket);
  // Answers requests past their deadline; returns the next deadline of any client.
  std::optional<std::chrono::steady_clock::time_point> expire_requests(std::chrono::steady_clock::time_point now);

  Dispatcher& dispatcher_;
  IpcServerOptions options_;
  Poco::Logger& log_;
  int listen_fd_ = -1;
  std::shared_ptr<Waker> waker_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  SubscriberId next_id_ = 1;
  mutable std::mutex clients_mutex_;  // guards the map for client_count() from other threads
  std::map<SubscriberId, std::shared_ptr<ClientConnection>> clients_;
};

}  // namespace wpn::service
