// The rooms we host (engine thread): one ChatRoomServer each, from the settings or added
// at run time; owner kick/ban/topic/MOTD; bans through RoomBanStore; registration with our
// own hub's room table, renewed well within its age limit.
#include <Poco/Logger.h>
#include <Poco/Net/IPAddress.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "chat/chat_names.h"
#include "net/overlay_connection.h"
#include "session/engine_impl.h"
#include "session/engine_rooms_bans.h"

namespace wpn::session {

namespace p = protocol;

namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine.rooms"); }

constexpr auto RegisterInterval = std::chrono::seconds(30);
constexpr std::string_view OwnerName = "the owner";

std::uint64_t unix_now() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

EngineError no_hosted(const std::string& room) { return {EngineErrc::NotFound, "no hosted room " + room}; }

}  // namespace

class RoomsArea::BanMediator final : public chat::ChatRoomMediator {
 public:
  BanMediator(RoomBanStore& store, std::string room) : store_(store), room_(std::move(room)) {}
  bool is_banned(std::string_view user_key, const p::Ip4& ip) override {
    return store_.is_banned(room_, std::string(user_key), p::ip4_text(ip), unix_now());
  }
  void add_ban(const chat::ChatBan& ban) override {
    const std::uint64_t until = ban.duration == 0 ? 0 : unix_now() + (ban.duration + 999) / 1000;
    store_.add(RoomBanEntry{room_, ban.user_key, ban.name, p::ip4_text(ban.ip), until, ban.by});
  }
  bool remove_ban(std::string_view user_key) override { return store_.remove(room_, std::string(user_key)); }

 private:
  RoomBanStore& store_;
  std::string room_;
};

struct RoomsArea::Hosted {
  HostedRoomSettings settings;
  bool from_settings = false;
  std::unique_ptr<BanMediator> mediator;
  std::unique_ptr<net::ChatRoomServer> server;
};

RoomsArea::RoomsArea(Context context) : context_(std::move(context)), resolver_(context_.loop, context_.resolve) {}

RoomsArea::~RoomsArea() { stop(); }

p::Ip4 RoomsArea::host_ip() const {
  const Poco::Net::SocketAddress address(context_.bind_ip.empty() ? "0.0.0.0" : context_.bind_ip, 0);
  const auto ip = net::ip4_of(address);
  if (!ip || *ip == p::Ip4{}) return p::Ip4{127, 0, 0, 1};
  return *ip;
}

void RoomsArea::start(const std::vector<HostedRoomSettings>& hosted) {
  bans_ = std::make_unique<RoomBanStore>((std::filesystem::path(context_.data_dir) / "rooms.db").string());
  apply(hosted);
  std::weak_ptr<bool> alive = alive_;
  const auto renew = [this, alive](auto& self) -> void {
    if (alive.expired()) return;
    register_hosted();
    register_timer_ = context_.loop.add_timer(RegisterInterval, [self] { self(self); });
  };
  register_timer_ = context_.loop.add_timer(RegisterInterval, [renew] { renew(renew); });
  register_hosted();  // a hub listens for other hosts' 0x47 from its start on
}

void RoomsArea::stop() {
  for (auto* timer : {&register_timer_, &list_timer_})
    if (*timer != net::TimerId::None) context_.loop.cancel_timer(*timer);
  register_timer_ = list_timer_ = net::TimerId::None;
  resolver_.stop();
  for (auto& [key, room] : joined_) {
    if (room->retry != net::TimerId::None) context_.loop.cancel_timer(room->retry);
    if (room->connection) room->connection->leave();
  }
  joined_.clear();
  for (auto& [name, room] : hosted_)
    if (room->server) room->server->stop();
  hosted_.clear();
  lister_.reset();
  query_links_.clear();
  if (auto* node = context_.node(); node != nullptr && node->hub() != nullptr && query_links_offered_)
    node->hub()->on_primary_client(nullptr);
  udp_.reset();
  for (auto& waiter : std::exchange(list_waiters_, {})) waiter(fail(EngineErrc::NotAvailable, "rooms stopped"));
}

