#pragma once
// wpnd's owner of the WPN overlay node (secondary, primary hub or peer cache, as configured),
// on the transfer host's engine thread. It wires the node to the transfer manager (0x1Fxx
// both ways, sources by hash search), publishes the share list after login and whenever it
// changes, keeps the host list in WSX form in the data directory, and runs searches whose
// results the IPC collects by id.

#include <atomic>
#include <chrono>
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
  // The owner's switch: disconnect leaves the network (and stops a hub or cache) until
  // connect; both are idempotent.
  std::optional<std::string> connect();
  void disconnect();
  // About once a second: re-announces the shares when the shared set changed.
  void tick(std::uint64_t shared_files, std::uint64_t shared_bytes);

  // Paused: the hub is told of no files until resumed.
  void set_sharing_paused(bool paused);
  bool connected();
  ipc::JsonObject status();
  // Adds a peer cache or hub ("cache" / "hub", HOST:PORT) to the saved list and reconnects.
  tl::expected<ipc::JsonObject, ipc::ErrorInfo> add_host(const std::string& type, const std::string& address);
  // Merges a .wsx file into the saved list (raw IP entries only when allowed).
  tl::expected<ipc::JsonObject, ipc::ErrorInfo> import_hosts(const std::string& path);
  // A finished download: a .wsx file is imported when the settings say so.
  void on_download_finished(const std::string& path);
  void apply(const ServiceSettings& settings);
  ipc::JsonObject hosts();

  // Starts a keyword (or, with `key`, a hash) search; results are collected under the id.
  tl::expected<std::uint32_t, ipc::ErrorInfo> search(const std::string& words, const std::string& key_hex);
  tl::expected<ipc::JsonObject, ipc::ErrorInfo> search_results(std::uint32_t id);

  // Browse a user's share list, ask who a user is, send a private message. Browse and whois
  // answer later: their results are read by id ({"done": false} until the answer came).
  tl::expected<std::uint32_t, ipc::ErrorInfo> browse(const std::string& user, const std::string& handle);
  tl::expected<std::uint32_t, ipc::ErrorInfo> whois(const std::string& user, const std::string& handle);
  tl::expected<ipc::JsonObject, ipc::ErrorInfo> answer(std::uint32_t id);
  tl::expected<void, ipc::ErrorInfo> send_pm(const std::string& user, const std::string& handle, const std::string& text);

 private:
  void on_node_event(const overlay::SecondaryEvent& event);
  void announce_shares();
  void restart_node();
  void publish_hosts();
  std::filesystem::path hosts_file() const;
  ipc::JsonObject result_to_json(const protocol::SearchResult& result) const;
  ipc::JsonObject file_to_json(const std::string& path, const protocol::FileKey& key, std::uint64_t size,
                               const protocol::MediaInfo& media) const;
  // Runs `ask` with the node on the engine thread and keeps its answer under a new id.
  tl::expected<std::uint32_t, ipc::ErrorInfo> ask(const std::string& handle,
                                                  const std::function<bool(const protocol::NodeHandle&, std::uint32_t)>& ask);

  ServiceSettings settings_;
  TransferHost& transfers_;
  std::unique_ptr<share::SqliteShareReader> reader_;  // engine thread only
  OverlayEventPublisher publish_;
  share::NameEncoder names_;
  // The saved host list: added to over IPC and by finished .wsx downloads (engine thread).
  mutable std::mutex hosts_mutex_;
  std::vector<overlay::WsxEntry> saved_hosts_;
  std::vector<overlay::WsxEntry> host_list() const;  // configured and saved, deduplicated
  // Adds the new ones and writes the file; how many were new, nullopt when it cannot be written.
  std::optional<std::size_t> save_hosts(const std::vector<overlay::WsxEntry>& entries);
  std::unique_ptr<net::OverlayNode> node_;  // engine thread only
  std::map<std::uint32_t, std::vector<protocol::SearchResult>> results_;  // engine thread only
  std::map<std::uint32_t, ipc::JsonObject> answers_;                       // engine thread only
  std::uint32_t next_answer_ = 1;
  std::atomic<std::uint64_t> announced_files_{UINT64_MAX};  // tick (main thread) and reconnects (IPC)
  std::atomic<std::uint64_t> announced_bytes_{UINT64_MAX};
  static constexpr auto ChangingShareAnnounceInterval = std::chrono::minutes(1);
  std::uint64_t seen_files_ = UINT64_MAX;  // the counts at the last tick (main thread only)
  std::uint64_t seen_bytes_ = UINT64_MAX;
  std::chrono::steady_clock::time_point last_announce_{};
  bool paused_ = false;     // engine thread only
};

}  // namespace wpn::service
