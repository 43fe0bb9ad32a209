#pragma once
// The three IPC message shapes, each one JSON object per frame:
//   request  {"id": N, "method": "shares.list", "params": {...}}          client -> server
//   reply    {"id": N, "status": "ok", "result": ...}                     server -> client
//            {"id": N, "status": "error", "error": {"code": "...", "message": "..."}}
//   event    {"event": "shares.file_added", "seq": N, "data": {...}}      server -> client
// The event's topic is its name up to the first '.'. A reply to a frame whose id could not
// be read carries "id": null. Unknown members are ignored (the schema grows additively).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <tl/expected.hpp>

#include "ipc/error_code.h"
#include "json/json_value.h"

namespace wpn::ipc {

using RequestId = std::uint64_t;  // 0 .. MaxSafeInteger
using Sequence = std::uint64_t;   // event sequence numbers start at 1

struct Request {
  RequestId id = 0;
  std::string method;
  JsonObject params;  // never null after parsing: an absent params is an empty object
};

struct Reply {
  std::optional<RequestId> id;  // nullopt only for frames whose id was unreadable
  JsonValue result;             // when ok
  std::optional<ErrorInfo> error;

  bool ok() const noexcept { return !error.has_value(); }
  static Reply success(RequestId id, JsonValue result);
  static Reply failure(std::optional<RequestId> id, ErrorCode code, std::string message);
};

struct Event {
  Sequence seq = 0;
  std::string name;  // "<topic>.<what>"
  JsonObject data;   // never null after parsing

  std::string_view topic() const noexcept { return std::string_view(name).substr(0, name.find('.')); }
};

// A request that could not be parsed: the error to send and, when it could be read, the id
// to echo. closes_connection(error.code) says whether the connection must end.
struct RequestError {
  ErrorInfo error;
  std::optional<RequestId> id;
};

tl::expected<Request, RequestError> parse_request(std::string_view payload);
std::string encode_request(const Request& request);

std::string encode_reply(const Reply& reply);
std::string encode_event(const Event& event);

// Client side: a frame from the server is a reply or an event.
using ServerMessage = std::variant<Reply, Event>;
tl::expected<ServerMessage, std::string> parse_server_message(std::string_view payload);

}  // namespace wpn::ipc
