#include "ipc_client/loop_client.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>

#include "ipc_client/client_connection.h"

namespace wpn::ipc {

namespace {

using std::chrono::milliseconds;

milliseconds until(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::ceil<milliseconds>(deadline - std::chrono::steady_clock::now());
  return std::max(milliseconds(0), left);
}

std::string seconds_text(milliseconds span) {
  return std::to_string(span.count() / 1000) + "." + std::to_string(span.count() % 1000 / 100) + " s";
}

const ClientError Stopped{ClientErrc::Io, "the link to wpnd was stopped"};

}  // namespace

LoopClient::LoopClient(std::filesystem::path socket, LoopCallbacks callbacks, LoopOptions options)
    : socket_(std::move(socket)), callbacks_(std::move(callbacks)), options_(std::move(options)) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    wake_read_ = fds[0];
    wake_write_ = fds[1];
  }
}

LoopClient::~LoopClient() {
  stop();
  if (wake_read_ >= 0) ::close(wake_read_);
  if (wake_write_ >= 0) ::close(wake_write_);
}

void LoopClient::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void LoopClient::stop() {
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
}

void LoopClient::call(std::string method, JsonObject params, ReplyHandler handler) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(method), std::move(params), std::move(handler)});
  }
  wake();
}

void LoopClient::reconnect_now() {
  retry_now_ = true;
  wake();
}

void LoopClient::wake() {
  if (wake_write_ < 0) return;
  const char byte = 1;
  [[maybe_unused]] const auto written = ::write(wake_write_, &byte, 1);
}

void LoopClient::run() {
  milliseconds backoff = options_.first_retry;
  while (!stopping_) {
    if (callbacks_.connecting) callbacks_.connecting();
    ClientSessionOptions session{options_.client, options_.topics, options_.optional_topics, false};
    auto connection = ClientConnection::open(socket_, std::move(session), resume_, milliseconds(0));
    bool was_up = false;
    ClientError why = connection ? serve(*connection, was_up) : connection.error();
    if (connection) resume_ = connection->session().resume_point();
    fail_all(why);
    if (stopping_) break;
    if (callbacks_.disconnected) callbacks_.disconnected(why);
    if (was_up) backoff = options_.first_retry;
    if (!wait(retry_now_.exchange(false) ? milliseconds(0) : backoff)) break;
    if (!was_up) backoff = std::min(backoff * 2, options_.max_retry);
  }
  fail_all(Stopped);
}

ClientError LoopClient::serve(ClientConnection& connection, bool& up) {
  auto& session = connection.session();
  const auto handshake_deadline = Clock::now() + options_.handshake_timeout;
  ClientError why;
  for (;;) {
    if (!deliver(session, up, why)) return why;
    if (stopping_) return Stopped;
    send_queued(session);
    const auto now = Clock::now();
    expire_calls(now);
    if (!up && now >= handshake_deadline)
      return {ClientErrc::Timeout, "wpnd did not finish the hello within " + seconds_text(options_.handshake_timeout)};
    connection.pump(until(next_deadline(up ? Clock::time_point::max() : handshake_deadline)), wake_read_);
  }
}

bool LoopClient::deliver(ClientSession& session, bool& up, ClientError& why) {
  while (auto output = session.next_output()) {
    if (auto* event = std::get_if<Event>(&*output)) {
      if (callbacks_.event) callbacks_.event(std::move(*event));
    } else if (auto* answer_out = std::get_if<SessionAnswer>(&*output)) {
      answer(answer_out->id, std::move(answer_out->result));
    } else if (auto* subscribed = std::get_if<SessionSubscribed>(&*output)) {
      up = true;
      if (callbacks_.subscribed) callbacks_.subscribed(session.hello(), subscribed->result);
    } else if (std::holds_alternative<SessionReady>(*output)) {
      if (options_.topics.empty()) {
        up = true;
        if (callbacks_.subscribed) callbacks_.subscribed(session.hello(), SubscribeResult{});
      }
    } else {
      auto& closed = std::get<SessionClosed>(*output);
      for (const auto id : closed.unanswered)
        answer(id, closed.verdict ? CallOutcome(CallResult(tl::unexpected(*closed.verdict)))
                                  : CallOutcome(tl::unexpected(closed.why)));
      why = std::move(closed.why);
      return false;
    }
  }
  return true;
}

void LoopClient::send_queued(ClientSession& session) {
  std::deque<Queued> queued;
  {
    std::lock_guard lock(mutex_);
    queued.swap(queue_);
  }
  const auto deadline = Clock::now() + options_.call_timeout;
  for (auto& request : queued)
    waiting_[session.request(request.method, std::move(request.params))] = {std::move(request.handler), deadline};
}

void LoopClient::answer(RequestId id, CallOutcome outcome) {
  const auto found = waiting_.find(id);
  if (found == waiting_.end()) return;  // given up on already
  auto handler = std::move(found->second.handler);
  waiting_.erase(found);
  if (handler) handler(std::move(outcome));
}

void LoopClient::expire_calls(Clock::time_point now) {
  std::vector<RequestId> expired;
  for (const auto& [id, waiting] : waiting_)
    if (waiting.deadline <= now) expired.push_back(id);
  for (const auto id : expired)
    answer(id, tl::unexpected(ClientError{ClientErrc::Timeout,
                                          "wpnd did not answer within " + seconds_text(options_.call_timeout)}));
}

LoopClient::Clock::time_point LoopClient::next_deadline(Clock::time_point handshake_deadline) const {
  auto next = handshake_deadline;
  for (const auto& [id, waiting] : waiting_) next = std::min(next, waiting.deadline);
  return next;
}

void LoopClient::fail_all(const ClientError& why) {
  auto waiting = std::move(waiting_);
  waiting_.clear();
  std::deque<Queued> queued;
  {
    std::lock_guard lock(mutex_);
    queued.swap(queue_);
  }
  for (auto& [id, entry] : waiting)
    if (entry.handler) entry.handler(tl::unexpected(why));
  for (auto& request : queued)
    if (request.handler) request.handler(tl::unexpected(why));
}

bool LoopClient::wait(milliseconds delay) {
  const auto deadline = Clock::now() + delay;
  for (;;) {
    pollfd p{wake_read_, POLLIN, 0};
    const int woken = ::poll(&p, 1, static_cast<int>(until(deadline).count()));
    if (woken > 0) {
      char drain[64];
      while (::read(wake_read_, drain, sizeof drain) > 0) {
      }
    }
    if (stopping_) return false;
    if (retry_now_.exchange(false) || Clock::now() >= deadline) return true;
    // A request while there is no service: answered now, the back-off goes on.
    fail_all({ClientErrc::NoService, "wpnd is not running"});
  }
}

}  // namespace wpn::ipc
