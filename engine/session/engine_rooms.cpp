// The rooms we are in (engine thread): joining by listed name or HOST:PORT, the events of
// each connection turned into engine events, a history that outlives reconnects, and
// back-off after a drop (chat::should_reconnect: never after a kick, a ban or a rejection).
#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>

#include "chat/chat_names.h"
#include "protocol/codecs/chat_colours.h"
#include "session/engine_impl.h"
#include "session/user_base_name.h"

namespace wpn::session {

namespace p = protocol;

namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine.rooms"); }

constexpr std::uint64_t FirstRetryMs = 1000;
constexpr std::uint64_t LongestRetryMs = 30000;
// Rooms joined by HOST:PORT that no list names: hosts take any name in 0x0064.
constexpr std::string_view UnlistedBaseName = "Room";

std::uint64_t unix_ms() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

EngineError no_room(const std::string& room) { return {EngineErrc::NotFound, "not in room " + room}; }

RoomRank to_rank(p::ChatRank rank) {
  switch (rank) {
    case p::ChatRank::Operator:
      return RoomRank::Operator;
    case p::ChatRank::Voiced:
      return RoomRank::Voiced;
    case p::ChatRank::Normal:
      break;
  }
  return RoomRank::Normal;
}

}  // namespace

std::string RoomsArea::utf8(std::string_view text) const { return context_.names.to_utf8(text); }

RoomUser RoomsArea::to_user(const p::ChatUser& user) const {
  return RoomUser{utf8(user.name), p::NodeHandle{user.node_ip, user.node_port}.to_string(),
                  static_cast<std::uint16_t>(user.line_type), user.files, to_rank(user.rank)};
}

RoomLine RoomsArea::to_line(const chat::HistoryLine& line) const {
  RoomLine out;
  out.seq = line.seq;
  out.at_unix_ms = line.at;
  out.kind = std::string(chat::line_kind_name(line.kind));
  out.name = utf8(line.name);
  out.text = utf8(p::strip_chat_colours(line.text));
  for (auto& span : p::chat_colour_spans(line.text)) out.spans.push_back(ColourRun{utf8(span.text), span.colour});
  return out;
}

RoomsArea::Joined* RoomsArea::find(const std::string& room) {
  return const_cast<Joined*>(static_cast<const RoomsArea*>(this)->find(room));
}

// A room is named by its key, its listed name, its HOST:PORT or its base name.
const RoomsArea::Joined* RoomsArea::find(const std::string& room) const {
  if (const auto it = joined_.find(room); it != joined_.end()) return it->second.get();
  for (const auto& [key, joined] : joined_) {
    const auto parsed = p::parse_listed_room_name(joined->listed);
    if (joined->listed == room || joined->address.toString() == room || (parsed && parsed->name == room))
      return joined.get();
  }
  return nullptr;
}

RoomInfo RoomsArea::info(const Joined& room) const {
  RoomInfo out;
  out.key = room.key;
  out.name = utf8(room.listed);
  out.address = room.address.toString();
  out.state = room.state;
  out.reconnects = room.reconnects;
  out.last_end = room.last_end;
  out.last_text = room.last_text;
  if (room.connection) {
    const auto& session = room.connection->session();
    out.own_name = utf8(session.name());
    out.topic = utf8(session.topic());
    out.users = session.users().size();
  }
  return out;
}

EngineResult<RoomInfo> RoomsArea::join(const std::string& room) {
  if (room.empty()) return fail(EngineErrc::InvalidParams, "give a room name or HOST:PORT");
  if (auto* known = find(room)) {
    if (known->state != RoomState::Closed) return fail(EngineErrc::AlreadyExists, "already in room " + known->key);
    known->failures = 0;
    known->redirected = false;
    known->last_end.clear();  // a fresh join: the old ending no longer describes the room
    known->last_text.clear();
    connect(*known);
    return info(*known);
  }
  auto joined = std::make_unique<Joined>();
  joined->key = room;
  if (const auto parsed = p::parse_listed_room_name(room)) {
    joined->listed = room;
    joined->address = Poco::Net::SocketAddress(p::ip4_text(parsed->ip), parsed->tcp_port);
  } else if (const auto endpoint = parse_endpoint(room)) {
    // A host name may take seconds: the engine thread goes on while the resolver looks.
    joined->listed = p::listed_room_name(UnlistedBaseName, p::Ip4{}, endpoint->port);
    auto& added = *joined_.emplace(room, std::move(joined)).first->second;
    added.resolving = resolver_.resolve(endpoint->host, endpoint->port,
                                        [this, key = room, port = endpoint->port](net::ResolveResult address) {
                                          on_resolved(key, port, std::move(address));
                                        });
    logger().information("joining %s: resolving %s", room, endpoint->host);
    return info(added);
  } else {
    const auto listed = std::find_if(last_list_.begin(), last_list_.end(),
                                     [&](const ListedRoom& r) { return r.base_name == room || r.name == room; });
    if (listed == last_list_.end())
      return fail(EngineErrc::NotFound, "no listed room " + room + " (give BASE_IIIIIIIIPPPP or HOST:PORT)");
    joined->listed = context_.names.from_utf8(listed->name).value_or(listed->name);
    joined->address = Poco::Net::SocketAddress(listed->host, listed->port);
  }
  auto& added = *joined_.emplace(room, std::move(joined)).first->second;
  connect(added);
  logger().information("joining %s at %s", added.listed, added.address.toString());
  return info(added);
}

