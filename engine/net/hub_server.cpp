#include "net/hub_server.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include <Poco/Logger.h>

namespace wpn::net {

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }
constexpr auto TickInterval = std::chrono::seconds(1);
constexpr int RefusalLines = 5;
constexpr auto LonelyInterval = std::chrono::seconds(5);
constexpr auto RetryFirst = std::chrono::seconds(2);
}  // namespace

HubServer::HubServer(EventLoop& loop, overlay::HubConfig config, Poco::Net::SocketAddress listen)
    : loop_(loop),
      config_(std::move(config)),
      listen_address_(std::move(listen)),
      listener_(loop, "hub"),
      link_listener_(loop, "hub link") {}

HubServer::~HubServer() {
  alive_.reset();
  stop();
}

bool HubServer::start() {
  if (listening_) return true;
  const auto accepted = [this](Poco::Net::StreamSocket socket) { on_accept(std::move(socket)); };
  if (auto error = listener_.open(listen_address_, 64, accepted)) {
    logger().error(*error);
    return false;
  }
  port_ = listener_.port();
  config_.tcp_port = port_;
  if (config_.mesh) {
    const Poco::Net::SocketAddress link_address(listen_address_.host(), config_.link_port);
    const auto link_accepted = [this](Poco::Net::StreamSocket socket) { on_link_accept(std::move(socket)); };
    if (auto error = link_listener_.open(link_address, 64, link_accepted)) {
      logger().error(*error);
      listener_.close();
      return false;
    }
    link_port_ = link_listener_.port();
    config_.link_port = link_port_;
  }
  // Bound to every interface, the configured address is only a default (§1.1).
  if (listen_address_.host().isWildcard()) config_.adopt_ip = true;
  // Announce sequences go on from where a previous run of this hub stopped (the wall
  // clock's seconds): a restarted hub's announces are news, not replays (§3.1).
  if (config_.mesh)
    config_.mesh->first_sequence = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  hub_.emplace(config_, random_);
  listening_ = true;
  std::weak_ptr<bool> alive = alive_;
  tick_timer_ = loop_.add_timer(TickInterval, [this, alive] {
    if (!alive.expired()) tick();
  });
  logger().information("hub listening on %s", listener_.address().toString());
  if (!caches_.empty()) register_with_caches();
  return true;
}

void HubServer::stop() {
  if (!listening_) return;
  listening_ = false;
  listener_.close();
  link_listener_.close();
  link_port_ = 0;
  loop_.cancel_timer(tick_timer_);
  tick_timer_ = TimerId::None;
  loop_.cancel_timer(registration_timer_);
  registration_timer_ = TimerId::None;
  for (auto& client : std::exchange(registrations_, {})) client->cancel();
  auto connections = std::move(connections_);
  connections_.clear();
  for (auto& [id, conn] : connections) conn->close("hub stopping");
  hub_.reset();
}

void HubServer::announce_to(const Poco::Net::SocketAddress& cache, std::chrono::milliseconds interval) {
  caches_.push_back(cache);
  registration_interval_ = interval;
  if (!listening_) return;  // start() registers with every cache
  if (registration_timer_ == TimerId::None) return register_with_caches();
  register_with(cache);
}

void HubServer::learn_hub(const protocol::HubEndpoint& hub) {
  if (hub_) hub_->learn_hub(hub);
}

// One connection per cache: the 17-byte record, then the cache's list is read and let go.
void HubServer::register_with(const Poco::Net::SocketAddress& cache) {
  if (!listening_ || !hub_) return;
  // Bound to every interface, the configured address is only a default (127.0.0.1): the
  // cache is told the address the connection to it leaves from, which it can reach.
  const std::string bind_ip = source_address();
  std::weak_ptr<bool> alive = alive_;
  auto make = [this, alive, registration = hub_->registration()](const Poco::Net::SocketAddress& local) mutable {
    // The first address the hub is seen at becomes its own (HubConfig::adopt_ip).
    if (const auto ip = ip4_of(local); !alive.expired() && hub_ && ip) registration.hub.hub.ip = hub_->adopt_ip(*ip);
    protocol::Bytes record;
    protocol::encode(registration, record);
    return record;
  };
  std::erase_if(registrations_, [](const auto& client) { return client->done(); });
  CacheClient::CandidatesDone candidates;
  protocol::LinkReport links;
  if (hub_->mesh()) links.hubs = hub_->mesh()->linked_hubs();
  if (config_.mesh) {
    candidates = [this, alive](protocol::LinkCandidates list) {
      if (alive.expired() || !hub_) return;
      for (const auto& hub : list.hubs) hub_->learn_hub(hub);
    };
  }
  registrations_.push_back(CacheClient::announce(
      loop_, cache, bind_ip, std::move(make),
      [this, alive, cache](auto reply) {
        if (alive.expired()) return;
        if (reply) {
          registration_failures_.erase(cache.toString());
          return;
        }
        logger().information("hub could not register with peer cache %s", cache.toString());
        retry_registration(cache);
      },
      std::move(candidates), std::move(links)));
}

