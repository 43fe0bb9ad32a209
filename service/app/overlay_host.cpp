#include "service/app/overlay_host.h"

#include <Poco/Logger.h>
#include <Poco/Net/IPAddress.h>

#include <algorithm>
#include <charconv>

#include "net/overlay_host_list_file.h"
#include "protocol/hex.h"
#include "share/share_announce.h"

namespace wpn::service {

namespace {

constexpr std::size_t MaxResultsKept = 1000;
constexpr std::size_t MaxSearchesKept = 32;

Poco::Logger& logger() { return Poco::Logger::get("wpn.service.overlay"); }

net::OverlayRole role_of(const std::string& role) {
  if (role == "primary") return net::OverlayRole::Hub;
  if (role == "cache") return net::OverlayRole::Cache;
  return net::OverlayRole::Secondary;
}

std::optional<overlay::WsxEntry> entry_of(overlay::WsxType type, const std::string& host_port) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  unsigned port = 0;
  const char* end = host_port.data() + host_port.size();
  const auto parsed = std::from_chars(host_port.data() + colon + 1, end, port);
  if (parsed.ec != std::errc() || parsed.ptr != end || port == 0 || port > 65535) return std::nullopt;
  overlay::WsxEntry entry;
  entry.network = "OpenWPN";
  entry.type = type;
  entry.type_text = std::string(overlay::wsx_type_text(type));
  entry.address = host_port.substr(0, colon);
  entry.port = static_cast<std::uint16_t>(port);
  return entry;
}

protocol::Ip4 ip4_of(const std::string& text) {
  protocol::Ip4 ip{127, 0, 0, 1};
  Poco::Net::IPAddress address;
  if (!Poco::Net::IPAddress::tryParse(text, address) || address.family() != Poco::Net::IPAddress::IPv4 ||
      address.isWildcard())
    return ip;
  const auto* bytes = static_cast<const std::uint8_t*>(address.addr());
  std::copy(bytes, bytes + 4, ip.begin());
  return ip;
}

ipc::ErrorInfo not_secondary() {
  return {ipc::ErrorCode::NotAvailable, "searching needs the secondary role (this wpnd runs as a hub or cache)"};
}

}  // namespace

std::vector<overlay::WsxEntry> configured_hosts(const ServiceSettings& settings,
                                                const std::vector<overlay::WsxEntry>& saved) {
  std::vector<overlay::WsxEntry> hosts = saved;
  const auto add = [&](overlay::WsxType type, const std::string& text) {
    auto entry = entry_of(type, text);
    if (!entry) return;
    const bool known = std::any_of(hosts.begin(), hosts.end(), [&](const overlay::WsxEntry& e) {
      return e.type == entry->type && e.address == entry->address && e.port == entry->port;
    });
    if (!known) hosts.push_back(*entry);
  };
  for (const auto& cache : settings.caches) add(overlay::WsxType::WpnCache, cache);
  for (const auto& hub : settings.hubs) add(overlay::WsxType::WpnHub, hub);
  return hosts;
}

OverlayHost::OverlayHost(const ServiceSettings& settings, TransferHost& transfers,
                         std::unique_ptr<share::SqliteShareReader> reader, OverlayEventPublisher publish)
    : settings_(settings),
      transfers_(transfers),
      reader_(std::move(reader)),
      publish_(std::move(publish)),
      names_(settings.code_page == "CP932" ? share::CodePage::Cp932 : share::CodePage::Cp1252) {
  if (auto saved = net::read_host_list(hosts_file())) saved_hosts_ = saved->entries;
}

std::vector<overlay::WsxEntry> OverlayHost::host_list() const {
  std::lock_guard lock(hosts_mutex_);
  return configured_hosts(settings_, saved_hosts_);
}

std::optional<std::size_t> OverlayHost::save_hosts(const std::vector<overlay::WsxEntry>& entries) {
  std::lock_guard lock(hosts_mutex_);
  std::size_t added = 0;
  for (const auto& entry : entries) {
    if (std::find(saved_hosts_.begin(), saved_hosts_.end(), entry) != saved_hosts_.end()) continue;
    saved_hosts_.push_back(entry);
    ++added;
  }
  if (added > 0 && !net::write_host_list(hosts_file(), saved_hosts_)) return std::nullopt;
  return added;
}

OverlayHost::~OverlayHost() { stop(); }

std::filesystem::path OverlayHost::hosts_file() const {
  return std::filesystem::path(settings_.data_dir) / "hosts.wsx";
}

