#pragma once
// The first request on every connection: {"method": "hello", "params": {"protocol": 1,
// "client": "wpnctl 0.1.0", "capabilities": [...]}}. The result names the server, its
// instance (which changes at every start, so "since N" from another run is never trusted),
// the capabilities it agrees to and the methods it implements.

#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "ipc/error_code.h"
#include "json/json_value.h"

namespace wpn::ipc {

struct HelloParams {
  int protocol = 0;
  std::string client;
  std::vector<std::string> capabilities;
};

struct HelloResult {
  int protocol = 0;
  std::string server;
  std::string instance;
  std::vector<std::string> capabilities;
  std::vector<std::string> methods;
};

// InvalidParams when a member is missing or of the wrong type. The version is checked by
// the server, not here, so that the error can name both versions.
tl::expected<HelloParams, ErrorInfo> parse_hello_params(const JsonObject& params);
JsonObject to_json(const HelloParams& hello);

tl::expected<HelloResult, std::string> parse_hello_result(const JsonObject& result);
JsonObject to_json(const HelloResult& hello);

}  // namespace wpn::ipc
