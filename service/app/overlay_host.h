#pragma once
// wpnd's owner of the WPN overlay node (secondary, primary hub or peer cache, as configured),
// on the transfer host's engine thread. It wires the node to the transfer manager (0x1Fxx
// both ways, sources by hash search), publishes the share list after login and whenever it
// changes, keeps the host list in WSX form in the data directory, and runs searches whose
// results the IPC collects by id.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "ipc/error_code.h"
#include "json/json_value.h"
#include "net/overlay_node.h"
#include "overlay/wsx_host_list.h"
#include "service/app/service_settings.h"
#include "service/app/transfer_host.h"
#include "share/name_encoding.h"
#include "share/sqlite_share_index.h"

namespace wpn::service {

using OverlayEventPublisher = std::function<void(std::string_view name, ipc::JsonObject data)>;

// The settings' caches and hubs plus the saved WSX list, without duplicates.
std::vector<overlay::WsxEntry> configured_hosts(const ServiceSettings& settings,
                                                const std::vector<overlay::WsxEntry>& saved);

class OverlayHost {
 public:
  OverlayHost(const ServiceSettings& settings, TransferHost& transfers,
              std::unique_ptr<share::SqliteShareReader> reader, OverlayEventPublisher publish);
  ~OverlayHost();
  OverlayHost(const OverlayHost&) = delete;
  OverlayHost& operator=(const OverlayHost&) = delete;

  std::optional<std::string> start();
  void stop();
  // About once a second: re-announces the shares when the shared set changed.
  void tick(std::uint64_t shared_files, std::uint64_t shared_bytes);

  // Paused: the hub is told of no files until resumed.
  void set_sharing_paused(bool paused);
  bool connected();
  ipc::JsonObject status();
  // Adds a peer cache or hub ("cache" / "hub", HOST:PORT) to the saved list and reconnects.
  tl::expected<ipc::JsonObject, ipc::ErrorInfo> add_host(const std::string& type, const std::string& address);
  // Merges a .wsx file into the saved list.
  tl::expected<ipc::JsonObject, ipc::ErrorInfo> import_hosts(const std::string& path);
  ipc::JsonObject hosts();

  // Starts a keyword (or, with `key`, a hash) search; results are collected under the id.
  tl::expected<std::uint32_t, ipc::ErrorInfo> search(const std::string& words, const std::string& key_hex);
  tl::expected<ipc::JsonObject, ipc::ErrorInfo> search_results(std::uint32_t id);

 private:
  void on_node_event(const overlay::SecondaryEvent& event);
  void announce_shares();
  void restart_node();
  void publish_hosts();
  std::filesystem::path hosts_file() const;
  ipc::JsonObject result_to_json(const protocol::SearchResult& result) const;

  ServiceSettings settings_;
  TransferHost& transfers_;
  std::unique_ptr<share::SqliteShareReader> reader_;  // engine thread only
  OverlayEventPublisher publish_;
  share::NameEncoder names_;
  std::vector<overlay::WsxEntry> saved_hosts_;
  std::unique_ptr<net::OverlayNode> node_;  // engine thread only
  std::map<std::uint32_t, std::vector<protocol::SearchResult>> results_;  // engine thread only
  std::uint64_t announced_files_ = UINT64_MAX;
  std::uint64_t announced_bytes_ = UINT64_MAX;
  bool logged_in_ = false;  // engine thread only
  bool paused_ = false;     // engine thread only
};

}  // namespace wpn::service