std::optional<std::string> OverlayHost::start() {
  std::optional<std::string> error;
  transfers_.with_manager([&](net::TransferManager& manager) {
    net::OverlaySettings overlay;
    overlay.role = role_of(settings_.role);
    overlay.secondary.base_name = settings_.name;
    overlay.secondary.data_port = manager.data_port();
    overlay.secondary.passive = settings_.passive || manager.data_port() == 0;
    if (settings_.bind != "0.0.0.0" && settings_.bind != "::") overlay.bind_ip = settings_.bind;
    overlay.listen_ip = settings_.bind;
    // Hubs and caches take the configured port for themselves (their data port is off).
    overlay.hub_port = static_cast<std::uint16_t>(settings_.data_port);
    overlay.cache_port = static_cast<std::uint16_t>(settings_.data_port);
    overlay.hub.ip = ip4_of(settings_.bind);
    overlay.hub.tcp_port = static_cast<std::uint16_t>(settings_.data_port);
    overlay.hub.max_secondaries = static_cast<std::size_t>(settings_.hub_max_users);
    node_ = std::make_unique<net::OverlayNode>(transfers_.loop(), std::move(overlay),
                                               host_list());
    node_->set_status_source([&manager] {
      protocol::QueueStatus status;
      status.total = manager.settings().upload.slots;
      const auto counts = manager.counts();
      status.free = status.total > counts.uploads ? static_cast<std::uint32_t>(status.total - counts.uploads) : 0;
      status.queued = static_cast<std::uint32_t>(counts.queued);
      return status;
    });
    node_->set_event_handler([this](const overlay::SecondaryEvent& event) { on_node_event(event); });
    if (!node_->start()) {
      error = "the " + settings_.role + " could not listen on " + settings_.bind + ":" + std::to_string(settings_.data_port);
      return;
    }
    if (auto* secondary = node_->secondary()) {
      manager.set_packet_sender([secondary](const protocol::TransferRequestMessage& m) { secondary->send_transfer(m); });
      secondary->set_notice_handler([&manager](const protocol::TransferNoticeMessage& n) { manager.on_transfer_notice(n); });
      manager.set_source_finder([this, &manager](const protocol::FileKey& key) {
        if (!node_) return;
        node_->search_hash(key.hash, [&manager, key](const protocol::SearchResult& hit) {
          if (hit.key == key) manager.add_source(key, {protocol::holder_handle(hit), hit.user, hit.path});
        });
      });
    }
  });
  if (error) logger().error(*error);
  else if (settings_.publish_host_list) publish_hosts();
  return error;
}

// WinMX users pass host lists around as dated .wsx files in their shares.
void OverlayHost::publish_hosts() {
  if (settings_.shares.empty()) return;
  const auto written = net::publish_host_list(settings_.shares.front(), host_list());
  if (written) logger().information("host list published as " + written->string());
  else logger().warning("cannot publish the host list into " + settings_.shares.front());
}

void OverlayHost::stop() {
  transfers_.with_manager([&](net::TransferManager& manager) {
    manager.set_packet_sender(nullptr);
    manager.set_source_finder(nullptr);
    if (node_) node_->stop();
    node_.reset();
  });
}

std::optional<std::string> OverlayHost::connect() {
  bool running = false;
  transfers_.with_manager([&](net::TransferManager&) { running = node_ != nullptr; });
  if (running) return std::nullopt;
  logger().information("connecting (requested)");
  announced_files_ = UINT64_MAX;
  return start();
}

void OverlayHost::disconnect() {
  logger().information("disconnecting (requested)");
  stop();
}

void OverlayHost::restart_node() {
  stop();
  announced_files_ = UINT64_MAX;
  start();
}

void OverlayHost::on_node_event(const overlay::SecondaryEvent& event) {
  if (const auto* login = std::get_if<overlay::LoggedIn>(&event)) {
    logger().information("logged in as " + login->full_name);
    transfers_.loop().post([this, name = login->full_name] {
      transfers_.with_manager([&](net::TransferManager& manager) {
        auto next = manager.settings();
        next.own_name = name;
        if (node_ && node_->secondary())
          if (const auto handle = node_->secondary()->parent_handle()) next.own_handle = *handle;
        manager.reconfigure(std::move(next));
      });
    });
    announce_shares();
    auto data = ipc::make_object();
    data->set("full_name", login->full_name);
    publish_("network.logged_in", data);
  } else if (const auto* pm = std::get_if<protocol::PmIncoming>(&event)) {
    auto data = ipc::make_object();
    data->set("from", pm->name);
    data->set("handle", pm->handle.to_string());
    data->set("text", names_.to_utf8(pm->text));
    publish_("network.pm", data);
  } else if (const auto* hit = std::get_if<overlay::SearchHit>(&event)) {
    // Only searches asked for over IPC are kept: the source finder's hash searches and ids
    // already trimmed away would otherwise add entries nothing ever removes.
    const auto kept = results_.find(hit->result.search_id);
    if (kept != results_.end() && kept->second.size() < MaxResultsKept) kept->second.push_back(hit->result);
  }
}