void RoomsArea::on_resolved(const std::string& key, std::uint16_t port, net::ResolveResult address) {
  const auto it = joined_.find(key);
  if (it == joined_.end()) return;
  Joined& room = *it->second;
  room.resolving = net::ResolveId::None;
  const auto ip = address ? net::ip4_of(*address) : std::nullopt;
  if (!ip) {
    const std::string why =
        address ? key + " is not an IPv4 address" : "cannot resolve " + key + ": " + address.error();
    logger().warning("room %s: %s", key, why);
    context_.emit(RoomLeft{key, "network_error", why, false});
    joined_.erase(it);  // a later join resolves afresh
    return;
  }
  room.address = Poco::Net::SocketAddress(p::ip4_text(*ip), port);
  const auto known = std::find_if(last_list_.begin(), last_list_.end(),
                                  [&](const ListedRoom& r) { return r.host == p::ip4_text(*ip) && r.port == port; });
  room.listed = known != last_list_.end() ? context_.names.from_utf8(known->name).value_or(known->name)
                                          : p::listed_room_name(UnlistedBaseName, *ip, port);
  connect(room);
  logger().information("joining %s at %s", room.listed, room.address.toString());
}

void RoomsArea::connect(Joined& room) {
  if (room.retry != net::TimerId::None) context_.loop.cancel_timer(room.retry);
  room.retry = net::TimerId::None;
  room.connection.reset();
  room.entered = false;
  const RoomIdentity self = context_.identity();
  chat::ChatClientConfig config;
  config.room = room.listed;
  config.name = self.name;
  config.node_ip = self.node_ip;
  config.node_port = self.node_port;
  config.files = self.files;
  config.redirected_from = room.redirected_from;
  config.history_limit = 1;  // the area keeps the history, across reconnects
  room.state = room.reconnects == 0 && room.last_end.empty() ? RoomState::Connecting : RoomState::Reconnecting;
  std::weak_ptr<bool> alive = alive_;
  room.connection = std::make_unique<net::ChatClientConnection>(
      context_.loop, std::move(config), [this, alive, key = room.key](const chat::ChatClientEvent& event) {
        if (!alive.expired()) on_event(key, event);
      });
  const bool wildcard = context_.bind_ip.empty() || context_.bind_ip == "0.0.0.0";
  room.connection->connect(room.address, wildcard ? std::string() : context_.bind_ip);
}

void RoomsArea::on_event(const std::string& key, const chat::ChatClientEvent& event) {
  auto* room = find(key);
  if (room == nullptr) return;
  if (const auto* joined = std::get_if<chat::RoomJoined>(&event)) {
    room->state = RoomState::Joined;
    room->entered = true;
    room->failures = 0;
    const auto& session = room->connection->session();
    context_.emit(session::RoomJoined{key, utf8(room->listed), utf8(session.topic()), joined->users});
  } else if (const auto* added = std::get_if<chat::UserAdded>(&event)) {
    if (!added->listed) context_.emit(RoomUserJoined{key, to_user(added->user)});
  } else if (const auto* removed = std::get_if<chat::UserRemoved>(&event)) {
    context_.emit(RoomUserParted{key, utf8(removed->name)});
  } else if (const auto* changed = std::get_if<chat::UserChanged>(&event)) {
    context_.emit(RoomUserRenamed{key, utf8(changed->old_name), to_user(changed->user)});
  } else if (const auto* line = std::get_if<chat::LineAdded>(&event)) {
    const auto& kept = room->history.add(line->line.kind, line->line.name, line->line.text, unix_ms());
    context_.emit(RoomLineAdded{key, to_line(kept)});
  } else if (const auto* topic = std::get_if<chat::TopicChanged>(&event)) {
    context_.emit(RoomTopicChanged{key, utf8(topic->topic)});
  } else if (const auto* ended = std::get_if<chat::SessionEnded>(&event)) {
    // The connection is still inside its own call: it goes away on the next turn.
    std::weak_ptr<bool> alive = alive_;
    context_.loop.post([this, alive, key, end = ended->end] {
      if (!alive.expired()) on_ended(key, end);
    });
  }
}

