#include "ipc/message.h"
#include "json/json_value.h"

#include "ipc/schema.h"

namespace wpn::ipc {

namespace {

RequestError request_error(ErrorCode code, std::string message, std::optional<RequestId> id = std::nullopt) {
  return RequestError{ErrorInfo{code, std::move(message)}, id};
}

std::optional<RequestId> read_id(const JsonObject& object) {
  const auto id = get_uint(object, "id");
  if (!id || *id > MaxSafeInteger) return std::nullopt;
  return *id;
}

}  // namespace

Reply Reply::success(RequestId id, JsonValue result) {
  Reply reply;
  reply.id = id;
  reply.result = std::move(result);
  return reply;
}

Reply Reply::failure(std::optional<RequestId> id, ErrorCode code, std::string message) {
  Reply reply;
  reply.id = id;
  reply.error = ErrorInfo{code, std::move(message)};
  return reply;
}

tl::expected<Request, RequestError> parse_request(std::string_view payload) {
  auto object = parse_json_object(payload);
  if (!object) return tl::unexpected(request_error(ErrorCode::BadFrame, object.error()));
  const auto id = read_id(*object);
  if (!id) return tl::unexpected(request_error(ErrorCode::BadFrame, "\"id\" must be an integer 0..2^53-1"));
  auto method = get_string(*object, "method");
  if (!method) return tl::unexpected(request_error(ErrorCode::BadRequest, "\"method\" must be a string", id));
  if (!is_valid_method_name(*method))
    return tl::unexpected(request_error(ErrorCode::BadRequest, "\"method\" is not a valid method name", id));
  Request request;
  request.id = *id;
  request.method = std::move(*method);
  if ((*object)->has("params")) {
    const auto params = (*object)->get("params");
    if (!params.isEmpty()) {
      request.params = as_object(params);
      if (request.params.isNull())
        return tl::unexpected(request_error(ErrorCode::InvalidParams, "\"params\" must be an object", id));
    }
  }
  if (request.params.isNull()) request.params = make_object();
  return request;
}

std::string encode_request(const Request& request) {
  auto object = make_object();
  object->set("id", request.id);
  object->set("method", request.method);
  object->set("params", request.params.isNull() ? make_object() : request.params);
  return to_json_text(object);
}

std::string encode_reply(const Reply& reply) {
  auto object = make_object();
  if (reply.id)
    object->set("id", *reply.id);
  else
    object->set("id", JsonValue());
  if (reply.error) {
    auto error = make_object();
    error->set("code", std::string(to_string(reply.error->code)));
    error->set("message", reply.error->message);
    object->set("status", "error");
    object->set("error", error);
  } else {
    object->set("status", "ok");
    object->set("result", reply.result);
  }
  return to_json_text(object);
}

std::string encode_event(const Event& event) {
  auto object = make_object();
  object->set("event", event.name);
  object->set("seq", event.seq);
  object->set("data", event.data.isNull() ? make_object() : event.data);
  return to_json_text(object);
}

tl::expected<ServerMessage, std::string> parse_server_message(std::string_view payload) {
  auto object = parse_json_object(payload);
  if (!object) return tl::unexpected(object.error());
  if (auto name = get_string(*object, "event")) {
    Event event;
    event.name = std::move(*name);
    const auto seq = get_uint(*object, "seq");
    if (!seq) return tl::unexpected(std::string("event without a sequence number"));
    event.seq = *seq;
    event.data = get_object(*object, "data");
    if (event.data.isNull()) event.data = make_object();
    return ServerMessage{std::move(event)};
  }
  const auto status = get_string(*object, "status");
  if (!status || (*status != "ok" && *status != "error"))
    return tl::unexpected(std::string("neither a reply nor an event"));
  Reply reply;
  reply.id = read_id(*object);
  if (*status == "ok") {
    reply.result = (*object)->has("result") ? (*object)->get("result") : JsonValue();
    return ServerMessage{std::move(reply)};
  }
  const auto error = get_object(*object, "error");
  const auto code_name = get_string(error, "code");
  const auto code = code_name ? error_code_from_string(*code_name) : std::nullopt;
  // A code from a newer server is still an error; keep its text for the message.
  reply.error = ErrorInfo{code.value_or(ErrorCode::Internal), get_string(error, "message").value_or("")};
  if (!code && code_name) reply.error->message = *code_name + ": " + reply.error->message;
  return ServerMessage{std::move(reply)};
}

}  // namespace wpn::ipc