// Every folder's 0x0FA3 payloads from the index; the node sends them after login and
// replaces what the hub knows when they change.
void OverlayHost::announce_shares() {
  if (!node_ || !node_->secondary() || !reader_) return;
  std::vector<protocol::Bytes> payloads;
  if (paused_) {
    logger().information("sharing paused: announcing no files");
    node_->set_shares({});
    return;
  }
  const auto summary = share::for_each_share_payload(*reader_, std::nullopt, [&](const protocol::Bytes& payload) {
    payloads.push_back(payload);
    return true;
  });
  if (!summary) {
    logger().error("cannot read the share list: " + summary.error().message);
    return;
  }
  logger().information("announcing " + std::to_string(summary->files) + " file(s) in " +
                       std::to_string(summary->folders) + " folder(s)");
  node_->set_shares(std::move(payloads));
}

void OverlayHost::tick(std::uint64_t shared_files, std::uint64_t shared_bytes) {
  const bool settled = shared_files == seen_files_ && shared_bytes == seen_bytes_;
  seen_files_ = shared_files;
  seen_bytes_ = shared_bytes;
  if (shared_files == announced_files_ && shared_bytes == announced_bytes_) return;
  // Each announcement rebuilds every folder's payloads from the index on the engine thread:
  // while a scan keeps changing the counts, once a minute; otherwise once they hold still.
  const auto now = std::chrono::steady_clock::now();
  if (!settled && now - last_announce_ < ChangingShareAnnounceInterval) return;
  last_announce_ = now;
  announced_files_ = shared_files;
  announced_bytes_ = shared_bytes;
  transfers_.with_manager([&](net::TransferManager&) { announce_shares(); });
}

// A hub keeps announced files until the session ends (we send no unshare packets by
// default), so pausing logs in again with an empty list; resuming announces everything.
void OverlayHost::set_sharing_paused(bool paused) {
  bool changed = false;
  transfers_.with_manager([&](net::TransferManager&) {
    changed = paused_ != paused;
    paused_ = paused;
  });
  if (!changed) return;
  if (paused) restart_node();
  else transfers_.with_manager([&](net::TransferManager&) { announce_shares(); });
}

bool OverlayHost::connected() {
  bool connected = false;
  transfers_.with_manager([&](net::TransferManager&) {
    connected = node_ && (node_->secondary() ? node_->status().logged_in : node_->status().running);
  });
  return connected;
}

ipc::JsonObject OverlayHost::status() {
  auto data = ipc::make_object();
  transfers_.with_manager([&](net::TransferManager&) {
    data->set("role", settings_.role);
    if (!node_) return;
    const auto status = node_->status();
    data->set("running", status.running);
    data->set("logged_in", status.logged_in);
    data->set("full_name", status.full_name);
    data->set("parent", status.parent ? status.parent->host + ":" + std::to_string(status.parent->port) : std::string());
    data->set("port", Poco::UInt64{status.port});
    data->set("users", Poco::UInt64{status.users});
    data->set("shared_files", Poco::UInt64{status.shared_files});
  });
  data->set("hosts", Poco::UInt64{host_list().size()});
  return data;
}

ipc::JsonObject OverlayHost::hosts() {
  auto data = ipc::make_object();
  auto list = ipc::make_array();
  for (const auto& entry : host_list()) {
    auto host = ipc::make_object();
    host->set("type", entry.type_text);
    host->set("address", entry.address);
    host->set("port", Poco::UInt64{entry.port});
    list->add(host);
  }
  data->set("hosts", list);
  data->set("file", hosts_file().string());
  return data;
}

