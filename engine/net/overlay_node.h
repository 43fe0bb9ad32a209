#pragma once
// The overlay as the service sees it: one node in one role (secondary, hub or peer
// cache; chosen in configuration, same binary), its settings and host list, start and
// stop, the secondary's requests with per-request callbacks, a status snapshot and
// one event callback. Lives on one EventLoop; every call on that loop's thread.
// The default host list is empty: nothing is contacted that the owner did not add.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "net/cache_server.h"
#include "net/event_loop.h"
#include "net/hub_server.h"
#include "net/resolver.h"
#include "net/secondary_client.h"
#include "overlay/wsx_host_list.h"

namespace wpn::net {

enum class OverlayRole { Secondary, Hub, Cache };

struct OverlaySettings {
  OverlayRole role = OverlayRole::Secondary;
  // Secondary: bootstrap hosts come from the host list (WPN_CACHE / WPN_HUB entries).
  overlay::SecondaryConfig secondary;
  std::string bind_ip;
  overlay::BackoffPolicy backoff;
  // Hub: listen address; hub.ip is what it advertises in handles and node records.
  overlay::HubConfig hub;
  std::string listen_ip = "0.0.0.0";
  std::uint16_t hub_port = 6699;
  // Hub: OpenWPN hubs to link with (docs/hub-link.md), HOST:link port; hub.mesh must be
  // set. The host list's WPN_CACHE entries are the caches it registers with.
  std::vector<overlay::Endpoint> neighbours;
  std::chrono::milliseconds registration_interval{60000};
  // Cache: listen port (and more ports serving the same list); the hubs it lists are the
  // WPN_HUB entries of the host list and the hubs that register with it.
  std::uint16_t cache_port = 7950;
  std::vector<std::uint16_t> more_cache_ports;
  // Host names of the host list are looked up with this, off the loop; empty: the system's.
  ResolveFunction resolve;
};

struct OverlayStatus {
  OverlayRole role = OverlayRole::Secondary;
  bool running = false;
  std::uint16_t port = 0;  // hub / cache: the bound port
  // secondary
  bool logged_in = false;
  std::string full_name;
  std::optional<overlay::Endpoint> parent;
  // hub
  std::size_t users = 0;
  std::size_t shared_files = 0;
  std::size_t free_slots = 0;
  // Frames skipped as undecodable: the secondary's current parent session, or the
  // hub's total over its secondaries.
  std::uint64_t skipped_frames = 0;
  std::size_t hubs_known = 0;  // cache: the live hubs it hands out
};

class OverlayNode {
 public:
  using EventHandler = std::function<void(const overlay::SecondaryEvent&)>;
  using SearchHandler = std::function<void(const protocol::SearchResult&)>;
  // entries so far, and whether the browse completed (false: 0x1BD0 failed).
  using BrowseHandler = std::function<void(const std::vector<protocol::BrowseEntry>&, bool complete)>;
  using WhoisHandler = std::function<void(const std::variant<protocol::WhoisAnswer, protocol::WhoisFailed>&)>;
  using PmHandler = std::function<void(const protocol::PmDelivered&)>;

  OverlayNode(EventLoop& loop, OverlaySettings settings, std::vector<overlay::WsxEntry> hosts);
  ~OverlayNode();
  OverlayNode(const OverlayNode&) = delete;
  OverlayNode& operator=(const OverlayNode&) = delete;

  bool start();
  void stop();
  OverlayStatus status() const;
  // As OverlayStatus::skipped_frames.
  std::uint64_t skipped_frames() const;
  void set_event_handler(EventHandler handler) { on_event_ = std::move(handler); }
  // Secondary: the slot and queue numbers of the 0x0384 status; set before start().
  void set_status_source(overlay::SecondarySession::StatusSource source) { status_source_ = std::move(source); }

  // Secondary role only; 0 / false when not logged in.
  std::uint32_t search(std::string_view words, protocol::FileType type, SearchHandler on_hit);
  std::uint32_t search_hash(const protocol::ContentHash& hash, SearchHandler on_hit);
  bool browse(const protocol::NodeHandle& handle, const std::string& name, BrowseHandler done);
  bool whois(const protocol::NodeHandle& handle, const std::string& name, WhoisHandler done);
  bool send_pm(const protocol::NodeHandle& handle, const std::string& name, std::string_view text, PmHandler done);
  void set_shares(std::vector<protocol::Bytes> payloads);

  // For wiring transfers: the secondary client (nullptr in the other roles).
  SecondaryClient* secondary() noexcept { return secondary_.get(); }
  const HubServer* hub() const noexcept { return hub_.get(); }
  HubServer* hub() noexcept { return hub_.get(); }

 private:
  void dispatch(const overlay::SecondaryEvent& event);
  void list_hubs_in_cache();
  void link_and_register_hub();

  EventLoop& loop_;
  OverlaySettings settings_;
  std::vector<overlay::WsxEntry> hosts_;
  Resolver resolver_;
  std::unique_ptr<SecondaryClient> secondary_;
  std::unique_ptr<HubServer> hub_;
  std::unique_ptr<CacheServer> cache_;
  EventHandler on_event_;
  overlay::SecondarySession::StatusSource status_source_;
  std::map<std::uint32_t, SearchHandler> searches_;
  std::map<std::string, std::pair<std::vector<protocol::BrowseEntry>, BrowseHandler>> browses_;
  std::map<std::string, WhoisHandler> whois_;
  std::map<std::string, PmHandler> pms_;
};

}  // namespace wpn::net
