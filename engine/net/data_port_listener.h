#pragma once
// The data port (filesharing.md §3.1, §3.2): accepts, sends the greeting '1', reads
// the first bytes and tells a GET, a SEND and a 16-byte WPN key block apart. GET and
// SEND go to the request handler (the TransferManager), a key block to the overlay's
// handler; GETLIST/SENDLIST are refused. Connections are capped in total and per
// address (ConnectionGuard) and must announce themselves within a time limit, so
// idle and slow peers cannot exhaust the port. Loop thread only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Net/StreamSocket.h>

#include "net/connection_guard.h"
#include "net/event_loop.h"
#include "net/listener.h"
#include "net/transfer_settings.h"
#include "protocol/data_request.h"

namespace wpn::net {

// A socket that still has its greeting behind it: non-blocking, not watched.
struct AcceptedRequest {
  protocol::DataRequestKind kind = protocol::DataRequestKind::Get;
  Poco::Net::StreamSocket socket;
  std::vector<std::uint8_t> head;  // bytes read so far, from the command word on
  ConnectionGuard::Ticket ticket;
  std::string peer_ip;
};

class DataPortListener {
 public:
  using KeyBlockHandler = std::function<void(Poco::Net::StreamSocket, std::vector<std::uint8_t>)>;
  using RequestHandler = std::function<void(AcceptedRequest)>;

  DataPortListener(EventLoop& loop, ConnectionGuard& guard);
  ~DataPortListener();
  DataPortListener(const DataPortListener&) = delete;
  DataPortListener& operator=(const DataPortListener&) = delete;

  // Binds and listens; an error text when that fails. Disabled settings stop it.
  std::optional<std::string> start(const ListenerSettings& settings);
  void stop();
  bool listening() const noexcept { return listener_.is_open(); }
  std::uint16_t port() const noexcept { return listener_.port(); }
  std::size_t pending() const noexcept { return pending_.size(); }

  void set_key_block_handler(KeyBlockHandler handler) { key_block_handler_ = std::move(handler); }
  void set_request_handler(RequestHandler handler) { request_handler_ = std::move(handler); }
  void set_timeouts(std::chrono::milliseconds first_bytes, std::chrono::milliseconds silence) {
    first_bytes_timeout_ = first_bytes;
    silence_ = silence;
  }

 private:
  struct Pending {
    Poco::Net::StreamSocket socket;
    ConnectionGuard::Ticket ticket;
    std::string peer_ip;
    std::vector<std::uint8_t> head;
    TimerId deadline = TimerId::None;
    TimerId silence = TimerId::None;
  };

  void on_accepted(Poco::Net::StreamSocket socket);
  void on_readable(int fd);
  void classify(int fd, bool peer_idle);
  void drop(int fd, const std::string& why);
  std::optional<Pending> take(int fd);

  EventLoop& loop_;
  ConnectionGuard& guard_;
  Listener listener_;
  std::chrono::milliseconds first_bytes_timeout_{30'000};
  std::chrono::milliseconds silence_{500};
  std::map<int, Pending> pending_;
  KeyBlockHandler key_block_handler_;
  RequestHandler request_handler_;
};

}  // namespace wpn::net