tl::expected<ipc::JsonObject, ipc::ErrorInfo> OverlayHost::add_host(const std::string& type, const std::string& address) {
  const auto wsx_type = type == "cache" ? overlay::WsxType::WpnCache : overlay::WsxType::WpnHub;
  if (type != "cache" && type != "hub")
    return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "type must be cache or hub"});
  const auto entry = entry_of(wsx_type, address);
  if (!entry) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "\"" + address + "\" is not HOST:PORT"});
  const auto added = save_hosts({*entry});
  if (!added) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Internal, "cannot write " + hosts_file().string()});
  if (*added == 0) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::AlreadyExists, address + " is already listed"});
  logger().information("added " + type + " " + address);
  restart_node();
  return hosts();
}

void OverlayHost::apply(const ServiceSettings& settings) {
  transfers_.with_manager([&](net::TransferManager&) {
    settings_.wsx_import_downloads = settings.wsx_import_downloads;
    settings_.wsx_allow_raw_ip = settings.wsx_allow_raw_ip;
  });
}

void OverlayHost::on_download_finished(const std::string& path) {
  bool wanted = false;
  transfers_.with_manager([&](net::TransferManager&) { wanted = settings_.wsx_import_downloads; });
  const auto extension = std::filesystem::path(path).extension().string();
  if (!wanted || (extension != ".wsx" && extension != ".WSX")) return;
  if (const auto imported = import_hosts(path); !imported) logger().warning("host list " + path + ": " + imported.error().message);
}

tl::expected<ipc::JsonObject, ipc::ErrorInfo> OverlayHost::import_hosts(const std::string& path) {
  overlay::WsxParseOptions options;
  transfers_.with_manager([&](net::TransferManager&) { options.allow_raw_ip = settings_.wsx_allow_raw_ip; });
  const auto list = net::read_host_list(path, options);
  if (!list) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound, "cannot read " + path});
  const auto saved = save_hosts(list->entries);
  if (!saved) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Internal, "cannot write " + hosts_file().string()});
  const std::size_t added = *saved;
  logger().information("imported " + std::to_string(added) + " host(s) from " + path);
  if (added > 0) restart_node();
  auto data = hosts();
  data->set("added", Poco::UInt64{added});
  return data;
}

tl::expected<std::uint32_t, ipc::ErrorInfo> OverlayHost::search(const std::string& words, const std::string& key_hex) {
  std::optional<protocol::FileKey> key;
  if (!key_hex.empty()) {
    const auto bytes = protocol::from_hex(key_hex);
    if (!bytes || bytes->size() != 20)
      return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "key must be 40 hex digits"});
    key = protocol::FileKey::from_wire(std::span<const protocol::Byte, 20>(bytes->data(), 20));
  } else if (words.empty()) {
    return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "give words or a key"});
  }
  std::uint32_t id = 0;
  bool secondary = settings_.role == "secondary";
  transfers_.with_manager([&](net::TransferManager&) {
    if (!node_ || !node_->secondary()) return;
    const auto keep = [](const protocol::SearchResult&) {};  // results arrive as node events
    id = key ? node_->search_hash(key->hash, keep)
             : node_->search(names_.encode_component(words).value_or(words), protocol::FileType::Any, keep);
    if (id != 0) {
      results_[id];
      while (results_.size() > MaxSearchesKept) results_.erase(results_.begin());
    }
  });
  if (!secondary) return tl::unexpected(not_secondary());
  if (id == 0) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Conflict, "not connected to the network"});
  return id;
}

ipc::JsonObject OverlayHost::file_to_json(const std::string& path, const protocol::FileKey& key, std::uint64_t size,
                                          const protocol::MediaInfo& media) const {
  auto row = ipc::make_object();
  row->set("file", names_.to_utf8(path));
  row->set("file_hex",
           protocol::to_hex(protocol::ByteView(reinterpret_cast<const protocol::Byte*>(path.data()), path.size())));
  row->set("key", key.hex());
  row->set("size", Poco::UInt64{size});
  row->set("bitrate", Poco::UInt64{media.bitrate});
  row->set("frequency", Poco::UInt64{media.frequency});
  row->set("duration", Poco::UInt64{media.duration});
  return row;
}

ipc::JsonObject OverlayHost::result_to_json(const protocol::SearchResult& result) const {
  auto row = file_to_json(result.path, result.key, result.size, result.media);
  row->set("user", result.user);
  row->set("handle", protocol::holder_handle(result).to_string());
  row->set("queue_status", result.queue_status);
  return row;
}

