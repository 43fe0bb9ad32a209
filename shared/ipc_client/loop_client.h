#pragma once
// A client of wpnd's control socket on its own thread, for the tray: it connects without
// blocking, says hello, subscribes (resuming after the last event it delivered), serves
// requests and reconnects with back-off (first_retry doubling up to max_retry) when the
// service goes away. Callbacks run on that thread; a GUI moves them onto its own. Every
// request is answered within its timeout, and stop() never waits for the service.

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <tl/expected.hpp>

#include "ipc/client_session.h"

namespace wpn::ipc {

class ClientConnection;

// A reply (result or the service's error), or why there was none.
using CallOutcome = tl::expected<CallResult, ClientError>;
using ReplyHandler = std::function<void(CallOutcome)>;

struct LoopCallbacks {
  std::function<void()> connecting;
  std::function<void(const ClientError& why)> disconnected;
  // After each subscription (a renewal too); a snapshot in `result` replaces all state.
  std::function<void(const HelloResult&, const SubscribeResult&)> subscribed;
  std::function<void(Event)> event;
};

struct LoopOptions {
  std::string client;  // e.g. "wpn-tray 0.1.0"
  std::vector<std::string> topics;
  // Also subscribed when the service accepts them; an older one refuses the whole request.
  std::vector<std::string> optional_topics;
  std::chrono::milliseconds first_retry{500};
  std::chrono::milliseconds max_retry{10000};
  std::chrono::milliseconds call_timeout{10000};
  // Hello and subscription together; a service that does not finish them is left.
  std::chrono::milliseconds handshake_timeout{5000};
};

class LoopClient {
 public:
  LoopClient(std::filesystem::path socket, LoopCallbacks callbacks, LoopOptions options);
  ~LoopClient();
  LoopClient(const LoopClient&) = delete;
  LoopClient& operator=(const LoopClient&) = delete;

  void start();
  // Ends the thread without a word to the service; open requests are failed first.
  void stop();
  // Thread-safe. The handler runs on the client's thread, once: with the reply, or an error
  // when there is no connection or no reply came within the call timeout.
  void call(std::string method, JsonObject params, ReplyHandler handler);
  // Retry now instead of at the end of the back-off (after starting the service).
  void reconnect_now();
  const std::filesystem::path& socket() const noexcept { return socket_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Queued {
    std::string method;
    JsonObject params;
    ReplyHandler handler;
  };
  struct Waiting {
    ReplyHandler handler;
    Clock::time_point deadline;
  };

  void run();
  // Serves one connection until it ends; why it ended. `up`: the subscription was made.
  ClientError serve(ClientConnection& connection, bool& up);
  void send_queued(ClientSession& session);
  // Delivers the session's outputs; false once it has closed (`why` then says why).
  bool deliver(ClientSession& session, bool& subscribed, ClientError& why);
  void answer(RequestId id, CallOutcome outcome);
  void expire_calls(Clock::time_point now);
  void fail_all(const ClientError& why);
  Clock::time_point next_deadline(Clock::time_point handshake_deadline) const;
  bool wait(std::chrono::milliseconds delay);  // false when stopping
  void wake();

  std::filesystem::path socket_;
  LoopCallbacks callbacks_;
  LoopOptions options_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> retry_now_{false};
  int wake_read_ = -1;
  int wake_write_ = -1;
  std::mutex mutex_;
  std::deque<Queued> queue_;
  // Touched by the client's thread only.
  std::map<RequestId, Waiting> waiting_;
  ResumePoint resume_;
};

}  // namespace wpn::ipc
