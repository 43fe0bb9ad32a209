#pragma once
// One listening TCP socket on the event loop, the accept path of the data port, the hub
// and the peer cache. It accepts in bounded batches and hands each connection over
// non-blocking. When accept fails for want of descriptors or memory (EMFILE, ENFILE,
// ENOBUFS, ENOMEM) the socket stays readable, so a level-triggered loop would spin on it:
// the listener stops watching instead, for a back-off that doubles while the shortage
// lasts, and the waiting connections stay in the kernel's backlog until it resumes.
// A reserve descriptor closed to accept-and-drop was the alternative; it drops exactly the
// clients we could serve a moment later and races other threads for the freed number.
// Loop thread only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "net/event_loop.h"

namespace wpn::net {

struct AcceptBackoff {
  std::chrono::milliseconds first{50};
  std::chrono::milliseconds max{1000};
};

class Listener {
 public:
  // A connection, non-blocking. The handler may close the listener, never destroy it.
  using AcceptHandler = std::function<void(Poco::Net::StreamSocket)>;

  // what names the listener in log lines ("data port", "hub", ...).
  Listener(EventLoop& loop, std::string what, AcceptBackoff backoff = {});
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Binds (reusing the address), listens and starts accepting; an error text on failure.
  std::optional<std::string> open(const Poco::Net::SocketAddress& address, int backlog, AcceptHandler on_accept);
  void close();

  bool is_open() const noexcept { return server_.has_value(); }
  std::uint16_t port() const noexcept { return port_; }
  Poco::Net::SocketAddress address() const;
  // True while accepting is paused by a descriptor or memory shortage.
  bool backing_off() const noexcept { return resume_timer_ != TimerId::None; }

 private:
  void on_ready();
  void back_off(int error);
  void shortage_over();
  void resume();

  EventLoop& loop_;
  std::string what_;
  AcceptBackoff backoff_;
  std::optional<Poco::Net::ServerSocket> server_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  AcceptHandler on_accept_;
  std::chrono::milliseconds delay_{0};  // the current back-off; zero outside a shortage
  Clock::time_point shortage_since_{};
  TimerId resume_timer_ = TimerId::None;
};

}  // namespace wpn::net
