// The engine's network side (engine thread): the overlay node and its wiring to the
// transfer manager, login identity, announcements, the host list, searches and answers.
#include <Poco/Logger.h>
#include <Poco/Net/IPAddress.h>

#include <algorithm>

#include "net/overlay_host_list_file.h"
#include "protocol/hex.h"
#include "session/engine_impl.h"

namespace wpn::session {

namespace {

constexpr std::size_t MaxResultsKept = 1000;
constexpr std::size_t MaxSearchesKept = 32;

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine.network"); }

net::OverlayRole role_of(Role role) {
  switch (role) {
    case Role::Primary:
      return net::OverlayRole::Hub;
    case Role::Cache:
      return net::OverlayRole::Cache;
    case Role::Secondary:
      break;
  }
  return net::OverlayRole::Secondary;
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

std::string overlay_port_text(const std::vector<std::uint16_t>& ports) {
  std::string text;
  for (const auto port : ports) text += (text.empty() ? "" : ",") + std::to_string(port);
  return text;
}

EngineError not_connected() { return {EngineErrc::Conflict, "not connected to the network"}; }

}  // namespace

std::filesystem::path Engine::Impl::hosts_file() const { return std::filesystem::path(data_dir_) / "hosts.wsx"; }

std::optional<std::string> Engine::Impl::start_node() {
  if (!manager_) return "transfers are not running";
  auto& manager = *manager_;
  net::OverlaySettings overlay;
  overlay.role = role_of(network_.role);
  overlay.secondary.base_name = network_.name;
  overlay.secondary.data_port = manager.data_port();
  overlay.secondary.passive = network_.passive || manager.data_port() == 0;
  if (network_.bind != "0.0.0.0" && network_.bind != "::") overlay.bind_ip = network_.bind;
  overlay.listen_ip = network_.bind;
  // A hub takes the configured port for itself (its data port is off); a cache listens
  // on its own ports (7950 by default, as WinMX clients expect).
  overlay.hub_port = network_.port;
  if (!network_.cache_ports.empty()) {
    overlay.cache_port = network_.cache_ports.front();
    overlay.more_cache_ports.assign(network_.cache_ports.begin() + 1, network_.cache_ports.end());
  }
  overlay.hub.ip = ip4_of(network_.bind);
  // Links to other OpenWPN hubs when the owner named a neighbour or a cache: a cache
  // hands its hubs link candidates (docs/hub-link.md §6.1).
  if (network_.role == Role::Primary && (!network_.neighbours.empty() || !network_.caches.empty())) {
    overlay.hub.mesh = wpn::overlay::MeshConfig{};
    overlay.hub.link_port = network_.link_port;
    for (const auto& n : network_.neighbours) overlay.neighbours.push_back({n.host, n.port});
  }
  overlay.hub.tcp_port = network_.port;
  overlay.hub.max_secondaries = static_cast<std::size_t>(network_.hub_max_users);
  node_ = std::make_unique<net::OverlayNode>(*engine_loop_, std::move(overlay), hosts_to_dial());
  ++node_generation_;
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
    const auto port =
        network_.role == Role::Cache ? overlay_port_text(network_.cache_ports) : std::to_string(network_.port);
    const std::string error =
        "the " + std::string(role_name(network_.role)) + " could not listen on " + network_.bind + ":" + port;
    logger().error(error);
    return error;
  }
  if (auto* secondary = node_->secondary()) {
    manager.set_packet_sender([secondary](const protocol::TransferRequestMessage& m) { secondary->send_transfer(m); });
    secondary->set_notice_handler(
        [&manager](const protocol::TransferNoticeMessage& n) { manager.on_transfer_notice(n); });
    manager.set_source_finder([this, &manager](const protocol::FileKey& key) {
      if (!node_) return;
      node_->search_hash(key.hash, [&manager, key](const protocol::SearchResult& hit) {
        if (hit.key == key) manager.add_source(key, {protocol::holder_handle(hit), hit.user, hit.path});
      });
    });
  }
  // WinMX users pass host lists around as dated .wsx files in their shares.
  if (network_.publish_host_list && !settings_.shares.roots.empty()) {
    const auto& folder = settings_.shares.roots.front();
    if (const auto written = net::publish_host_list(folder, configured_hosts(network_, saved_hosts_)))
      logger().information("host list published as " + written->string());
    else
      logger().warning("cannot publish the host list into " + folder);
  }
  refresh_engine_part();
  return std::nullopt;
}

void Engine::Impl::stop_node() {
  if (manager_) {
    manager_->set_packet_sender(nullptr);
    manager_->set_source_finder(nullptr);
  }
  if (node_) node_->stop();
  node_.reset();
  refresh_engine_part();
}

void Engine::Impl::restart_node() {
  stop_node();
  start_node();
}

NetworkStatus Engine::Impl::network_status() const {
  NetworkStatus status;
  status.role = network_.role;
  status.hosts = configured_hosts(network_, saved_hosts_).size();
  if (!node_) return status;
  const auto node = node_->status();
  status.node = true;
  status.running = node.running;
  status.logged_in = node.logged_in;
  status.full_name = node.full_name;
  status.parent = node.parent ? node.parent->host + ":" + std::to_string(node.parent->port) : std::string();
  status.port = node.port;
  status.users = node.users;
  status.shared_files = node.shared_files;
  status.skipped_frames = node.skipped_frames;
  status.hubs_known = node.hubs_known;
  return status;
}

void Engine::Impl::on_node_event(const overlay::SecondaryEvent& event) {
  if (const auto* login = std::get_if<overlay::LoggedIn>(&event)) {
    logger().information("logged in as " + login->full_name);
    // Outside the node's own call: the manager learns the network identity it answers with.
    engine_loop_->post([this, name = login->full_name] {
      if (!manager_) return;
      net::TransferIdentity identity = manager_->identity();
      identity.own_name = name;
      if (node_ && node_->secondary())
        if (const auto handle = node_->secondary()->parent_handle()) identity.own_handle = *handle;
      manager_->set_identity(std::move(identity));
      refresh_engine_part();
    });
    engine_loop_->post([this] {
      if (rooms_) rooms_->on_logged_in();
    });
    request_announcement();
    emit(LoggedIn{login->full_name});
  } else if (const auto* pm = std::get_if<protocol::PmIncoming>(&event)) {
    emit(PmReceived{pm->name, pm->handle.to_string(), names_.to_utf8(pm->text)});
  } else if (const auto* room = std::get_if<protocol::RoomListEntry>(&event)) {
    if (rooms_) rooms_->on_listed(*room);
  } else if (const auto* hit = std::get_if<overlay::SearchHit>(&event)) {
    // Only searches asked for through the facade are kept: the source finder's hash searches
    // and ids already trimmed away would otherwise add entries nothing ever removes.
    // Answers from banned users are dropped (and filtered again when read, for later bans).
    const auto kept = results_.find(hit->result.search_id);
    const bool banned = manager_ && manager_->is_banned(hit->result.user);
    if (kept != results_.end() && !banned && kept->second.size() < MaxResultsKept) kept->second.push_back(hit->result);
  }
}

// Every folder's 0x0FA3 payloads are built on the share thread (a full index read) and
// handed to the node that asked, unless it has been replaced meanwhile.
void Engine::Impl::request_announcement() {
  if (!node_ || !node_->secondary()) return;
  post_shares([this, generation = node_generation_] { build_announcement(generation); });
}

void Engine::Impl::on_download_finished(const std::string& path) {
  const auto extension = std::filesystem::path(path).extension().string();
  if (!network_.wsx_import_downloads || (extension != ".wsx" && extension != ".WSX")) return;
  overlay::WsxParseOptions options;
  options.allow_raw_ip = network_.wsx_allow_raw_ip;
  const auto list = net::read_host_list(path, options);
  if (!list) {
    logger().warning("host list " + path + ": cannot read it");
    return;
  }
  const auto added = save_hosts(list->entries);
  logger().information("imported " + std::to_string(added.value_or(0)) + " host(s) from " + path);
  if (added && *added > 0) restart_node();
}

std::optional<std::size_t> Engine::Impl::save_hosts(const std::vector<overlay::WsxEntry>& entries) {
  std::size_t added = 0;
  for (const auto& entry : entries) {
    if (std::find(saved_hosts_.begin(), saved_hosts_.end(), entry) != saved_hosts_.end()) continue;
    saved_hosts_.push_back(entry);
    ++added;
  }
  if (added > 0 && !net::write_host_list(hosts_file(), saved_hosts_)) return std::nullopt;
  return added;
}

HostList Engine::Impl::host_list_answer(std::uint64_t added) const {
  HostList list;
  for (const auto& entry : configured_hosts(network_, saved_hosts_))
    list.hosts.push_back({entry.type_text, entry.address, entry.port});
  list.file = hosts_file().string();
  list.added = added;
  return list;
}

RemoteFile Engine::Impl::remote_file(const std::string& path, const protocol::FileKey& key, std::uint64_t size,
                                     const protocol::MediaInfo& media) const {
  return RemoteFile{path, names_.to_utf8(path), key.hex(), size,
                    MediaInfo{media.bitrate, media.frequency, media.duration}};
}

EngineResult<std::uint32_t> Engine::Impl::ask(const std::string& handle_text, bool browse, const std::string& user) {
  const auto handle = protocol::NodeHandle::parse(handle_text);
  if (!handle) return fail(EngineErrc::InvalidParams, "handle must read \"WinMX 0100007f1871\"");
  if (!node_ || !node_->secondary()) return tl::unexpected(not_connected());
  const std::uint32_t id = next_answer_++;
  answers_[id] = PeerAnswer{id, browse ? decltype(PeerAnswer::answer){BrowseAnswer{}} : WhoisAnswer{}};
  while (answers_.size() > MaxSearchesKept) answers_.erase(answers_.begin());
  bool sent = false;
  if (browse) {
    sent = node_->browse(*handle, user, [this, id](const std::vector<protocol::BrowseEntry>& entries, bool complete) {
      const auto found = answers_.find(id);
      if (found == answers_.end()) return;
      BrowseAnswer answer{true, complete, {}};
      for (const auto& entry : entries)
        answer.files.push_back(remote_file(entry.path, entry.key, entry.size, entry.media));
      found->second.answer = std::move(answer);
    });
  } else {
    sent = node_->whois(*handle, user, [this, id](const auto& reply) {
      const auto found = answers_.find(id);
      if (found == answers_.end()) return;
      WhoisAnswer answer;
      answer.done = true;
      if (const auto* known = std::get_if<protocol::WhoisAnswer>(&reply)) {
        answer.found = true;
        answer.user = known->name;
        answer.shared_files = known->shared_files;
        answer.online_time = known->online_time;
        answer.queue_status = known->queue_status;
      }
      found->second.answer = std::move(answer);
    });
  }
  if (!sent) {
    answers_.erase(id);
    return tl::unexpected(not_connected());
  }
  return id;
}

// ---- the facade's network calls

void Engine::connect(Completion<NetworkStatus> done) {
  impl_->on_engine<NetworkStatus>(std::move(done), [impl = impl_.get()]() -> EngineResult<NetworkStatus> {
    if (!impl->node_) {
      logger().information("connecting (requested)");
      if (auto failed = impl->start_node()) return fail(EngineErrc::Internal, *failed);
    }
    return impl->network_status();
  });
}

void Engine::disconnect(Completion<NetworkStatus> done) {
  impl_->on_engine<NetworkStatus>(std::move(done), [impl = impl_.get()]() -> EngineResult<NetworkStatus> {
    logger().information("disconnecting (requested)");
    impl->stop_node();
    return impl->network_status();
  });
}

void Engine::hosts(Completion<HostList> done) {
  impl_->on_engine<HostList>(std::move(done),
                             [impl = impl_.get()]() -> EngineResult<HostList> { return impl->host_list_answer(0); });
}

void Engine::add_host(HostType type, Endpoint address, Completion<HostList> done) {
  impl_->on_engine<HostList>(std::move(done), [impl = impl_.get(), type, address]() -> EngineResult<HostList> {
    overlay::WsxEntry entry;
    entry.network = "OpenWPN";
    entry.type = type == HostType::Cache ? overlay::WsxType::WpnCache : overlay::WsxType::WpnHub;
    entry.type_text = std::string(overlay::wsx_type_text(entry.type));
    entry.address = address.host;
    entry.port = address.port;
    const auto added = impl->save_hosts({entry});
    if (!added) return fail(EngineErrc::Internal, "cannot write " + impl->hosts_file().string());
    if (*added == 0) return fail(EngineErrc::AlreadyExists, address.to_string() + " is already listed");
    logger().information("added " + entry.type_text + " " + address.to_string());
    impl->restart_node();
    return impl->host_list_answer(0);
  });
}

void Engine::import_hosts(std::string wsx_path, Completion<HostList> done) {
  impl_->on_engine<HostList>(std::move(done),
                             [impl = impl_.get(), path = std::move(wsx_path)]() -> EngineResult<HostList> {
                               overlay::WsxParseOptions options;
                               options.allow_raw_ip = impl->network_.wsx_allow_raw_ip;
                               const auto list = net::read_host_list(path, options);
                               if (!list) return fail(EngineErrc::NotFound, "cannot read " + path);
                               const auto saved = impl->save_hosts(list->entries);
                               if (!saved)
                                 return fail(EngineErrc::Internal, "cannot write " + impl->hosts_file().string());
                               logger().information("imported " + std::to_string(*saved) + " host(s) from " + path);
                               if (*saved > 0) impl->restart_node();
                               return impl->host_list_answer(*saved);
                             });
}

void Engine::search(std::string words, std::string key_hex, Completion<std::uint32_t> done) {
  impl_->on_engine<std::uint32_t>(
      std::move(done),
      [impl = impl_.get(), words = std::move(words), key_hex = std::move(key_hex)]() -> EngineResult<std::uint32_t> {
        std::optional<protocol::FileKey> key;
        if (!key_hex.empty()) {
          const auto bytes = protocol::from_hex(key_hex);
          if (!bytes || bytes->size() != 20) return fail(EngineErrc::InvalidParams, "key must be 40 hex digits");
          key = protocol::FileKey::from_wire(std::span<const protocol::Byte, 20>(bytes->data(), 20));
        } else if (words.empty()) {
          return fail(EngineErrc::InvalidParams, "give words or a key");
        }
        if (impl->network_.role != Role::Secondary)
          return fail(EngineErrc::NotAvailable,
                      "searching needs the secondary role (this wpnd runs as a hub or cache)");
        if (!impl->node_ || !impl->node_->secondary()) return tl::unexpected(not_connected());
        const auto keep = [](const protocol::SearchResult&) {};  // results arrive as node events
        const std::uint32_t id = key ? impl->node_->search_hash(key->hash, keep)
                                     : impl->node_->search(impl->names_.encode_component(words).value_or(words),
                                                           protocol::FileType::Any, keep);
        if (id == 0) return tl::unexpected(not_connected());
        impl->results_[id];
        while (impl->results_.size() > MaxSearchesKept) impl->results_.erase(impl->results_.begin());
        return id;
      });
}

void Engine::search_results(std::uint32_t id, Completion<SearchResults> done) {
  impl_->on_engine<SearchResults>(std::move(done), [impl = impl_.get(), id]() -> EngineResult<SearchResults> {
    const auto found = impl->results_.find(id);
    if (found == impl->results_.end()) return fail(EngineErrc::NotFound, "no search " + std::to_string(id));
    SearchResults results{id, {}};
    for (const auto& result : found->second)
      if (!(impl->manager_ && impl->manager_->is_banned(result.user)))
        results.hits.push_back(SearchHit{impl->remote_file(result.path, result.key, result.size, result.media),
                                         result.user, protocol::holder_handle(result).to_string(),
                                         result.queue_status});
    return results;
  });
}

void Engine::browse(std::string user, std::string handle, Completion<std::uint32_t> done) {
  impl_->on_engine<std::uint32_t>(std::move(done),
                                  [impl = impl_.get(), user = std::move(user), handle = std::move(handle)]() {
                                    return impl->ask(handle, true, user);
                                  });
}

void Engine::whois(std::string user, std::string handle, Completion<std::uint32_t> done) {
  impl_->on_engine<std::uint32_t>(std::move(done),
                                  [impl = impl_.get(), user = std::move(user), handle = std::move(handle)]() {
                                    return impl->ask(handle, false, user);
                                  });
}

void Engine::answer(std::uint32_t id, Completion<PeerAnswer> done) {
  impl_->on_engine<PeerAnswer>(std::move(done), [impl = impl_.get(), id]() -> EngineResult<PeerAnswer> {
    const auto found = impl->answers_.find(id);
    if (found == impl->answers_.end()) return fail(EngineErrc::NotFound, "no request " + std::to_string(id));
    return found->second;
  });
}

void Engine::send_pm(std::string user, std::string handle_text, std::string text, Completion<void> done) {
  impl_->on_engine<void>(std::move(done),
                         [impl = impl_.get(), user = std::move(user), handle_text = std::move(handle_text),
                          text = std::move(text)]() -> EngineResult<void> {
                           const auto handle = protocol::NodeHandle::parse(handle_text);
                           if (!handle)
                             return fail(EngineErrc::InvalidParams, "handle must read \"WinMX 0100007f1871\"");
                           if (text.empty() || text.size() > 1000)
                             return fail(EngineErrc::InvalidParams, "a message has 1 to 1000 bytes");
                           if (!impl->node_ || !impl->node_->secondary()) return tl::unexpected(not_connected());
                           const auto encoded = impl->names_.from_utf8(text).value_or(text);  // text, not a file name
                           const bool sent = impl->node_->send_pm(
                               *handle, user, encoded, [impl](const protocol::PmDelivered& delivered) {
                                 impl->emit(PmDelivered{delivered.name, impl->names_.to_utf8(delivered.reply)});
                               });
                           if (!sent) return tl::unexpected(not_connected());
                           return {};
                         });
}

}  // namespace wpn::session
