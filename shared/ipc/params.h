#pragma once
// Typed params of the IPC methods. The server parses with parse_*; clients build the same
// structs and send to_json(...). Parsing fails with ErrorCode::InvalidParams and a message
// naming the member.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "ipc/error_code.h"
#include "ipc/message.h"
#include "json/json_value.h"

namespace wpn::ipc {

template <class T>
using ParamsResult = tl::expected<T, ErrorInfo>;

// A share root named by its local path or its id (shares.remove, shares.rescan, shares.files).
struct ShareRef {
  std::optional<std::string> path;
  std::optional<std::int64_t> id;

  bool empty() const noexcept { return !path && !id; }
};

// The root is announced under the folder's own name.
struct SharesAddParams {
  std::string path;
};

struct SharesFilesParams {
  ShareRef root;  // empty = every root
  std::uint64_t offset = 0;
  std::uint64_t limit = 100;  // at most MaxFilesPage
  std::uint64_t after = 0;    // file id: only files after it (a walker's cursor); 0 = from the start
};

struct SettingsGetParams {
  std::vector<std::string> keys;  // empty = every setting
};

struct SettingsSetParams {
  std::map<std::string, JsonValue> values;
};

struct LogsRecentParams {
  std::uint64_t limit = 100;
  std::string min_level;  // empty = every level
};

struct SubscribeParams {
  std::vector<std::string> topics;
  std::optional<Sequence> since;        // resume after this event
  std::optional<std::string> instance;  // the service instance "since" belongs to
};

struct SubscribeResult {
  Sequence seq = 0;  // the last event sequence number at subscription time
  std::string instance;
  std::uint64_t replayed = 0;  // events with seq in (since, seq] that follow this reply
  JsonObject snapshot;         // per topic, when the gap could not be replayed; else null
};

struct UnsubscribeParams {
  std::vector<std::string> topics;  // empty = every topic
};

ParamsResult<SharesAddParams> parse_shares_add(const JsonObject& params);
// `required`: whether the root must be named (remove) or may be absent (rescan, files).
ParamsResult<ShareRef> parse_share_ref(const JsonObject& params, bool required);
ParamsResult<SharesFilesParams> parse_shares_files(const JsonObject& params);
ParamsResult<SettingsGetParams> parse_settings_get(const JsonObject& params);
ParamsResult<SettingsSetParams> parse_settings_set(const JsonObject& params);
ParamsResult<LogsRecentParams> parse_logs_recent(const JsonObject& params);
ParamsResult<SubscribeParams> parse_subscribe(const JsonObject& params);
ParamsResult<UnsubscribeParams> parse_unsubscribe(const JsonObject& params);

JsonObject to_json(const SharesAddParams& params);
JsonObject to_json(const ShareRef& ref);
JsonObject to_json(const SharesFilesParams& params);
JsonObject to_json(const SettingsGetParams& params);
JsonObject to_json(const SettingsSetParams& params);
JsonObject to_json(const LogsRecentParams& params);
JsonObject to_json(const SubscribeParams& params);
JsonObject to_json(const UnsubscribeParams& params);

JsonObject to_json(const SubscribeResult& result);
SubscribeResult subscribe_result_from_json(const JsonObject& object);

}  // namespace wpn::ipc
