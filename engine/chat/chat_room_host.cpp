#include "chat/chat_room_host.h"

#include <type_traits>

#include "chat/chat_names.h"
#include "protocol/codecs/chat_colours.h"

namespace wpn::chat {

namespace p = protocol;

namespace {

constexpr std::string_view ColourSyntax = "#c%d#";
// chat.md §7.1: a leading "/me ", "/action " or "/emote " makes the rest an action.
constexpr std::string_view ActionPrefixes[] = {"/me ", "/action ", "/emote "};

std::optional<std::string_view> action_text(std::string_view line) {
  for (const auto prefix : ActionPrefixes)
    if (line.substr(0, prefix.size()) == prefix) return line.substr(prefix.size());
  return std::nullopt;
}

}  // namespace

ChatRoomHost::ChatRoomHost(ChatRoomConfig config, ChatRoomMediator& mediator)
    : config_(std::move(config)), mediator_(mediator) {
  config_.topic = room_topic(config_.topic);
}

void ChatRoomHost::send(const Member& to, p::Frame frame) {
  actions_.emplace_back(std::in_place_type<SendFrame>, SendFrame{to.conn, frame.type, std::move(frame.payload)});
}

void ChatRoomHost::broadcast(const std::function<p::Frame(ClientVersion)>& make) {
  std::optional<BroadcastFrame> built[2];  // encoded once per version
  for (const auto& [conn, member] : members_) {
    if (!member.joined) continue;
    auto& out = built[member.version == ClientVersion::V353 ? 1 : 0];
    if (!out) {
      p::Frame frame = make(member.version);
      out.emplace(BroadcastFrame{{}, frame.type, std::move(frame.payload)});
      out->conns.reserve(by_key_.size());
    }
    out->conns.push_back(conn);
  }
  for (auto& out : built)
    if (out) actions_.emplace_back(std::in_place_type<BroadcastFrame>, std::move(*out));
}

void ChatRoomHost::close(ConnId conn, std::string reason) {
  actions_.emplace_back(std::in_place_type<CloseConnection>, CloseConnection{conn, std::move(reason)});
}

void ChatRoomHost::tell(const Member& to, std::string_view text) { send(to, server_text_frame(text, to.version)); }

std::vector<HostAction> ChatRoomHost::on_accepted(ConnId conn, const p::Ip4& peer_ip, Millis now) {
  if (members_.size() >= config_.user_limit + config_.pending_limit) {
    close(conn, "too many connections");
    return take();
  }
  members_.emplace(conn, Member(conn, peer_ip, now, config_.flood));
  return take();
}

std::vector<HostAction> ChatRoomHost::on_closed(ConnId conn, Millis) {
  auto it = members_.find(conn);
  if (it == members_.end()) return take();
  part(it->second);
  members_.erase(it);
  return take();
}

// Takes a member out of the room (others see 0x0073); the connection may stay open a little longer.
void ChatRoomHost::part(Member& member) {
  if (!member.joined) return;
  member.joined = false;
  by_key_.erase(member.key);
  const p::Frame left = user_left_frame(member.user);
  broadcast([&](ClientVersion) { return left; });
}

void ChatRoomHost::remove_later(Member& member, std::string_view text, std::string why, Millis now) {
  if (member.close_at) return;
  if (!text.empty()) tell(member, text);
  part(member);
  member.close_at = now + config_.close_delay;
  member.close_why = std::move(why);
}

std::vector<HostAction> ChatRoomHost::on_tick(Millis now) {
  for (auto it = members_.begin(); it != members_.end();) {
    Member& member = it->second;
    if (member.close_at && now >= *member.close_at) {
      close(member.conn, member.close_why);
      it = members_.erase(it);
      continue;
    }
    if (!member.joined && !member.close_at && now >= member.since + config_.login_timeout) {
      close(member.conn, "no join request within the login timeout");
      it = members_.erase(it);
      continue;
    }
    if (member.joined && now >= member.next_keep_alive) {
      send(member, frame_of(p::ChatKeepAlive{p::Bytes{0x00}}));
      member.next_keep_alive = now + config_.keep_alive_interval;
    }
    ++it;
  }
  return take();
}

std::vector<HostAction> ChatRoomHost::on_frame(ConnId conn, const p::Frame& frame, Millis now) {
  auto it = members_.find(conn);
  if (it == members_.end() || it->second.close_at) return take();
  auto message = p::decode_chat_client_message(frame.type, frame.payload);
  if (!message) return take();  // unknown or undecodable: skipped, the user stays (§7.10)
  on_client_message(it->second, *message, now);
  return take();
}

void ChatRoomHost::on_client_message(Member& member, p::ChatClientMessage& message, Millis now) {
  std::visit(
      [&](auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, p::ChatHello353>) {
          if (!member.joined) member.version = ClientVersion::V353;
        } else if constexpr (std::is_same_v<M, p::ChatJoin>) {
          if (!member.joined) on_join(member, std::move(m), now);
        } else if constexpr (std::is_same_v<M, p::ChatDetails>) {
          if (member.joined) on_details(member, m, now);
        } else if constexpr (std::is_same_v<M, p::ChatSay> || std::is_same_v<M, p::ChatSayLegacy>) {
          if (member.joined) on_text(member, std::move(m.text), false, true, now);
        } else if constexpr (std::is_same_v<M, p::ChatEmoteLegacy>) {
          if (member.joined) on_text(member, std::move(m.text), true, false, now);
        }
        // 0x13EE, 0x9905, 0xFDE8, 0x9901: accepted and not needed.
      },
      message);
}