void RoomsArea::apply(const std::vector<HostedRoomSettings>& hosted) {
  std::vector<std::string> gone;
  for (const auto& [name, room] : hosted_) {
    if (!room->from_settings) continue;
    const auto& current = room->settings;
    const bool kept = std::any_of(hosted.begin(), hosted.end(), [&](const auto& s) { return s == current; });
    if (!kept) gone.push_back(name);
  }
  for (const auto& name : gone) (void)unhost(name);
  for (const auto& settings : hosted) {
    if (hosted_.contains(settings.name)) continue;
    if (auto started = host(settings))
      hosted_.at(settings.name)->from_settings = true;
    else
      logger().error("hosted room %s: %s", settings.name, started.error().message);
  }
}

EngineResult<void> RoomsArea::start_hosted(Hosted& room) {
  chat::ChatRoomConfig config;
  config.name = room.settings.name;
  config.topic = room.settings.topic;
  config.motd = room.settings.motd;
  config.user_limit = room.settings.limit == 0 ? 1 : room.settings.limit;
  if (!room.settings.operator_password.empty()) config.operator_password = room.settings.operator_password;
  config.software = "OpenWPN";
  room.mediator = std::make_unique<BanMediator>(*bans_, room.settings.name);
  const std::string bind = context_.bind_ip.empty() ? "0.0.0.0" : context_.bind_ip;
  room.server = std::make_unique<net::ChatRoomServer>(context_.loop, std::move(config), *room.mediator,
                                                      Poco::Net::SocketAddress(bind, room.settings.port));
  if (!room.server->start())
    return fail(EngineErrc::Conflict, "cannot listen on " + bind + ":" + std::to_string(room.settings.port));
  logger().information("hosting room %s on port %hu", room.settings.name, room.server->port());
  return {};
}

EngineResult<HostedRoomInfo> RoomsArea::host(const HostedRoomSettings& settings) {
  if (!bans_) return fail(EngineErrc::NotAvailable, "rooms are not running");
  auto name = context_.names.from_utf8(settings.name);
  if (!name || name->empty() || name->size() > p::MaxRoomNameLength || name->find('\0') != std::string::npos)
    return fail(EngineErrc::InvalidParams, "a room name has 1 to 40 bytes");
  if (hosted_.contains(settings.name)) return fail(EngineErrc::AlreadyExists, "already hosting " + settings.name);
  auto room = std::make_unique<Hosted>();
  room->settings = settings;
  if (auto started = start_hosted(*room); !started) return tl::unexpected(started.error());
  auto& added = *hosted_.emplace(settings.name, std::move(room)).first->second;
  register_hosted();
  return hosted_info(added);
}

EngineResult<void> RoomsArea::unhost(const std::string& name) {
  auto* room = find_hosted(name);
  if (room == nullptr) return tl::unexpected(no_hosted(name));
  if (auto* node = context_.node(); node && node->hub() && node->hub()->hub() && room->server)
    node->hub()->hub()->rooms().remove_room(host_ip(), room->server->port());
  room->server->stop();
  logger().information("no longer hosting room %s", room->settings.name);
  hosted_.erase(room->settings.name);
  return {};
}

RoomsArea::Hosted* RoomsArea::find_hosted(const std::string& room) {
  if (const auto it = hosted_.find(room); it != hosted_.end()) return it->second.get();
  for (auto& [name, hosted] : hosted_)
    if (hosted->server && (room == utf8(p::listed_room_name(context_.names.from_utf8(name).value_or(name), host_ip(),
                                                            hosted->server->port())) ||
                           room == p::ip4_text(host_ip()) + ":" + std::to_string(hosted->server->port())))
      return hosted.get();
  return nullptr;
}

HostedRoomInfo RoomsArea::hosted_info(const Hosted& room) const {
  HostedRoomInfo out;
  out.name = room.settings.name;
  out.limit = room.settings.limit;
  out.topic = room.settings.topic;
  if (!room.server) return out;
  out.port = room.server->port();
  out.running = room.server->running();
  out.listed_name = utf8(p::listed_room_name(context_.names.from_utf8(room.settings.name).value_or(room.settings.name),
                                             host_ip(), out.port));
  if (const auto* host = room.server->host()) {
    out.topic = utf8(host->topic());
    for (const auto& user : host->users()) out.members.push_back(utf8(user.name));
    out.users = out.members.size();
  }
  return out;
}

