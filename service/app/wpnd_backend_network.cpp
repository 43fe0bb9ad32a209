// The network side of wpnd's IPC backend: overlay status, the host list, searches and
// downloads of search results.
#include <Poco/Logger.h>

#include "ipc/schema.h"
#include "protocol/hex.h"
#include "service/app/wpnd_backend.h"

namespace wpn::service {

namespace {

using ipc::ErrorCode;
using ipc::ErrorInfo;

tl::unexpected<ErrorInfo> invalid(std::string message) {
  return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, std::move(message)});
}

// download {key, user, handle, file | file_hex, name?}: one source, as a search result names it.
BackendResult<ipc::JsonObject> start_download(TransferHost& transfers, const ipc::JsonObject& params) {
  const auto key_hex = ipc::get_string(params, "key").value_or("");
  const auto key_bytes = protocol::from_hex(key_hex);
  if (!key_bytes || key_bytes->size() != 20) return invalid("key must be 40 hex digits");
  const auto key = protocol::FileKey::from_wire(std::span<const protocol::Byte, 20>(key_bytes->data(), 20));
  const auto user = ipc::get_string(params, "user").value_or("");
  const auto handle = protocol::NodeHandle::parse(ipc::get_string(params, "handle").value_or(""));
  if (user.empty() || !handle) return invalid("user and handle (\"WinMX 0100007f1871\") name the source");
  std::string file;
  if (const auto raw = ipc::get_string(params, "file_hex")) {
    const auto bytes = protocol::from_hex(*raw);
    if (!bytes) return invalid("file_hex is not hex");
    file.assign(bytes->begin(), bytes->end());
  } else {
    file = ipc::get_string(params, "file").value_or("");
  }
  if (file.empty()) return invalid("file (or file_hex) names the announced file");
  const auto name = ipc::get_string(params, "name").value_or(file);
  std::optional<transfer::TransferId> id;
  transfers.with_manager([&](net::TransferManager& manager) {
    id = manager.add_download(key, name, {protocol::TransferAddress{*handle, user, file}});
  });
  if (!id) return tl::unexpected(ErrorInfo{ErrorCode::AlreadyExists, "that file is already being downloaded"});
  auto result = ipc::make_object();
  result->set("id", Poco::UInt64{*id});
  return result;
}

}  // namespace

void WpndBackend::attach_overlay(OverlayHost* overlay) { overlay_.store(overlay); }

BackendResult<ipc::JsonObject> WpndBackend::network_call(std::string_view method, const ipc::JsonObject& params) {
  OverlayHost* overlay = overlay_.load();
  TransferHost* transfers = transfers_.load();
  if (overlay == nullptr || transfers == nullptr)
    return tl::unexpected(ErrorInfo{ErrorCode::NotAvailable, "the network is not running"});
  if (method == ipc::method::NetworkStatus) return overlay->status();
  if (method == ipc::method::NetworkHosts) return overlay->hosts();
  if (method == ipc::method::NetworkConnect) {
    if (auto failed = overlay->connect()) return tl::unexpected(ErrorInfo{ErrorCode::Internal, *failed});
    return overlay->status();
  }
  if (method == ipc::method::NetworkDisconnect) {
    overlay->disconnect();
    return overlay->status();
  }
  if (method == ipc::method::NetworkAdd)
    return overlay->add_host(ipc::get_string(params, "type").value_or(""), ipc::get_string(params, "address").value_or(""));
  if (method == ipc::method::NetworkImport) {
    const auto path = ipc::get_string(params, "path").value_or("");
    if (path.empty() || path.front() != '/') return invalid("path must be an absolute path to a .wsx file");
    return overlay->import_hosts(path);
  }
  if (method == ipc::method::Search) {
    auto id = overlay->search(ipc::get_string(params, "words").value_or(""), ipc::get_string(params, "key").value_or(""));
    if (!id) return tl::unexpected(id.error());
    auto result = ipc::make_object();
    result->set("id", Poco::UInt64{*id});
    return result;
  }
  if (method == ipc::method::SearchResults) {
    const auto id = ipc::get_uint(params, "id");
    if (!id || *id > UINT32_MAX) return invalid("id names a search");
    return overlay->search_results(static_cast<std::uint32_t>(*id));
  }
  if (method == ipc::method::Download) return start_download(*transfers, params);
  const auto user = ipc::get_string(params, "user").value_or("");
  const auto handle = ipc::get_string(params, "handle").value_or("");
  if (method == ipc::method::Browse || method == ipc::method::Whois) {
    if (user.empty()) return invalid("user names whom to ask");
    auto id = method == ipc::method::Browse ? overlay->browse(user, handle) : overlay->whois(user, handle);
    if (!id) return tl::unexpected(id.error());
    auto result = ipc::make_object();
    result->set("id", Poco::UInt64{*id});
    return result;
  }
  if (method == ipc::method::BrowseResults || method == ipc::method::WhoisResult) {
    const auto id = ipc::get_uint(params, "id");
    if (!id || *id > UINT32_MAX) return invalid("id names a request");
    return overlay->answer(static_cast<std::uint32_t>(*id));
  }
  if (method == ipc::method::PmSend) {
    if (user.empty()) return invalid("user names the recipient");
    auto sent = overlay->send_pm(user, handle, ipc::get_string(params, "text").value_or(""));
    if (!sent) return tl::unexpected(sent.error());
    return ipc::make_object();
  }
  return tl::unexpected(ErrorInfo{ErrorCode::UnknownMethod, "unknown method \"" + std::string(method) + "\""});
}

}  // namespace wpn::service