std::optional<std::string> ChatRoomHost::refusal(const Member& member, const p::ChatJoin& join) {
  if (!valid_room_user_name(join.name)) return "Login rejected. Username invalid.";
  const std::string key = user_key(join.name);
  if (mediator_.is_banned(key, member.ip)) return "You have been banned.";
  if (by_key_.count(key) != 0) return "Login rejected. Username taken.";
  if (by_key_.size() >= config_.user_limit) return "Server is at capacity. Please try again later.";
  return std::nullopt;
}

void ChatRoomHost::on_join(Member& member, p::ChatJoin join, Millis now) {
  // §5.3: 0x0066 comes first even for a refusal, then the reason, then the close.
  send(member, frame_of(p::ChatJoined{p::Bytes{p::ChatFlagByte}}));
  if (auto why = refusal(member, join)) return remove_later(member, *why, "join refused: " + *why, now);
  member.user =
      p::ChatUser{std::move(join.name), join.node_ip, join.node_port, join.line_type, join.files, p::ChatRank::Normal};
  member.key = user_key(member.user.name);
  send_burst(member);
  member.joined = true;
  member.next_keep_alive = now + config_.keep_alive_interval;
  by_key_.emplace(member.key, member.conn);
  broadcast([&](ClientVersion v) { return user_joined_frame(member.user, v); });
}

void ChatRoomHost::send_burst(Member& member) {
  if (member.version == ClientVersion::V353) {
    send(member, frame_of(p::ChatServerSpeaks353{p::Bytes{p::ChatFlagByte}}));
    send(member, frame_of(p::ChatColourFormat{std::string(ColourSyntax)}));
    send(member, frame_of(p::ChatSoftware{config_.software, config_.version}));
  }
  if (!config_.topic.empty()) send(member, frame_of(p::ChatTopic{config_.topic}));
  for (const auto& [conn, other] : members_)
    if (other.joined) send(member, user_listed_frame(other.user, member.version));
  for (const auto& line : config_.motd) tell(member, p::expand_colour_codes(line));
}

bool ChatRoomHost::admit_line(Member& member, std::size_t bytes, Millis now) {
  if (member.flood.admit(bytes, now)) return true;
  if (!member.last_flood_notice || now >= *member.last_flood_notice + config_.flood_notice_gap) {
    member.last_flood_notice = now;
    tell(member, "You are sending too fast: your line was not delivered (at most " +
                     std::to_string(config_.flood.lines_per_second) + " lines and " +
                     std::to_string(config_.flood.bytes_per_second) + " bytes per second).");
  }
  return false;
}

void ChatRoomHost::on_text(Member& member, std::string text, bool action, bool commands_allowed, Millis now) {
  if (text.empty() || !admit_line(member, text.size(), now)) return;
  if (contains_rtf(text)) return tell(member, "RTF text is not relayed.");
  if (commands_allowed) {
    if (const auto rest = action_text(text)) return relay(member, *rest, true);
    if (text.front() == '/') return on_command(member, text, now);
  }
  relay(member, text, action);
}

void ChatRoomHost::relay(const Member& from, std::string_view text, bool action) {
  // Name, text, two NULs and a rank byte within one frame (§4).
  const std::size_t room = p::ChatMaxSendPayload - from.user.name.size() - 3;
  const std::string line = clean_line(text, room);
  if (line.empty()) return;
  if (action) return broadcast([&](ClientVersion) { return action_line_frame(from.user, line); });
  broadcast([&](ClientVersion v) { return chat_line_frame(from.user, line, v); });
}

void ChatRoomHost::on_details(Member& member, const p::ChatDetails& details, Millis now) {
  if (!admit_line(member, details.name.size(), now)) return;
  const p::ChatUserLeft old_address{member.user.name, member.user.node_ip, member.user.node_port};
  if (details.name != member.user.name) {
    if (!valid_room_user_name(details.name)) return tell(member, "Rename refused: that name is not valid here.");
    const std::string key = user_key(details.name);
    auto taken = by_key_.find(key);
    if (taken != by_key_.end() && taken->second != member.conn)
      return tell(member, "Rename refused: that name is taken.");
    // The name only: a member sharing a banned address was let in before the ban.
    if (mediator_.is_banned(key, p::Ip4{})) return tell(member, "Rename refused: that name is banned.");
    by_key_.erase(member.key);
    member.key = key;
    by_key_.emplace(key, member.conn);
  }
  member.user.name = details.name;
  member.user.line_type = details.line_type;
  member.user.node_ip = details.node_ip;
  member.user.node_port = details.node_port;
  member.user.files = details.files;
  announce_details(old_address, member);
}

void ChatRoomHost::announce_details(const p::ChatUserLeft& old_address, const Member& member) {
  broadcast([&](ClientVersion v) { return user_renamed_frame(old_address, member.user, v); });
}

std::vector<p::ChatUser> ChatRoomHost::users() const {
  std::vector<p::ChatUser> list;
  for (const auto& [conn, member] : members_)
    if (member.joined) list.push_back(member.user);
  return list;
}

}  // namespace wpn::chat