std::vector<HostedRoomInfo> RoomsArea::hosted() const {
  std::vector<HostedRoomInfo> out;
  for (const auto& [name, room] : hosted_) out.push_back(hosted_info(*room));
  return out;
}

// A hub lists our rooms directly and hears other hosts' UDP 0x47. A secondary announces
// its rooms to its hub with 0x47 at once and on a timer, and also keeps a primary-client
// link (0x50) to it, answering the hub's 0x4E queries as RoboServ-style hosts do (§9.2).
void RoomsArea::register_hosted() {
  auto* node = context_.node();
  if (node == nullptr) return;
  if (!udp_) udp_ = std::make_unique<net::ChatRoomUdp>(context_.loop);
  if (auto* own_hub = node->hub() != nullptr ? node->hub()->hub() : nullptr) {
    const auto handle = own_hub->handle();
    listen_for_announcements(handle.udp_port);
    if (!query_links_offered_) {
      query_links_offered_ = true;
      std::weak_ptr<bool> alive = alive_;
      node->hub()->on_primary_client([this, alive](Poco::Net::StreamSocket socket) {
        if (!alive.expired()) accept_query_link(std::move(socket));
      });
    }
    query_hosts();
    auto& table = own_hub->rooms();
    for (const auto& [name, room] : hosted_) {
      const auto* host = room->server ? room->server->host() : nullptr;
      if (host == nullptr) continue;
      table.register_room(host_ip(), room->server->port(), context_.names.from_utf8(name).value_or(name), host->topic(),
                          static_cast<std::uint32_t>(host->user_count()),
                          static_cast<std::uint32_t>(room->settings.limit), net::loop_millis(context_.loop));
    }
    return;
  }
  auto* secondary = node->secondary();
  const auto parent = secondary != nullptr && secondary->logged_in() ? secondary->parent_handle() : std::nullopt;
  if (!parent) return;
  keep_primary_link(*secondary);
  const Poco::Net::SocketAddress hub(p::ip4_text(parent->ip), parent->udp_port);
  for (auto& announcement : announcements(0)) udp_->announce(hub, std::move(announcement), context_.bind_ip);
}

std::vector<p::RoomAnnouncement> RoomsArea::announcements(std::uint32_t request_id) const {
  std::vector<p::RoomAnnouncement> out;
  for (const auto& [name, room] : hosted_) {
    const auto* host = room->server ? room->server->host() : nullptr;
    if (host == nullptr) continue;
    p::RoomAnnouncement announcement;
    announcement.request_id = request_id;
    announcement.port = room->server->port();
    announcement.name = context_.names.from_utf8(name).value_or(name);
    announcement.topic = host->topic();
    announcement.users = static_cast<std::uint32_t>(host->user_count());
    announcement.limit = static_cast<std::uint32_t>(room->settings.limit);
    out.push_back(std::move(announcement));
  }
  return out;
}

// One link to the current hub while we host a room; a hub that refuses 0x50 (an older
// OpenWPN hub) is not asked again before the next login.
void RoomsArea::keep_primary_link(const net::SecondaryClient& secondary) {
  const auto parent = secondary.parent();
  Poco::Net::IPAddress ip;
  if (hosted_.empty() || !parent || !Poco::Net::IPAddress::tryParse(parent->host, ip)) {
    lister_.reset();
    return;
  }
  const Poco::Net::SocketAddress address(ip, parent->port);
  if (lister_ && lister_->primary() == address) return;
  if (lister_refused_by_ == address.toString()) return;
  std::weak_ptr<bool> alive = alive_;
  lister_ = std::make_unique<net::ChatRoomLister>(
      context_.loop,
      [this, alive](const net::ChatRoomLister::Query& query) {
        if (!alive.expired()) answer_query(query);
      },
      [this, alive, key = address.toString()](const std::string& reason, bool was_ready) {
        if (alive.expired()) return;
        if (!was_ready) lister_refused_by_ = key;
        logger().information("room registration link to %s ended: %s", key, reason);
        if (lister_ && lister_->primary().toString() == key) lister_.reset();
      });
  const bool wildcard = context_.bind_ip.empty() || context_.bind_ip == "0.0.0.0";
  lister_->connect(address, wildcard ? std::string() : context_.bind_ip);
}

