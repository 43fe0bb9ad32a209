#pragma once
// A blocking client of wpnd's control socket, for wpnctl and the tests: connect and say
// hello, then requests and events, each with a bounded wait. Events that arrive while a
// reply is awaited are kept for next_event().

#include <chrono>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "ipc/client_session.h"
#include "ipc_client/client_connection.h"

namespace wpn::ipc {

class BlockingClient {
 public:
  static constexpr std::chrono::milliseconds DefaultTimeout{60000};

  // Connects and completes the hello within `timeout`; `client` names the caller.
  static tl::expected<BlockingClient, ClientError> connect(const std::filesystem::path& socket,
                                                           std::string client = "wpnctl",
                                                           std::chrono::milliseconds timeout = DefaultTimeout);

  const HelloResult& hello() const noexcept { return hello_; }

  // One request: the reply's result or error, or why none came within `timeout`.
  tl::expected<CallResult, ClientError> call(std::string_view method, const JsonObject& params,
                                             std::chrono::milliseconds timeout = DefaultTimeout);

  // The next event; a Timeout error when none came within `timeout` (nullopt: no limit).
  tl::expected<Event, ClientError> next_event(std::optional<std::chrono::milliseconds> timeout = std::nullopt);

 private:
  explicit BlockingClient(ClientConnection connection) : connection_(std::move(connection)) {}
  // Pumps until `done()` holds, the session ends or the deadline passes.
  template <typename Done>
  void pump_until(std::chrono::steady_clock::time_point deadline, Done done);
  // Keeps what one output brings: the hello, a reply, an event, the end.
  void take(SessionOutput output);

  ClientConnection connection_;
  HelloResult hello_;
  std::deque<Event> events_;
  bool ready_ = false;
  std::optional<SessionAnswer> answer_;  // the latest; late replies to abandoned calls too
  std::optional<SessionClosed> ended_;
};

}  // namespace wpn::ipc