// A cache that was down or too slow is tried again after RetryFirst, doubling up to the
// interval: a hub started before its cache is listed within seconds, not a minute later.
void HubServer::retry_registration(const Poco::Net::SocketAddress& cache) {
  const auto key = cache.toString();
  if (!registration_retries_.insert(key).second) return;
  const int failures = registration_failures_[key]++;
  const auto delay =
      std::min<std::chrono::milliseconds>(RetryFirst * (1 << std::min(failures, 8)), registration_interval_);
  std::weak_ptr<bool> alive = alive_;
  loop_.add_timer(delay, [this, alive, cache, key] {
    if (alive.expired()) return;
    registration_retries_.erase(key);
    register_with(cache);
  });
}

// Every interval; while the mesh has no link yet, every LonelyInterval: hubs that
// registered after us are learned (and let in) within seconds, not a minute.
void HubServer::register_with_caches() {
  for (const auto& cache : caches_) register_with(cache);
  links_reported_ = hub_ && hub_->mesh() ? hub_->mesh()->established_links() : 0;
  std::weak_ptr<bool> alive = alive_;
  const bool lonely = hub_ && hub_->mesh() && hub_->mesh()->established_links() == 0;
  const auto interval =
      lonely ? std::min(registration_interval_, std::chrono::milliseconds(LonelyInterval)) : registration_interval_;
  registration_timer_ = loop_.add_timer(interval, [this, alive] {
    if (alive.expired()) return;
    registration_timer_ = TimerId::None;
    register_with_caches();
  });
}

void HubServer::on_accept(Poco::Net::StreamSocket socket) {
  const overlay::ConnId id = next_id_++;
  connections_[id] = OverlayConnection::accept(loop_, std::move(socket), random_, handlers_for(id));
}

void HubServer::on_link_accept(Poco::Net::StreamSocket socket) {
  const overlay::ConnId id = next_id_++;
  connections_[id] = OverlayConnection::accept(loop_, std::move(socket), random_, link_handlers_for(id, std::nullopt),
                                               HandshakeFlavor::hub_link());
}

void HubServer::dial(const protocol::HubEndpoint& hub) {
  const overlay::ConnId id = next_id_++;
  const Poco::Net::SocketAddress target(protocol::ip4_text(hub.hub.ip), hub.link_port);
  logger().information("hub dials hub link %s", target.toString());
  connections_[id] = OverlayConnection::connect(loop_, target, source_address(), random_,
                                                link_handlers_for(id, hub.hub), HandshakeFlavor::hub_link());
}

// What our connections leave from: the listening address, or once a hub bound to every
// interface has learned its address, that one (its links must come from it, §1).
std::string HubServer::source_address() const {
  const auto host = listen_address_.host();
  if (!host.isWildcard()) return host.toString();
  if (hub_ && hub_->config().adopt_ip && hub_->ip_fixed()) return protocol::ip4_text(hub_->config().ip);
  return {};
}

OverlayConnection::Handlers HubServer::link_handlers_for(overlay::ConnId id,
                                                         std::optional<protocol::NodeHandle> dialled) {
  std::weak_ptr<bool> alive = alive_;
  auto ready = std::make_shared<bool>(false);
  OverlayConnection::Handlers handlers;
  handlers.on_ready = [this, alive, id, dialled, ready] {
    if (alive.expired() || !hub_) return;
    *ready = true;
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    const auto ip = ip4_of(it->second->peer()).value_or(protocol::Ip4{});
    const auto local = ip4_of(it->second->local()).value_or(protocol::Ip4{});
    apply(hub_->on_link_up(id, dialled, ip, loop_millis(loop_), local));
  };
  handlers.on_frame = [this, alive, id](const protocol::Frame& frame) {
    if (alive.expired() || !hub_) return;
    apply(hub_->on_frame(id, frame, loop_millis(loop_)));
  };
  handlers.on_closed = [this, alive, id, dialled, ready](const std::string& reason) {
    if (alive.expired()) return;
    if (!*ready && dialled && hub_) {
      logger().information("hub link dial failed: %s", reason);
      hub_->on_dial_failed(*dialled, loop_millis(loop_));
    }
    on_closed(id);
  };
  return handlers;
}

