#include "ipc_client/blocking_client.h"

#include <algorithm>

namespace wpn::ipc {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds left(Clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(0), std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()));
}

std::string seconds_text(std::chrono::milliseconds timeout) {
  const auto tenths = timeout.count() / 100;
  return std::to_string(tenths / 10) + (tenths % 10 != 0 ? "." + std::to_string(tenths % 10) : "") + " s";
}

}  // namespace

tl::expected<BlockingClient, ClientError> BlockingClient::connect(const std::filesystem::path& socket,
                                                                  std::string client,
                                                                  std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  ClientSessionOptions options;
  options.client = std::move(client) + " " + WPN_VERSION;
  auto connection = ClientConnection::open(socket, std::move(options), {}, timeout);
  if (!connection) return tl::unexpected(connection.error());
  BlockingClient result(std::move(*connection));
  result.pump_until(deadline, [&] { return result.ready_; });
  if (result.ready_) return result;
  if (result.ended_) return tl::unexpected(result.ended_->why);
  return tl::unexpected(
      ClientError{ClientErrc::Timeout, "wpnd did not answer the hello within " + seconds_text(timeout)});
}

template <typename Done>
void BlockingClient::pump_until(Clock::time_point deadline, Done done) {
  for (;;) {
    while (auto output = connection_.session().next_output()) take(std::move(*output));
    if (done() || ended_ || Clock::now() >= deadline) return;
    connection_.pump(left(deadline));
  }
}

void BlockingClient::take(SessionOutput output) {
  if (auto* event = std::get_if<Event>(&output)) {
    events_.push_back(std::move(*event));
  } else if (auto* answer = std::get_if<SessionAnswer>(&output)) {
    answer_ = std::move(*answer);
  } else if (auto* hello = std::get_if<SessionReady>(&output)) {
    hello_ = std::move(hello->hello);
    ready_ = true;
  } else if (auto* closed = std::get_if<SessionClosed>(&output)) {
    ended_ = std::move(*closed);
  }
}

tl::expected<CallResult, ClientError> BlockingClient::call(std::string_view method, const JsonObject& params,
                                                           std::chrono::milliseconds timeout) {
  if (ended_) return tl::unexpected(ended_->why);
  const RequestId id = connection_.session().request(method, params);
  const auto answered = [&] { return answer_ && answer_->id == id; };
  pump_until(Clock::now() + timeout, answered);
  if (answered()) return std::move(answer_->result);
  if (ended_) {
    // The service's verdict on the connection answers the request that met it.
    if (ended_->verdict) return CallResult(tl::unexpected(*ended_->verdict));
    return tl::unexpected(ended_->why);
  }
  return tl::unexpected(ClientError{ClientErrc::Timeout,
                                    "wpnd did not answer " + std::string(method) + " within " + seconds_text(timeout)});
}

tl::expected<Event, ClientError> BlockingClient::next_event(std::optional<std::chrono::milliseconds> timeout) {
  const auto deadline = timeout ? Clock::now() + *timeout : Clock::time_point::max();
  pump_until(deadline, [&] { return !events_.empty(); });
  if (!events_.empty()) {
    Event event = std::move(events_.front());
    events_.pop_front();
    return event;
  }
  if (ended_) return tl::unexpected(ended_->why);
  return tl::unexpected(ClientError{ClientErrc::Timeout, "no event within " + seconds_text(*timeout)});
}

}  // namespace wpn::ipc
