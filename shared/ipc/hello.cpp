#include "ipc/hello.h"

#include <limits>

namespace wpn::ipc {

namespace {

constexpr std::size_t MaxNameLength = 256;
constexpr std::size_t MaxCapabilities = 64;

std::optional<int> small_int(const JsonObject& object, const std::string& key) {
  const auto value = get_int(object, key);
  if (!value || *value < 0 || *value > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(*value);
}

}  // namespace

tl::expected<HelloParams, ErrorInfo> parse_hello_params(const JsonObject& params) {
  HelloParams hello;
  const auto protocol = small_int(params, "protocol");
  if (!protocol) return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, "hello needs \"protocol\": an integer"});
  hello.protocol = *protocol;
  hello.client = get_string(params, "client").value_or("");
  if (hello.client.size() > MaxNameLength)
    return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, "hello \"client\" is too long"});
  if (params->has("capabilities")) {
    auto capabilities = get_string_list(params, "capabilities");
    if (!capabilities || capabilities->size() > MaxCapabilities)
      return tl::unexpected(
          ErrorInfo{ErrorCode::InvalidParams, "hello \"capabilities\" must be a short list of strings"});
    hello.capabilities = std::move(*capabilities);
  }
  return hello;
}

JsonObject to_json(const HelloParams& hello) {
  auto object = make_object();
  object->set("protocol", hello.protocol);
  object->set("client", hello.client);
  object->set("capabilities", to_json_array(hello.capabilities));
  return object;
}

tl::expected<HelloResult, std::string> parse_hello_result(const JsonObject& result) {
  HelloResult hello;
  const auto protocol = small_int(result, "protocol");
  if (!protocol) return tl::unexpected(std::string("hello reply without a protocol version"));
  hello.protocol = *protocol;
  hello.server = get_string(result, "server").value_or("");
  hello.instance = get_string(result, "instance").value_or("");
  hello.capabilities = get_string_list(result, "capabilities").value_or(std::vector<std::string>{});
  hello.methods = get_string_list(result, "methods").value_or(std::vector<std::string>{});
  return hello;
}

JsonObject to_json(const HelloResult& hello) {
  auto object = make_object();
  object->set("protocol", hello.protocol);
  object->set("server", hello.server);
  object->set("instance", hello.instance);
  object->set("capabilities", to_json_array(hello.capabilities));
  object->set("methods", to_json_array(hello.methods));
  return object;
}

}  // namespace wpn::ipc