void RoomsArea::on_ended(const std::string& key, const chat::ChatEnd& end) {
  auto* room = find(key);
  if (room == nullptr || !room->connection ||
      room->connection->session().state() != chat::ChatClientSession::State::Closed)
    return;
  room->last_end = std::string(chat::end_reason_name(end.reason));
  room->last_text = utf8(end.text);
  logger().information("room %s ended: %s %s", room->listed, room->last_end, end.text);
  // Turned away at the door: a rejection, or a ban or kick line before we ever got in.
  const bool refused =
      end.reason == chat::ChatEndReason::Rejected ||
      (!room->entered && (end.reason == chat::ChatEndReason::Banned || end.reason == chat::ChatEndReason::Kicked));
  if (refused) context_.emit(RoomRejected{key, room->last_text});
  if (end.reason == chat::ChatEndReason::Redirected && !room->redirected) {
    if (const auto target = p::parse_listed_room_name(end.text)) {
      room->redirected = true;
      room->redirected_from = room->listed;
      room->listed = end.text;
      room->address = Poco::Net::SocketAddress(p::ip4_text(target->ip), target->tcp_port);
      context_.emit(RoomLeft{key, room->last_end, room->last_text, true});
      connect(*room);
      return;
    }
  }
  const bool again = chat::should_reconnect(end.reason);
  context_.emit(RoomLeft{key, room->last_end, room->last_text, again});
  if (!again) {
    room->state = RoomState::Closed;
    return;
  }
  room->state = RoomState::Reconnecting;
  const auto delay = std::min(LongestRetryMs, FirstRetryMs << std::min<std::uint32_t>(room->failures, 5));
  ++room->failures;
  std::weak_ptr<bool> alive = alive_;
  room->retry = context_.loop.add_timer(std::chrono::milliseconds(delay), [this, alive, key] {
    if (alive.expired()) return;
    auto* again_room = find(key);
    if (again_room == nullptr) return;
    again_room->retry = net::TimerId::None;
    ++again_room->reconnects;
    connect(*again_room);
  });
}

// A new client id means a new full name (and a new primary a new handle): announced with
// 0x0065, so a PM, browse or whois from the room's user list still reaches us.
void RoomsArea::on_logged_in() {
  lister_refused_by_.reset();
  register_hosted();
  const RoomIdentity self = context_.identity();
  for (auto& [key, room] : joined_) {
    if (!room->connection || room->state != RoomState::Joined) continue;
    const auto& session = room->connection->session();
    const auto& config = session.config();
    if (session.name() == self.name && config.node_ip == self.node_ip && config.node_port == self.node_port) continue;
    logger().information("room %s: we are now %s", room->listed, self.name);
    room->connection->change_details(self.name, self.node_ip, self.node_port, self.files);
  }
}

EngineResult<void> RoomsArea::leave(const std::string& room) {
  auto* joined = find(room);
  if (joined == nullptr) return tl::unexpected(no_room(room));
  if (joined->retry != net::TimerId::None) context_.loop.cancel_timer(joined->retry);
  if (joined->resolving != net::ResolveId::None) resolver_.cancel(joined->resolving);
  if (joined->connection) joined->connection->leave();
  logger().information("left room %s", joined->listed);
  joined_.erase(joined->key);
  return {};
}

EngineResult<void> RoomsArea::say(const std::string& room, const std::string& text, bool action) {
  auto* joined = find(room);
  if (joined == nullptr) return tl::unexpected(no_room(room));
  if (text.empty() || text.size() > p::ChatMaxSendPayload)
    return fail(EngineErrc::InvalidParams, "a line has 1 to " + std::to_string(p::ChatMaxSendPayload) + " bytes");
  if (joined->state != RoomState::Joined || !joined->connection)
    return fail(EngineErrc::Conflict, "room " + joined->key + " is not joined right now");
  const auto encoded = context_.names.from_utf8(text).value_or(text);
  const bool sent = action ? joined->connection->act(encoded) : joined->connection->say(encoded);
  if (!sent) return fail(EngineErrc::Conflict, "room " + joined->key + " did not take the line");
  return {};
}