void RoomsArea::answer_query(const net::ChatRoomLister::Query& query) {
  if (!udp_) udp_ = std::make_unique<net::ChatRoomUdp>(context_.loop);
  auto rooms = announcements(query.request_id);
  logger().information("room query %08X from %s: %z room(s) sent", query.request_id, query.reply_to.toString(),
                       rooms.size());
  for (auto& announcement : rooms) udp_->announce(query.reply_to, std::move(announcement), context_.bind_ip);
}

void RoomsArea::accept_query_link(Poco::Net::StreamSocket socket) {
  constexpr std::size_t MaxQueryLinks = 64;
  if (query_links_.size() >= MaxQueryLinks) {
    logger().warning("room query link refused: already %z", query_links_.size());
    return;
  }
  const std::uint64_t id = next_query_link_++;
  std::weak_ptr<bool> alive = alive_;
  query_links_[id] =
      std::make_unique<net::ChatRoomQueryLink>(context_.loop, std::move(socket), [this, alive, id](const std::string&) {
        if (!alive.expired()) query_links_.erase(id);
      });
  query_hosts();
}

// One 0x4E query with a fresh request id on every link; the answers come by UDP 0x47 to
// our handle's port, where listen_for_announcements hears them.
void RoomsArea::query_hosts() {
  auto* node = context_.node();
  auto* own_hub = node != nullptr && node->hub() != nullptr ? node->hub()->hub() : nullptr;
  if (own_hub == nullptr || query_links_.empty()) return;
  const auto handle = own_hub->handle();
  net::SystemRandom random;
  for (auto& [id, link] : query_links_) {
    std::array<p::Byte, 4> bytes{};
    random.fill(bytes);
    const std::uint32_t request = static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
                                  static_cast<std::uint32_t>(bytes[2]) << 16 |
                                  static_cast<std::uint32_t>(bytes[3]) << 24;
    link->send(p::room_list_query(handle.ip, handle.udp_port, request));
  }
}

void RoomsArea::listen_for_announcements(std::uint16_t udp_port) {
  if (udp_listen_tried_) return;
  udp_listen_tried_ = true;
  const Poco::Net::SocketAddress address(context_.bind_ip.empty() ? "0.0.0.0" : context_.bind_ip, udp_port);
  std::weak_ptr<bool> alive = alive_;
  const auto error = udp_->listen(address, [this, alive](const p::Ip4& source, const p::RoomAnnouncement& room) {
    if (alive.expired()) return;
    auto* current = context_.node();
    auto* hub = current != nullptr && current->hub() != nullptr ? current->hub()->hub() : nullptr;
    if (hub != nullptr) hub->rooms().register_room(source, room, net::loop_millis(context_.loop));
  });
  if (error)
    logger().warning("%s; rooms hosted elsewhere are not listed", *error);
  else
    logger().information("listening for room announcements on UDP %s", address.toString());
}

EngineResult<void> RoomsArea::kick(const std::string& room, const std::string& user) {
  auto* hosted = find_hosted(room);
  if (hosted == nullptr || !hosted->server->host()) return tl::unexpected(no_hosted(room));
  const auto name = context_.names.from_utf8(user).value_or(user);
  const auto users = hosted->server->host()->users();
  const auto key = chat::user_key(name);
  const bool present = std::any_of(users.begin(), users.end(), [&](const p::ChatUser& u) {
    return u.name == name || chat::user_key(u.name) == key;
  });
  if (!present) return fail(EngineErrc::NotFound, user + " is not in " + room);
  hosted->server->kick(name, OwnerName);
  return {};
}

EngineResult<void> RoomsArea::ban(const std::string& room, const std::string& user, std::uint64_t seconds) {
  auto* hosted = find_hosted(room);
  if (hosted == nullptr) return tl::unexpected(no_hosted(room));
  if (user.empty()) return fail(EngineErrc::InvalidParams, "give a user name");
  hosted->server->ban(context_.names.from_utf8(user).value_or(user), seconds * 1000, OwnerName);
  return {};
}

