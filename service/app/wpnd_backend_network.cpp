// The network side of wpnd's IPC backend: overlay status, the host list, searches,
// browse, whois, private messages and downloads of search results, each one engine call.
#include <Poco/Logger.h>

#include <charconv>

#include "ipc/schema.h"
#include "service/app/engine_call.h"
#include "service/app/wpnd_backend.h"
#include "service/mapping/network_mapping.h"

namespace wpn::service {

namespace {

using ipc::ErrorCode;
using ipc::ErrorInfo;

tl::unexpected<ErrorInfo> invalid(std::string message) {
  return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, std::move(message)});
}

template <class T>
BackendResult<ipc::JsonObject> as_json(const BackendResult<T>& result) {
  if (!result) return tl::unexpected(result.error());
  return to_json(*result);
}

BackendResult<ipc::JsonObject> as_id(const BackendResult<std::uint64_t>& result) {
  if (!result) return tl::unexpected(result.error());
  auto data = ipc::make_object();
  data->set("id", Poco::UInt64{*result});
  return data;
}

// download {key, user, handle, file | file_hex, name?}: one source, as a search result names it.
BackendResult<session::DownloadRequest> download_request(const ipc::JsonObject& params) {
  session::DownloadRequest request;
  request.key = ipc::get_string(params, "key").value_or("");
  request.user = ipc::get_string(params, "user").value_or("");
  request.handle = ipc::get_string(params, "handle").value_or("");
  if (const auto raw = ipc::get_string(params, "file_hex")) {
    if (raw->size() % 2 != 0) return invalid("file_hex is not hex");
    for (std::size_t i = 0; i < raw->size(); i += 2) {
      unsigned value = 0;
      const auto parsed = std::from_chars(raw->data() + i, raw->data() + i + 2, value, 16);
      if (parsed.ec != std::errc() || parsed.ptr != raw->data() + i + 2) return invalid("file_hex is not hex");
      request.file.push_back(static_cast<char>(value));
    }
  } else {
    request.file = ipc::get_string(params, "file").value_or("");
  }
  request.name = ipc::get_string(params, "name").value_or("");
  return request;
}

}  // namespace

BackendResult<ipc::JsonObject> WpndBackend::network_call(std::string_view method, const ipc::JsonObject& params) {
  using session::NetworkStatus;
  if (method == ipc::method::NetworkStatus) return to_json(engine_.status()->network);
  if (method == ipc::method::NetworkHosts)
    return as_json(engine_call<session::HostList>([&](auto done) { engine_.hosts(std::move(done)); }));
  if (method == ipc::method::NetworkConnect)
    return as_json(engine_call<NetworkStatus>([&](auto done) { engine_.connect(std::move(done)); }));
  if (method == ipc::method::NetworkDisconnect)
    return as_json(engine_call<NetworkStatus>([&](auto done) { engine_.disconnect(std::move(done)); }));
  if (method == ipc::method::NetworkAdd) {
    const auto type = ipc::get_string(params, "type").value_or("");
    const auto address = ipc::get_string(params, "address").value_or("");
    if (type != "cache" && type != "hub") return invalid("type must be cache or hub");
    const auto endpoint = session::parse_endpoint(address);
    if (!endpoint) return invalid("\"" + address + "\" is not HOST:PORT");
    const auto host_type = type == "cache" ? session::HostType::Cache : session::HostType::Hub;
    return as_json(engine_call<session::HostList>(
        [&](auto done) { engine_.add_host(host_type, *endpoint, std::move(done)); }));
  }
  if (method == ipc::method::NetworkImport) {
    const auto path = ipc::get_string(params, "path").value_or("");
    if (path.empty() || path.front() != '/') return invalid("path must be an absolute path to a .wsx file");
    return as_json(engine_call<session::HostList>([&](auto done) { engine_.import_hosts(path, std::move(done)); }));
  }
  if (method == ipc::method::Search) {
    const auto words = ipc::get_string(params, "words").value_or("");
    const auto key = ipc::get_string(params, "key").value_or("");
    auto id = engine_call<std::uint32_t>([&](auto done) { engine_.search(words, key, std::move(done)); });
    return as_id(id.map([](std::uint32_t value) { return std::uint64_t{value}; }));
  }
  if (method == ipc::method::SearchResults) {
    const auto id = ipc::get_uint(params, "id");
    if (!id || *id > UINT32_MAX) return invalid("id names a search");
    return as_json(engine_call<session::SearchResults>(
        [&](auto done) { engine_.search_results(static_cast<std::uint32_t>(*id), std::move(done)); }));
  }
  if (method == ipc::method::Download) {
    auto request = download_request(params);
    if (!request) return tl::unexpected(request.error());
    return as_id(engine_call<session::TransferId>([&](auto done) { engine_.download(*request, std::move(done)); }));
  }
  const auto user = ipc::get_string(params, "user").value_or("");
  const auto handle = ipc::get_string(params, "handle").value_or("");
  if (method == ipc::method::Browse || method == ipc::method::Whois) {
    if (user.empty()) return invalid("user names whom to ask");
    auto id = engine_call<std::uint32_t>([&](auto done) {
      if (method == ipc::method::Browse) engine_.browse(user, handle, std::move(done));
      else engine_.whois(user, handle, std::move(done));
    });
    return as_id(id.map([](std::uint32_t value) { return std::uint64_t{value}; }));
  }
  if (method == ipc::method::BrowseResults || method == ipc::method::WhoisResult) {
    const auto id = ipc::get_uint(params, "id");
    if (!id || *id > UINT32_MAX) return invalid("id names a request");
    return as_json(engine_call<session::PeerAnswer>(
        [&](auto done) { engine_.answer(static_cast<std::uint32_t>(*id), std::move(done)); }));
  }
  if (method == ipc::method::PmSend) {
    if (user.empty()) return invalid("user names the recipient");
    const auto text = ipc::get_string(params, "text").value_or("");
    auto sent = engine_call<void>([&](auto done) { engine_.send_pm(user, handle, text, std::move(done)); });
    if (!sent) return tl::unexpected(sent.error());
    return ipc::make_object();
  }
  return tl::unexpected(ErrorInfo{ErrorCode::UnknownMethod, "unknown method \"" + std::string(method) + "\""});
}

}  // namespace wpn::service
