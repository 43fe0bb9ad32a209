// The cache's check of link peers a registered hub reports (docs/hub-link.md §6.2): it
// dials each hub's link port itself, as a hub would, reads the Hello the hub greets with
// and closes before sending its own, so the hub never counts it as a link. Only a hub
// whose Hello names the reported hub id, WPN port and link port is listed. All of it runs
// non-blocking on the cache's loop.
#include <chrono>

#include <Poco/Logger.h>

#include "net/cache_server.h"

namespace wpn::net {

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }
constexpr auto CheckTimeout = std::chrono::seconds(5);
}  // namespace

void CacheServer::check_reported(const protocol::NodeHandle& reporter, const protocol::LinkReport& report) {
  const auto to_check = cache_.report_links(reporter, report.hubs, loop_millis(loop_));
  logger().debug("peer cache: %s reports %z link peer(s), %z to check", protocol::ip4_text(reporter.ip),
                 report.hubs.size(), to_check.size());
  for (const auto& hub : to_check) start_check(hub);
}

void CacheServer::start_check(const protocol::HubEndpoint& hub) {
  const std::uint64_t id = next_check_++;
  ++checks_;
  std::weak_ptr<bool> alive = alive_;
  OverlayConnection::Handlers handlers;
  handlers.on_frame = [this, alive, id](const protocol::Frame& frame) {
    if (alive.expired()) return;
    auto it = running_checks_.find(id);
    if (it == running_checks_.end()) return;
    const auto message = protocol::decode_hub_link_message(frame.type, frame.payload);
    const auto* hello = message ? std::get_if<protocol::LinkHello>(&*message) : nullptr;
    if (hello && hello->version == protocol::link::Version) it->second.hello = hello->self;
    end_check(id, hello ? "hello read" : "no hello first");
  };
  handlers.on_closed = [this, alive, id](const std::string& reason) {
    if (!alive.expired()) end_check(id, reason);
  };
  const auto host = listen_address_.host();
  const std::string bind_ip = host.isWildcard() ? std::string{} : host.toString();
  Check check;
  check.reported = hub;
  check.timeout = loop_.add_timer(CheckTimeout, [this, alive, id] {
    if (alive.expired()) return;
    if (auto it = running_checks_.find(id); it != running_checks_.end()) it->second.timeout = TimerId::None;
    end_check(id, "no hello in time");
  });
  auto& stored = running_checks_.emplace(id, std::move(check)).first->second;
  const Poco::Net::SocketAddress target(protocol::ip4_text(hub.hub.ip), hub.link_port);
  stored.connection =
      OverlayConnection::connect(loop_, target, bind_ip, random_, std::move(handlers), HandshakeFlavor::hub_link());
}

void CacheServer::end_check(std::uint64_t id, const std::string& why) {
  auto it = running_checks_.find(id);
  if (it == running_checks_.end()) return;
  Check check = std::move(it->second);
  running_checks_.erase(it);
  if (check.timeout != TimerId::None) loop_.cancel_timer(check.timeout);
  if (check.connection && !check.connection->closed()) check.connection->close("peer cache check done");
  const auto target = protocol::ip4_text(check.reported.hub.ip) + ":" + std::to_string(check.reported.link_port);
  if (cache_.check_done(check.reported, check.hello, loop_millis(loop_))) {
    ++checks_passed_;
    logger().debug("peer cache: reported hub %s answered as reported", target);
  } else {
    // Debug only: any registered hub can have the cache check addresses, and so fill a log.
    logger().debug("peer cache: reported hub %s not listed: %s", target,
                   check.hello ? std::string("its hello names another hub") : why);
  }
}

}  // namespace wpn::net
