#pragma once
// The tray's connection to wpnd: a thread that connects, says hello, subscribes to events
// (resuming from the last sequence number it saw) and serves requests, reconnecting with
// backoff when the service goes away. No wx: callbacks run on the link's thread and the app
// moves them onto the GUI thread.

#include <atomic>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <tl/expected.hpp>

#include "ipc/frame_codec.h"
#include "ipc/hello.h"
#include "ipc/message.h"
#include "ipc/params.h"
#include "ipc_client.h"

namespace wpn::tray {

using CallResult = tl::expected<ipc::JsonValue, ipc::ErrorInfo>;
using ReplyHandler = std::function<void(CallResult)>;

struct LinkCallbacks {
  std::function<void()> connecting;
  std::function<void(ctl::ClientError why)> disconnected;
  std::function<void(const ipc::HelloResult&, const ipc::SubscribeResult&)> subscribed;
  std::function<void(ipc::Event)> event;
};

struct LinkOptions {
  std::vector<std::string> topics;
  // Also subscribed when the service accepts them; an older one refuses the whole request.
  std::vector<std::string> optional_topics;
  double first_retry_s = 0.5;
  double max_retry_s = 10;
};

class ServiceLink {
 public:
  ServiceLink(std::filesystem::path socket, LinkCallbacks callbacks, LinkOptions options);
  ~ServiceLink();
  ServiceLink(const ServiceLink&) = delete;
  ServiceLink& operator=(const ServiceLink&) = delete;

  void start();
  void stop();
  // Thread-safe. The handler runs on the link's thread, once: with the result, the
  // service's error, or an error when there is no connection.
  void call(std::string method, ipc::JsonObject params, ReplyHandler handler);
  // Retry now instead of at the end of the backoff (after starting the service).
  void reconnect_now();
  const std::filesystem::path& socket() const noexcept { return socket_; }

 private:
  struct Pending {
    std::string method;
    ipc::JsonObject params;
    ReplyHandler handler;
  };

  void run();
  bool wait(double seconds);  // false when stopping
  void wake();
  void fail_queued(const std::string& why);

  std::filesystem::path socket_;
  LinkCallbacks callbacks_;
  LinkOptions options_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> retry_now_{false};
  int wake_read_ = -1;
  int wake_write_ = -1;
  std::mutex mutex_;
  std::deque<Pending> queue_;
  // Resume point, touched by the link thread only.
  std::optional<ipc::Sequence> last_seq_;
  std::string instance_;
};

}  // namespace wpn::tray
