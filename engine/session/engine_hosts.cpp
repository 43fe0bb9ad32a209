// The host list edited by the owner (engine thread): removing a saved cache or hub, and
// restarting the node so that it dials one chosen host before the others.
#include <Poco/Logger.h>

#include <algorithm>

#include "net/overlay_host_list_file.h"
#include "session/engine_impl.h"

namespace wpn::session {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine.network"); }

overlay::WsxType wsx_type(HostType type) {
  return type == HostType::Cache ? overlay::WsxType::WpnCache : overlay::WsxType::WpnHub;
}

bool names(const overlay::WsxEntry& entry, HostType type, const Endpoint& address) {
  return entry.type == wsx_type(type) && entry.address == address.host && entry.port == address.port;
}

std::string host_text(HostType type, const Endpoint& address) {
  return std::string(type == HostType::Cache ? "cache " : "hub ") + address.to_string();
}

}  // namespace

// The configured hosts, with the one chosen by connect_now first. A chosen cache is asked
// alone with the other caches: the bootstrap tries every hub before any cache, and the
// cache's answer names the hubs to dial.
std::vector<overlay::WsxEntry> Engine::Impl::hosts_to_dial() const {
  auto hosts = configured_hosts(network_, saved_hosts_);
  if (!dial_first_) return hosts;
  const auto chosen = std::find(hosts.begin(), hosts.end(), *dial_first_);
  if (chosen == hosts.end()) return hosts;
  std::rotate(hosts.begin(), chosen, chosen + 1);
  if (dial_first_->type == overlay::WsxType::WpnCache)
    std::erase_if(hosts, [](const overlay::WsxEntry& e) { return e.type == overlay::WsxType::WpnHub; });
  return hosts;
}

void Engine::remove_host(HostType type, Endpoint address, Completion<HostList> done) {
  impl_->on_engine<HostList>(std::move(done), [impl = impl_.get(), type, address]() -> EngineResult<HostList> {
    const auto saved = std::find_if(impl->saved_hosts_.begin(), impl->saved_hosts_.end(),
                                    [&](const overlay::WsxEntry& e) { return names(e, type, address); });
    if (saved == impl->saved_hosts_.end()) {
      const auto listed = configured_hosts(impl->network_, {});
      if (std::any_of(listed.begin(), listed.end(), [&](const auto& e) { return names(e, type, address); }))
        return fail(EngineErrc::Conflict, host_text(type, address) + " comes from the " +
                                              (type == HostType::Cache ? "\"caches\"" : "\"hubs\"") +
                                              " setting: change it there");
      return fail(EngineErrc::NotFound, host_text(type, address) + " is not listed");
    }
    const auto kept = *saved;
    impl->saved_hosts_.erase(saved);
    if (!net::write_host_list(impl->hosts_file(), impl->saved_hosts_)) {
      impl->saved_hosts_.push_back(kept);
      return fail(EngineErrc::Internal, "cannot write " + impl->hosts_file().string());
    }
    logger().information("removed " + host_text(type, address));
    // A running node forgets the host; a node the owner stopped stays stopped.
    if (impl->node_) impl->restart_node();
    return impl->host_list_answer(0);
  });
}

void Engine::connect_now(HostType type, Endpoint address, Completion<NetworkStatus> done) {
  impl_->on_engine<NetworkStatus>(
      std::move(done), [impl = impl_.get(), type, address]() -> EngineResult<NetworkStatus> {
        if (impl->network_.role != Role::Secondary)
          return fail(EngineErrc::NotAvailable, "only a secondary connects to a chosen host");
        const auto listed = configured_hosts(impl->network_, impl->saved_hosts_);
        const auto chosen =
            std::find_if(listed.begin(), listed.end(), [&](const auto& e) { return names(e, type, address); });
        if (chosen == listed.end()) return fail(EngineErrc::NotFound, host_text(type, address) + " is not listed");
        logger().information("connecting to " + host_text(type, address) + " now (requested)");
        impl->dial_first_ = *chosen;
        impl->restart_node();
        impl->dial_first_.reset();
        if (!impl->node_) return fail(EngineErrc::Internal, "the node did not start");
        return impl->network_status();
      });
}

}  // namespace wpn::session
