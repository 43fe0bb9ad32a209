#include "ipc/network_params.h"

#include <charconv>
#include <cstdint>

namespace wpn::ipc {

namespace {

constexpr std::size_t MaxPathLength = 4096;
constexpr std::size_t MaxUserName = 256;
constexpr std::size_t MaxHostName = 253;
constexpr std::size_t MaxSearchWords = 1000;
constexpr std::size_t KeyHexDigits = 40;
constexpr std::string_view HandlePrefix = "WinMX ";
constexpr std::size_t HandleHexDigits = 12;  // 8 of the IPv4 address, 4 of the port
constexpr std::uint64_t MaxRequestId = UINT32_MAX;

tl::unexpected<ErrorInfo> invalid(std::string message) {
  return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, std::move(message)});
}

bool has(const JsonObject& params, const std::string& key) { return !params.isNull() && params->has(key); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool all_hex(std::string_view text) {
  for (const char c : text)
    if (hex_value(c) < 0) return false;
  return true;
}

bool is_key(std::string_view text) { return text.size() == KeyHexDigits && all_hex(text); }

bool is_handle(std::string_view text) {
  if (text.size() != HandlePrefix.size() + HandleHexDigits) return false;
  for (std::size_t i = 0; i < HandlePrefix.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(text[i]) != lower(HandlePrefix[i])) return false;
  }
  return all_hex(text.substr(HandlePrefix.size()));
}

bool is_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon > MaxHostName) return false;
  unsigned port = 0;
  const char* end = text.data() + text.size();
  const auto parsed = std::from_chars(text.data() + colon + 1, end, port);
  return parsed.ec == std::errc() && parsed.ptr == end && port >= 1 && port <= 65535;
}

// A string member that must be present and 1..max bytes long.
ParamsResult<std::string> required_string(const JsonObject& params, const std::string& key, std::size_t max,
                                          const std::string& what) {
  auto value = get_string(params, key);
  if (!value || value->empty() || value->size() > max) return invalid("\"" + key + "\" must be " + what);
  return std::move(*value);
}

ParamsResult<PeerParams> peer_of(const JsonObject& params) {
  auto user = required_string(params, "user", MaxUserName, "a user's full name");
  if (!user) return tl::unexpected(user.error());
  auto handle = get_string(params, "handle");
  if (!handle || !is_handle(*handle)) return invalid("\"handle\" must read \"WinMX 0100007f1871\"");
  return PeerParams{std::move(*user), std::move(*handle)};
}

}  // namespace

std::string hex_of_bytes(std::string_view bytes) {
  static constexpr char Digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex += Digits[byte >> 4];
    hex += Digits[byte & 0x0F];
  }
  return hex;
}

std::optional<std::string> bytes_of_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes += static_cast<char>((high << 4) | low);
  }
  return bytes;
}

ParamsResult<NetworkAddParams> parse_network_add(const JsonObject& params) {
  auto type = get_string(params, "type");
  if (!type || (*type != host_type::Cache && *type != host_type::Hub)) return invalid("\"type\" must be cache or hub");
  auto address = get_string(params, "address");
  if (!address || !is_host_port(*address)) return invalid("\"address\" must be HOST:PORT");
  return NetworkAddParams{std::move(*type), std::move(*address)};
}

ParamsResult<NetworkImportParams> parse_network_import(const JsonObject& params) {
  auto path = get_string(params, "path");
  if (!path || path->empty() || path->front() != '/' || path->size() > MaxPathLength)
    return invalid("\"path\" must be an absolute path to a .wsx file");
  return NetworkImportParams{std::move(*path)};
}

ParamsResult<SearchParams> parse_search(const JsonObject& params) {
  SearchParams search;
  if (has(params, "key")) {
    auto key = get_string(params, "key");
    if (!key || !is_key(*key)) return invalid("\"key\" must be 40 hex digits");
    search.key = std::move(*key);
  }
  if (has(params, "words")) {
    auto words = get_string(params, "words");
    if (!words || words->empty() || words->size() > MaxSearchWords) return invalid("\"words\" must be 1 to 1000 bytes");
    search.words = std::move(*words);
  }
  if (!search.key.empty() && !search.words.empty()) return invalid("search by \"words\" or by \"key\", not both");
  if (search.key.empty() && search.words.empty()) return invalid("give \"words\" or a \"key\"");
  return search;
}

ParamsResult<RequestIdParams> parse_request_id(const JsonObject& params) {
  const auto id = get_uint(params, "id");
  if (!id || *id > MaxRequestId)
    return invalid("\"id\" must name a request (an integer 0.." + std::to_string(MaxRequestId) + ")");
  return RequestIdParams{*id};
}

ParamsResult<PeerParams> parse_peer(const JsonObject& params) { return peer_of(params); }

ParamsResult<PmSendParams> parse_pm_send(const JsonObject& params) {
  auto peer = peer_of(params);
  if (!peer) return tl::unexpected(peer.error());
  auto text = required_string(params, "text", MaxPmBytes, "1 to 1000 bytes");
  if (!text) return tl::unexpected(text.error());
  return PmSendParams{std::move(peer->user), std::move(peer->handle), std::move(*text)};
}

ParamsResult<DownloadParams> parse_download(const JsonObject& params) {
  DownloadParams download;
  auto key = get_string(params, "key");
  if (!key || !is_key(*key)) return invalid("\"key\" must be 40 hex digits");
  download.key = std::move(*key);
  auto peer = peer_of(params);
  if (!peer) return tl::unexpected(peer.error());
  download.user = std::move(peer->user);
  download.handle = std::move(peer->handle);
  if (has(params, "file_hex")) {
    const auto hex = get_string(params, "file_hex");
    auto bytes = hex ? bytes_of_hex(*hex) : std::nullopt;
    if (!bytes || bytes->empty() || bytes->size() > MaxPathLength)
      return invalid("\"file_hex\" must be the hex of the announced name");
    download.file = std::move(*bytes);
  } else {
    auto file = required_string(params, "file", MaxPathLength, "the announced name");
    if (!file) return invalid("\"file\" (or \"file_hex\") must name the announced file");
    download.file = std::move(*file);
  }
  if (has(params, "name")) {
    auto name = get_string(params, "name");
    if (!name || name->size() > MaxPathLength) return invalid("\"name\" must be a file name");
    download.name = std::move(*name);
  }
  return download;
}

JsonObject to_json(const NetworkAddParams& params) {
  auto object = make_object();
  object->set("type", params.type);
  object->set("address", params.address);
  return object;
}

JsonObject to_json(const NetworkImportParams& params) {
  auto object = make_object();
  object->set("path", params.path);
  return object;
}

JsonObject to_json(const SearchParams& params) {
  auto object = make_object();
  if (!params.words.empty()) object->set("words", params.words);
  if (!params.key.empty()) object->set("key", params.key);
  return object;
}

JsonObject to_json(const RequestIdParams& params) {
  auto object = make_object();
  object->set("id", params.id);
  return object;
}

JsonObject to_json(const PeerParams& params) {
  auto object = make_object();
  object->set("user", params.user);
  object->set("handle", params.handle);
  return object;
}

JsonObject to_json(const PmSendParams& params) {
  auto object = to_json(PeerParams{params.user, params.handle});
  object->set("text", params.text);
  return object;
}

JsonObject to_json(const DownloadParams& params) {
  auto object = to_json(PeerParams{params.user, params.handle});
  object->set("key", params.key);
  object->set("file_hex", hex_of_bytes(params.file));
  if (!params.name.empty()) object->set("name", params.name);
  return object;
}

}  // namespace wpn::ipc