void HubServer::adopt(Poco::Net::StreamSocket socket, std::vector<std::uint8_t> already_read) {
  if (!listening_) return;
  const overlay::ConnId id = next_id_++;
  connections_[id] =
      OverlayConnection::adopt(loop_, std::move(socket), std::move(already_read), random_, handlers_for(id));
}

OverlayConnection::Handlers HubServer::handlers_for(overlay::ConnId id) {
  std::weak_ptr<bool> alive = alive_;
  OverlayConnection::Handlers handlers;
  handlers.on_ready = [this, alive, id] {
    if (alive.expired() || !hub_) return;
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    const auto ip = ip4_of(it->second->peer()).value_or(protocol::Ip4{});
    // Bound to every interface: the address a first secondary reached us at is ours (§1.1),
    // so the handles our users are given match the hub id other hubs see.
    if (const auto local = ip4_of(it->second->local())) hub_->adopt_ip(*local);
    apply(hub_->on_accepted(id, ip, loop_millis(loop_)));
  };
  handlers.on_frame = [this, alive, id](const protocol::Frame& frame) {
    if (alive.expired() || !hub_) return;
    apply(hub_->on_frame(id, frame, loop_millis(loop_)));
  };
  handlers.on_closed = [this, alive, id](const std::string&) {
    if (!alive.expired()) on_closed(id);
  };
  handlers.on_primary_client = primary_client_handler_;
  return handlers;
}

void HubServer::apply(std::vector<overlay::HubAction> actions) {
  for (auto& action : actions) {
    if (auto* send = std::get_if<overlay::SendFrame>(&action)) {
      auto it = connections_.find(send->conn);
      if (it != connections_.end()) it->second->send(send->type, send->payload);
    } else if (auto* close = std::get_if<overlay::CloseConnection>(&action)) {
      auto it = connections_.find(close->conn);
      if (it != connections_.end()) {
        logger().information("hub closes %s: %s", it->second->peer().toString(), close->reason);
        it->second->close(close->reason);
      }
    } else if (auto* trace = std::get_if<overlay::TraceSkippedFrame>(&action)) {
      auto it = connections_.find(trace->conn);
      const std::string from = it != connections_.end() ? it->second->peer().toString() : "a closed connection";
      for (const auto& line : trace_.on_skipped(trace->frame, from, loop_millis(loop_)))
        logger().warning("hub: " + line);
    } else if (auto* dial_hub = std::get_if<overlay::DialHub>(&action)) {
      dial(dial_hub->hub);
    } else if (auto* refused = std::get_if<overlay::TraceLinkDrop>(&action)) {
      trace_refused(*refused);
    }
  }
}

// At most RefusalLines lines per reason per minute: a hostile link cannot fill the log.
void HubServer::trace_refused(const overlay::TraceLinkDrop& refused) {
  const auto now = loop_millis(loop_);
  auto& window = refusal_lines_[refused.reason];
  if (now >= window.first + 60000) window = {now, 0};
  if (++window.second > RefusalLines) return;
  auto it = connections_.find(refused.conn);
  const std::string from = it != connections_.end() ? it->second->peer().toString() : "a closed link";
  char type[8];
  std::snprintf(type, sizeof type, "0x%04X", static_cast<unsigned>(refused.type));
  logger().warning("hub link %s: refused %s: %s", from, std::string(type), refused.reason);
}

void HubServer::on_closed(overlay::ConnId id) {
  connections_.erase(id);
  if (hub_) apply(hub_->on_closed(id));
}

void HubServer::tick() {
  if (!listening_ || !hub_) return;
  for (const auto& line : trace_.on_tick(loop_millis(loop_))) logger().warning("hub: " + line);
  apply(hub_->on_tick(loop_millis(loop_)));
  // A new link is reported to the caches at once (§6.2), not at the next registration.
  if (const auto links = hub_->mesh() ? hub_->mesh()->established_links() : 0; links > links_reported_) {
    links_reported_ = links;
    for (const auto& cache : caches_) register_with(cache);
  }
  std::weak_ptr<bool> alive = alive_;
  tick_timer_ = loop_.add_timer(TickInterval, [this, alive] {
    if (!alive.expired()) tick();
  });
}

}  // namespace wpn::net