tl::expected<std::uint32_t, ipc::ErrorInfo> OverlayHost::ask(
    const std::string& handle_text, const std::function<bool(const protocol::NodeHandle&, std::uint32_t)>& ask) {
  const auto handle = protocol::NodeHandle::parse(handle_text);
  if (!handle) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "handle must read \"WinMX 0100007f1871\""});
  std::uint32_t id = 0;
  bool sent = false;
  transfers_.with_manager([&](net::TransferManager&) {
    if (!node_ || !node_->secondary()) return;
    id = next_answer_++;
    auto pending = ipc::make_object();
    pending->set("id", Poco::UInt64{id});
    pending->set("done", false);
    answers_[id] = pending;
    while (answers_.size() > MaxSearchesKept) answers_.erase(answers_.begin());
    sent = ask(*handle, id);
    if (!sent) answers_.erase(id);
  });
  if (!sent) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Conflict, "not connected to the network"});
  return id;
}

tl::expected<std::uint32_t, ipc::ErrorInfo> OverlayHost::browse(const std::string& user, const std::string& handle) {
  return ask(handle, [&](const protocol::NodeHandle& node_handle, std::uint32_t id) {
    return node_->browse(node_handle, user, [this, id](const std::vector<protocol::BrowseEntry>& entries, bool complete) {
      auto found = answers_.find(id);
      if (found == answers_.end()) return;
      auto files = ipc::make_array();
      for (const auto& entry : entries) files->add(file_to_json(entry.path, entry.key, entry.size, entry.media));
      found->second->set("done", true);
      found->second->set("complete", complete);
      found->second->set("files", files);
    });
  });
}

tl::expected<std::uint32_t, ipc::ErrorInfo> OverlayHost::whois(const std::string& user, const std::string& handle) {
  return ask(handle, [&](const protocol::NodeHandle& node_handle, std::uint32_t id) {
    return node_->whois(node_handle, user, [this, id](const auto& reply) {
      auto found = answers_.find(id);
      if (found == answers_.end()) return;
      found->second->set("done", true);
      if (const auto* answer = std::get_if<protocol::WhoisAnswer>(&reply)) {
        found->second->set("found", true);
        found->second->set("user", answer->name);
        found->second->set("shared_files", Poco::UInt64{answer->shared_files});
        found->second->set("online_time", Poco::UInt64{answer->online_time});
        found->second->set("queue_status", answer->queue_status);
      } else {
        found->second->set("found", false);
      }
    });
  });
}

tl::expected<ipc::JsonObject, ipc::ErrorInfo> OverlayHost::answer(std::uint32_t id) {
  ipc::JsonObject copy;
  transfers_.with_manager([&](net::TransferManager&) {
    // Serialised on the engine thread, so the IPC thread never reads an object being filled.
    if (const auto found = answers_.find(id); found != answers_.end())
      copy = *ipc::parse_json_object(ipc::to_json_text(found->second));
  });
  if (copy.isNull()) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound, "no request " + std::to_string(id)});
  return copy;
}

tl::expected<void, ipc::ErrorInfo> OverlayHost::send_pm(const std::string& user, const std::string& handle_text,
                                                        const std::string& text) {
  const auto handle = protocol::NodeHandle::parse(handle_text);
  if (!handle) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "handle must read \"WinMX 0100007f1871\""});
  if (text.empty() || text.size() > 1000)
    return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams, "a message has 1 to 1000 bytes"});
  bool sent = false;
  transfers_.with_manager([&](net::TransferManager&) {
    if (!node_ || !node_->secondary()) return;
    const auto encoded = names_.encode_component(text).value_or(text);
    sent = node_->send_pm(*handle, user, encoded, [this](const protocol::PmDelivered& delivered) {
      auto data = ipc::make_object();
      data->set("to", delivered.name);
      data->set("reply", names_.to_utf8(delivered.reply));
      publish_("network.pm_delivered", data);
    });
  });
  if (!sent) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Conflict, "not connected to the network"});
  return {};
}

tl::expected<ipc::JsonObject, ipc::ErrorInfo> OverlayHost::search_results(std::uint32_t id) {
  auto data = ipc::make_object();
  bool found = false;
  transfers_.with_manager([&](net::TransferManager&) {
    const auto it = results_.find(id);
    if (it == results_.end()) return;
    found = true;
    auto rows = ipc::make_array();
    for (const auto& result : it->second) rows->add(result_to_json(result));
    data->set("id", Poco::UInt64{id});
    data->set("results", rows);
  });
  if (!found) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound, "no search " + std::to_string(id)});
  return data;
}

}  // namespace wpn::service