std::vector<RoomInfo> RoomsArea::joined() const {
  std::vector<RoomInfo> out;
  for (const auto& [key, room] : joined_) out.push_back(info(*room));
  return out;
}

EngineResult<std::vector<RoomUser>> RoomsArea::users(const std::string& room) const {
  const auto* joined = find(room);
  if (joined == nullptr) return tl::unexpected(no_room(room));
  std::vector<RoomUser> out;
  if (joined->connection && joined->state == RoomState::Joined)
    for (const auto& user : joined->connection->session().users()) out.push_back(to_user(user));
  return out;
}

EngineResult<RoomHistory> RoomsArea::history(const std::string& room, std::uint64_t after_seq) const {
  const auto* joined = find(room);
  if (joined == nullptr) return tl::unexpected(no_room(room));
  RoomHistory out{joined->key, {}};
  for (const auto& line : joined->history.since(after_seq)) out.lines.push_back(to_line(line));
  return out;
}

// ---- the engine's side

void Engine::Impl::start_rooms() {
  const bool wildcard = network_.bind == "0.0.0.0" || network_.bind == "::";
  rooms_ = std::make_unique<RoomsArea>(RoomsArea::Context{*engine_loop_,
                                                          [this](const EngineEvent& event) { emit(event); },
                                                          [this] { return room_identity(); },
                                                          [this] { return node_.get(); },
                                                          names_,
                                                          data_dir_,
                                                          wildcard ? std::string() : network_.bind,
                                                          {}});
  rooms_->start(settings_.rooms);
}

void Engine::Impl::stop_rooms() {
  if (rooms_) rooms_->stop();
  rooms_.reset();
}

// Rooms want "base###_NNNNN" (chat.md §5.3): the network name, whose base got its digits
// at setup (user_base_name.h), so a room user is the same user on the network. A hub,
// or a secondary not logged in yet, has no client id: "_00001" stands in.
RoomIdentity Engine::Impl::room_identity() const {
  RoomIdentity self;
  if (node_ && node_->secondary() && node_->secondary()->logged_in()) {
    self.name = node_->secondary()->full_name();
    if (const auto parent = node_->secondary()->parent_handle()) {
      self.node_ip = parent->ip;
      self.node_port = parent->udp_port;
    }
  } else if (node_ && node_->hub() && node_->hub()->hub()) {
    const auto handle = node_->hub()->hub()->handle();
    self.node_ip = handle.ip;
    self.node_port = handle.udp_port;
  }
  if (self.name.empty()) self.name = p::full_name(base_name_with_digits(network_.name, 0), 1);
  const auto status = board_.get();
  self.files = static_cast<std::uint32_t>(std::min<std::uint64_t>(status->shares.files_shared, UINT32_MAX));
  return self;
}

// ---- the facade

namespace {
template <class T, class F>
void on_rooms(Engine::Impl& impl, Completion<T> done, F task) {
  impl.on_engine<T>(std::move(done), [&impl, task = std::move(task)]() -> EngineResult<T> {
    if (!impl.rooms_) return fail(EngineErrc::NotAvailable, "rooms are not running");
    return task(*impl.rooms_);
  });
}
}  // namespace

void Engine::join_room(std::string room, Completion<RoomInfo> done) {
  on_rooms<RoomInfo>(*impl_, std::move(done), [room = std::move(room)](RoomsArea& a) { return a.join(room); });
}

void Engine::leave_room(std::string room, Completion<void> done) {
  on_rooms<void>(*impl_, std::move(done), [room = std::move(room)](RoomsArea& a) { return a.leave(room); });
}

void Engine::say_in_room(std::string room, std::string text, bool action, Completion<void> done) {
  on_rooms<void>(*impl_, std::move(done), [room = std::move(room), text = std::move(text), action](RoomsArea& a) {
    return a.say(room, text, action);
  });
}

void Engine::joined_rooms(Completion<std::vector<RoomInfo>> done) {
  on_rooms<std::vector<RoomInfo>>(*impl_, std::move(done),
                                  [](RoomsArea& a) -> EngineResult<std::vector<RoomInfo>> { return a.joined(); });
}

void Engine::room_users(std::string room, Completion<std::vector<RoomUser>> done) {
  on_rooms<std::vector<RoomUser>>(*impl_, std::move(done),
                                  [room = std::move(room)](RoomsArea& a) { return a.users(room); });
}

void Engine::room_history(std::string room, std::uint64_t after_seq, Completion<RoomHistory> done) {
  on_rooms<RoomHistory>(*impl_, std::move(done),
                        [room = std::move(room), after_seq](RoomsArea& a) { return a.history(room, after_seq); });
}

}  // namespace wpn::session
