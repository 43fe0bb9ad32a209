#pragma once
// Typed params of the WPN network methods (PROTOCOL.md, "The WPN network"). The server
// parses with parse_*; clients build the structs and send to_json(...). The checks here are
// of shape only (hex digits, handle form, lengths); whether a user or host exists is the
// service's to answer. network.status, network.hosts, network.connect and
// network.disconnect take no params.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ipc/params.h"
#include "json/json_value.h"

namespace wpn::ipc {

namespace host_type {
inline constexpr std::string_view Cache = "cache";
inline constexpr std::string_view Hub = "hub";
}  // namespace host_type

inline constexpr std::size_t MaxPmBytes = 1000;

// network.add, network.remove, network.connect_now
struct NetworkAddParams {
  std::string type;     // cache | hub
  std::string address;  // HOST:PORT

  friend bool operator==(const NetworkAddParams&, const NetworkAddParams&) = default;
};

// network.import
struct NetworkImportParams {
  std::string path;  // absolute, a .wsx file

  friend bool operator==(const NetworkImportParams&, const NetworkImportParams&) = default;
};

// search: by words (all must match) or by a file's key, not both.
struct SearchParams {
  std::string words;
  std::string key;  // 40 hex digits

  friend bool operator==(const SearchParams&, const SearchParams&) = default;
};

// search.results, browse.results, whois.result: the id the request was answered with.
struct RequestIdParams {
  std::uint64_t id = 0;

  friend bool operator==(const RequestIdParams&, const RequestIdParams&) = default;
};

// browse, whois: whom to ask.
struct PeerParams {
  std::string user;    // full name
  std::string handle;  // "WinMX 0200007f1871"

  friend bool operator==(const PeerParams&, const PeerParams&) = default;
};

// pm.send
struct PmSendParams {
  std::string user;
  std::string handle;
  std::string text;  // 1..MaxPmBytes bytes of UTF-8

  friend bool operator==(const PmSendParams&, const PmSendParams&) = default;
};

// download: one source, as a search result names it.
struct DownloadParams {
  std::string key;  // 40 hex digits
  std::string user;
  std::string handle;
  std::string file;  // the announced name's exact bytes (sent as file_hex)
  std::string name;  // the local name; "" = the announced name

  friend bool operator==(const DownloadParams&, const DownloadParams&) = default;
};

ParamsResult<NetworkAddParams> parse_network_add(const JsonObject& params);
ParamsResult<NetworkImportParams> parse_network_import(const JsonObject& params);
ParamsResult<SearchParams> parse_search(const JsonObject& params);
ParamsResult<RequestIdParams> parse_request_id(const JsonObject& params);
ParamsResult<PeerParams> parse_peer(const JsonObject& params);
ParamsResult<PmSendParams> parse_pm_send(const JsonObject& params);
ParamsResult<DownloadParams> parse_download(const JsonObject& params);

JsonObject to_json(const NetworkAddParams& params);
JsonObject to_json(const NetworkImportParams& params);
JsonObject to_json(const SearchParams& params);
JsonObject to_json(const RequestIdParams& params);
JsonObject to_json(const PeerParams& params);
JsonObject to_json(const PmSendParams& params);
JsonObject to_json(const DownloadParams& params);

// Lower-case hex of bytes, and back (nullopt for an odd length or a non-hex digit).
std::string hex_of_bytes(std::string_view bytes);
std::optional<std::string> bytes_of_hex(std::string_view hex);

}  // namespace wpn::ipc
