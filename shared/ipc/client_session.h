#pragma once
// The client half of the control protocol, free of I/O: bytes from the socket go in, bytes
// to write and what happened (hello done, subscribed, a reply, an event, the end) come out.
// It says hello, subscribes (resuming after the last event seen, dropping the optional
// topics a service refuses), matches replies to requests, drops repeated events and
// subscribes again when events were lost. Adapters own the socket, the clock and timeouts.

#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <tl/expected.hpp>

#include "ipc/error_code.h"
#include "ipc/frame_codec.h"
#include "ipc/hello.h"
#include "ipc/message.h"
#include "ipc/params.h"

namespace wpn::ipc {

enum class ClientErrc {
  NoService,  // no socket, or nobody listening on it
  Refused,    // the service (or the file system) refused this user
  Protocol,   // the service speaks another protocol or sent garbage
  Io,         // the connection broke
  Timeout     // the service did not answer in time
};

struct ClientError {
  ClientErrc code = ClientErrc::Io;
  std::string message;
};

// A reply: its result, or the service's error.
using CallResult = tl::expected<JsonValue, ErrorInfo>;

struct ClientSessionOptions {
  std::string client;  // sent in the hello, e.g. "wpnctl 0.1.0"
  // Subscribed after the hello; none: no subscription, events pass through as they come.
  std::vector<std::string> topics;
  // Also subscribed; a service that refuses them (invalid_params) is asked without them.
  std::vector<std::string> optional_topics;
  // The topics cover every event the service publishes, so sequence numbers must follow
  // each other without a hole (with fewer topics, holes are other topics' events).
  bool every_topic = false;
};

// Where the events stopped: kept by the adapter across connections.
struct ResumePoint {
  std::string instance;
  std::optional<Sequence> seq;
};

struct SessionReady {
  HelloResult hello;
};
// After the first subscription and after each renewal. A snapshot replaces all state.
struct SessionSubscribed {
  SubscribeResult result;
};
struct SessionAnswer {
  RequestId id = 0;
  CallResult result;
};
// The session is over: the adapter closes the socket. `verdict` is the service's last word
// (a reply without id) when it gave one; `unanswered` lists the requests left open.
struct SessionClosed {
  ClientError why;
  std::optional<ErrorInfo> verdict;
  std::vector<RequestId> unanswered;
};
using SessionOutput = std::variant<SessionReady, SessionSubscribed, SessionAnswer, Event, SessionClosed>;

class ClientSession {
 public:
  explicit ClientSession(ClientSessionOptions options, ResumePoint resume = {});

  // Bytes to write, in order; the hello is queued from the start.
  std::string take_outgoing();
  bool has_outgoing() const noexcept { return !outgoing_.empty(); }

  // Queues a request, sent as soon as the session is ready (at once when it is).
  RequestId request(std::string_view method, JsonObject params);
  // Bytes read from the socket.
  void feed(std::string_view bytes);
  // The socket ended or broke (ignored once closed).
  void connection_lost(ClientError why);

  std::optional<SessionOutput> next_output();

  bool ready() const noexcept { return state_ == State::Ready; }
  bool closed() const noexcept { return state_ == State::Closed; }
  const HelloResult& hello() const noexcept { return hello_; }
  const ResumePoint& resume_point() const noexcept { return resume_; }

 private:
  enum class State { Hello, Subscribing, Ready, Closed };

  RequestId send(std::string_view method, const JsonObject& params);
  void subscribe(bool with_optional);
  void on_message(ServerMessage message);
  void on_reply(Reply reply);
  void on_hello_reply(Reply reply);
  void on_subscribe_reply(Reply reply);
  void on_event(Event event);
  void lost_events();
  void become_ready();
  void close(ClientError why, std::optional<ErrorInfo> verdict = std::nullopt);

  ClientSessionOptions options_;
  ResumePoint resume_;
  State state_ = State::Hello;
  FrameDecoder decoder_;
  std::string outgoing_;
  std::deque<SessionOutput> outputs_;
  RequestId next_id_ = 0;
  HelloResult hello_;
  RequestId hello_id_ = 0;
  // Requests made before the session was ready: their ids and encoded payloads, in order.
  std::vector<std::pair<RequestId, std::string>> held_;
  std::set<RequestId> open_;  // requests sent and not answered
  // The subscription request in flight, and whether it carries the optional topics.
  std::optional<RequestId> subscribing_;
  bool with_optional_ = true;
  // Events of a replay still to come, and the last sequence number the replay covers.
  std::uint64_t replay_left_ = 0;
  Sequence replay_until_ = 0;
};

}  // namespace wpn::ipc
