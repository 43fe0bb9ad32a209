#include "ipc/params.h"

#include "ipc/schema.h"

namespace wpn::ipc {

namespace {

constexpr std::size_t MaxPathLength = 4096;
constexpr std::size_t MaxListItems = 256;
constexpr std::uint64_t MaxLogLines = 10000;

tl::unexpected<ErrorInfo> invalid(std::string message) {
  return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, std::move(message)});
}

bool has(const JsonObject& params, const std::string& key) { return !params.isNull() && params->has(key); }

ParamsResult<std::vector<std::string>> string_list(const JsonObject& params, const std::string& key) {
  if (!has(params, key)) return std::vector<std::string>{};
  auto list = get_string_list(params, key);
  if (!list || list->size() > MaxListItems) return invalid("\"" + key + "\" must be a list of strings");
  return *list;
}

ParamsResult<std::uint64_t> optional_uint(const JsonObject& params, const std::string& key, std::uint64_t fallback,
                                          std::uint64_t max) {
  if (!has(params, key)) return fallback;
  const auto value = get_uint(params, key);
  if (!value || *value > max) return invalid("\"" + key + "\" must be an integer 0.." + std::to_string(max));
  return *value;
}

ParamsResult<std::vector<std::string>> topic_list(const JsonObject& params) {
  auto topics = string_list(params, "topics");
  if (!topics) return topics;
  for (const auto& name : *topics)
    if (!is_known_topic(name)) return invalid("unknown topic \"" + name + "\"");
  return topics;
}

}  // namespace

ParamsResult<SharesAddParams> parse_shares_add(const JsonObject& params) {
  SharesAddParams add;
  auto path = get_string(params, "path");
  if (!path || path->empty() || path->size() > MaxPathLength) return invalid("\"path\" must be a directory path");
  add.path = std::move(*path);
  return add;
}

ParamsResult<ShareRef> parse_share_ref(const JsonObject& params, bool required) {
  ShareRef ref;
  if (has(params, "path")) {
    ref.path = get_string(params, "path");
    if (!ref.path || ref.path->empty() || ref.path->size() > MaxPathLength)
      return invalid("\"path\" must be a directory path");
  }
  if (has(params, "id")) {
    ref.id = get_int(params, "id");
    if (!ref.id) return invalid("\"id\" must be an integer");
  }
  if (ref.path && ref.id) return invalid("name the share by \"path\" or by \"id\", not both");
  if (required && ref.empty()) return invalid("name the share by \"path\" or \"id\"");
  return ref;
}

ParamsResult<SharesFilesParams> parse_shares_files(const JsonObject& params) {
  SharesFilesParams files;
  auto root = parse_share_ref(params, false);
  if (!root) return tl::unexpected(root.error());
  files.root = std::move(*root);
  auto offset = optional_uint(params, "offset", 0, MaxSafeInteger);
  if (!offset) return tl::unexpected(offset.error());
  auto limit = optional_uint(params, "limit", files.limit, MaxFilesPage);
  if (!limit) return tl::unexpected(limit.error());
  auto after = optional_uint(params, "after", 0, MaxSafeInteger);
  if (!after) return tl::unexpected(after.error());
  files.offset = *offset;
  files.limit = *limit;
  files.after = *after;
  return files;
}

ParamsResult<SettingsGetParams> parse_settings_get(const JsonObject& params) {
  auto keys = string_list(params, "keys");
  if (!keys) return tl::unexpected(keys.error());
  return SettingsGetParams{std::move(*keys)};
}

ParamsResult<SettingsSetParams> parse_settings_set(const JsonObject& params) {
  const auto values = get_object(params, "values");
  if (values.isNull()) return invalid("\"values\" must be an object of setting keys and values");
  if (values->size() == 0 || values->size() > MaxListItems) return invalid("\"values\" must name 1 to 256 settings");
  SettingsSetParams set;
  for (const auto& [key, value] : *values) set.values.emplace(key, value);
  return set;
}

ParamsResult<LogsRecentParams> parse_logs_recent(const JsonObject& params) {
  LogsRecentParams logs;
  auto limit = optional_uint(params, "limit", logs.limit, MaxLogLines);
  if (!limit) return tl::unexpected(limit.error());
  logs.limit = *limit;
  if (has(params, "level")) {
    auto level = get_string(params, "level");
    if (!level) return invalid("\"level\" must be a string");
    logs.min_level = std::move(*level);
  }
  return logs;
}

ParamsResult<SubscribeParams> parse_subscribe(const JsonObject& params) {
  SubscribeParams subscribe;
  auto topics = topic_list(params);
  if (!topics) return tl::unexpected(topics.error());
  if (topics->empty()) return invalid("\"topics\" must name at least one topic");
  subscribe.topics = std::move(*topics);
  if (has(params, "since")) {
    subscribe.since = get_uint(params, "since");
    if (!subscribe.since) return invalid("\"since\" must be an event sequence number");
  }
  if (has(params, "instance")) {
    subscribe.instance = get_string(params, "instance");
    if (!subscribe.instance) return invalid("\"instance\" must be a string");
  }
  return subscribe;
}

ParamsResult<UnsubscribeParams> parse_unsubscribe(const JsonObject& params) {
  auto topics = topic_list(params);
  if (!topics) return tl::unexpected(topics.error());
  return UnsubscribeParams{std::move(*topics)};
}

JsonObject to_json(const SharesAddParams& params) {
  auto object = make_object();
  object->set("path", params.path);
  return object;
}

JsonObject to_json(const ShareRef& ref) {
  auto object = make_object();
  if (ref.path) object->set("path", *ref.path);
  if (ref.id) object->set("id", *ref.id);
  return object;
}

JsonObject to_json(const SharesFilesParams& params) {
  auto object = to_json(params.root);
  object->set("offset", params.offset);
  object->set("limit", params.limit);
  if (params.after != 0) object->set("after", params.after);
  return object;
}

JsonObject to_json(const SettingsGetParams& params) {
  auto object = make_object();
  if (!params.keys.empty()) object->set("keys", to_json_array(params.keys));
  return object;
}

JsonObject to_json(const SettingsSetParams& params) {
  auto values = make_object();
  for (const auto& [key, value] : params.values) values->set(key, value);
  auto object = make_object();
  object->set("values", values);
  return object;
}

JsonObject to_json(const LogsRecentParams& params) {
  auto object = make_object();
  object->set("limit", params.limit);
  if (!params.min_level.empty()) object->set("level", params.min_level);
  return object;
}

JsonObject to_json(const SubscribeParams& params) {
  auto object = make_object();
  object->set("topics", to_json_array(params.topics));
  if (params.since) object->set("since", *params.since);
  if (params.instance) object->set("instance", *params.instance);
  return object;
}

JsonObject to_json(const UnsubscribeParams& params) {
  auto object = make_object();
  if (!params.topics.empty()) object->set("topics", to_json_array(params.topics));
  return object;
}

JsonObject to_json(const SubscribeResult& result) {
  auto object = make_object();
  object->set("seq", result.seq);
  object->set("instance", result.instance);
  object->set("replayed", result.replayed);
  if (!result.snapshot.isNull()) object->set("snapshot", result.snapshot);
  return object;
}

SubscribeResult subscribe_result_from_json(const JsonObject& object) {
  SubscribeResult result;
  result.seq = get_uint(object, "seq").value_or(0);
  result.instance = get_string(object, "instance").value_or("");
  result.replayed = get_uint(object, "replayed").value_or(0);
  result.snapshot = get_object(object, "snapshot");
  return result;
}

}  // namespace wpn::ipc