EngineResult<void> RoomsArea::unban(const std::string& room, const std::string& user) {
  auto* hosted = find_hosted(room);
  if (hosted == nullptr) return tl::unexpected(no_hosted(room));
  if (!hosted->server->unban(context_.names.from_utf8(user).value_or(user)))
    return fail(EngineErrc::NotFound, "no ban of " + user + " in " + room);
  return {};
}

std::vector<RoomBanEntry> RoomsArea::bans() const {
  std::vector<RoomBanEntry> out;
  if (!bans_) return out;
  for (auto ban : bans_->list(unix_now())) {
    ban.name = utf8(ban.name);
    ban.user = utf8(ban.user);
    out.push_back(std::move(ban));
  }
  return out;
}

EngineResult<void> RoomsArea::set_topic(const std::string& room, const std::string& topic) {
  auto* hosted = find_hosted(room);
  if (hosted == nullptr) return tl::unexpected(no_hosted(room));
  hosted->settings.topic = topic;
  hosted->server->set_topic(context_.names.from_utf8(topic).value_or(topic));
  register_hosted();
  return {};
}

EngineResult<void> RoomsArea::set_motd(const std::string& room, const std::vector<std::string>& lines) {
  auto* hosted = find_hosted(room);
  if (hosted == nullptr) return tl::unexpected(no_hosted(room));
  std::vector<std::string> encoded;
  for (const auto& line : lines) encoded.push_back(context_.names.from_utf8(line).value_or(line));
  hosted->settings.motd = lines;
  hosted->server->set_motd(std::move(encoded));
  return {};
}

// ---- the facade

namespace {
template <class T, class F>
void on_hosting(Engine::Impl& impl, Completion<T> done, F task) {
  impl.on_engine<T>(std::move(done), [&impl, task = std::move(task)]() -> EngineResult<T> {
    if (!impl.rooms_) return fail(EngineErrc::NotAvailable, "rooms are not running");
    return task(*impl.rooms_);
  });
}
}  // namespace

void Engine::host_room(HostedRoomSettings room, Completion<HostedRoomInfo> done) {
  on_hosting<HostedRoomInfo>(*impl_, std::move(done), [room = std::move(room)](RoomsArea& a) { return a.host(room); });
}

void Engine::unhost_room(std::string name, Completion<void> done) {
  on_hosting<void>(*impl_, std::move(done), [name = std::move(name)](RoomsArea& a) { return a.unhost(name); });
}

void Engine::hosted_rooms(Completion<std::vector<HostedRoomInfo>> done) {
  on_hosting<std::vector<HostedRoomInfo>>(
      *impl_, std::move(done), [](RoomsArea& a) -> EngineResult<std::vector<HostedRoomInfo>> { return a.hosted(); });
}

void Engine::room_kick(std::string room, std::string user, Completion<void> done) {
  on_hosting<void>(*impl_, std::move(done),
                   [room = std::move(room), user = std::move(user)](RoomsArea& a) { return a.kick(room, user); });
}

void Engine::room_ban(std::string room, std::string user, std::uint64_t seconds, Completion<void> done) {
  on_hosting<void>(*impl_, std::move(done), [room = std::move(room), user = std::move(user), seconds](RoomsArea& a) {
    return a.ban(room, user, seconds);
  });
}

void Engine::room_unban(std::string room, std::string user, Completion<void> done) {
  on_hosting<void>(*impl_, std::move(done),
                   [room = std::move(room), user = std::move(user)](RoomsArea& a) { return a.unban(room, user); });
}

void Engine::room_bans(Completion<std::vector<RoomBanEntry>> done) {
  on_hosting<std::vector<RoomBanEntry>>(
      *impl_, std::move(done), [](RoomsArea& a) -> EngineResult<std::vector<RoomBanEntry>> { return a.bans(); });
}

void Engine::room_set_topic(std::string room, std::string topic, Completion<void> done) {
  on_hosting<void>(*impl_, std::move(done), [room = std::move(room), topic = std::move(topic)](RoomsArea& a) {
    return a.set_topic(room, topic);
  });
}

void Engine::room_set_motd(std::string room, std::vector<std::string> lines, Completion<void> done) {
  on_hosting<void>(*impl_, std::move(done), [room = std::move(room), lines = std::move(lines)](RoomsArea& a) {
    return a.set_motd(room, lines);
  });
}

}  // namespace wpn::session
