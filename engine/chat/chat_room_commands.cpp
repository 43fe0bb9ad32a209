// In-room commands (chat.md §8) and the owner's operations on a hosted room.
#include <charconv>

#include "chat/chat_names.h"
#include "chat/chat_room_host.h"
#include "protocol/codecs/chat_colours.h"

namespace wpn::chat {

namespace p = protocol;

namespace {

constexpr Millis MinuteMs = 60'000;

// "/kick bob" -> {"kick", "bob"}; the argument keeps its inner spaces.
std::pair<std::string_view, std::string_view> split_command(std::string_view line) {
  line.remove_prefix(1);
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return {line, {}};
  std::string_view arg = line.substr(space + 1);
  while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
  return {line.substr(0, space), arg};
}

// "bob 30" -> {"bob", 30 minutes}; no number = until lifted.
std::pair<std::string_view, Millis> split_ban_argument(std::string_view arg) {
  const std::size_t space = arg.rfind(' ');
  if (space == std::string_view::npos) return {arg, 0};
  const std::string_view number = arg.substr(space + 1);
  unsigned minutes = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), minutes);
  if (error != std::errc() || end != number.data() + number.size()) return {arg, 0};
  return {arg.substr(0, space), Millis{minutes} * MinuteMs};
}

// The ban and lookup key of what someone typed: a full name, or a name without "###_NNNNN".
std::string key_for(std::string_view who) {
  return valid_room_user_name(who) ? user_key(who) : user_key(std::string(who) + "000_00000");
}

bool operator_only(std::string_view command) {
  for (const std::string_view c : {"kick", "ban", "kickban", "unban", "topic", "setmotd"})
    if (command == c) return true;
  return false;
}

}  // namespace

ChatRoomHost::Member* ChatRoomHost::find_member(std::string_view who) {
  if (who.empty()) return nullptr;
  // A full name, or the name without "###_NNNNN" (what users see in some clients).
  for (auto& [conn, member] : members_)
    if (member.joined && member.user.name == who) return &member;
  auto it = by_key_.find(key_for(who));
  return it == by_key_.end() ? nullptr : &members_.at(it->second);
}

void ChatRoomHost::on_command(Member& member, std::string_view line, Millis now) {
  const auto [command, arg] = split_command(line);
  if (command == "login") return command_login(member, arg);
  if (operator_only(command) && member.user.rank != p::ChatRank::Operator)
    return tell(member, "You are not an operator of this room.");
  if (command == "topic") return do_set_topic(arg);
  if (command == "setmotd") {
    set_motd({clean_line(arg, p::ChatMaxSendPayload - 2)});
    return tell(member, "MOTD set.");
  }
  if (command == "unban") return tell(member, unban(arg) ? "Ban lifted." : "No such ban.");
  if (command == "kick" || command == "ban" || command == "kickban") {
    const auto [who, duration] = command == "kick" ? std::pair{arg, Millis{0}} : split_ban_argument(arg);
    Member* victim = find_member(who);
    if (command == "kick") return victim ? do_kick(*victim, member.user.name, now) : tell(member, "No such user.");
    if (!victim) return tell(member, "No such user.");
    return do_ban(victim->user.name, victim, duration, member.user.name, now);
  }
  tell(member, "Unknown command: /" + std::string(command.substr(0, 32)));
}

void ChatRoomHost::command_login(Member& member, std::string_view password) {
  if (!config_.operator_password || password != *config_.operator_password) return tell(member, "Login failed.");
  if (member.user.rank == p::ChatRank::Operator) return tell(member, "You are already an operator.");
  member.user.rank = p::ChatRank::Operator;
  tell(member, "You are now an operator of this room.");
  // §6.1: a rename record with equal names announces the new rank.
  announce_details(p::ChatUserLeft{member.user.name, member.user.node_ip, member.user.node_port}, member);
}

void ChatRoomHost::do_kick(Member& victim, std::string_view by, Millis now) {
  const std::string name = victim.user.name;
  remove_later(victim, "You have been kicked from the room by " + std::string(by) + ".", "kicked by " + std::string(by),
               now);
  broadcast([&](ClientVersion v) { return server_text_frame(name + " was kicked by " + std::string(by) + ".", v); });
}

void ChatRoomHost::do_ban(std::string_view who, Member* victim, Millis duration, std::string_view by, Millis now) {
  ChatBan ban{key_for(who), std::string(who), victim ? victim->ip : p::Ip4{}, duration, std::string(by)};
  mediator_.add_ban(ban);
  const std::string length = duration == 0 ? std::string() : " for " + std::to_string(duration / MinuteMs) + " minutes";
  if (victim) {
    remove_later(*victim, "You have been banned from the room by " + std::string(by) + length + ".",
                 "banned by " + std::string(by), now);
  }
  broadcast([&](ClientVersion v) {
    return server_text_frame(std::string(who) + " was banned by " + std::string(by) + length + ".", v);
  });
}

void ChatRoomHost::do_set_topic(std::string_view topic) {
  config_.topic = room_topic(topic);
  const p::Frame frame = frame_of(p::ChatTopic{config_.topic});
  broadcast([&](ClientVersion) { return frame; });
}

std::vector<HostAction> ChatRoomHost::kick(std::string_view who, std::string_view by, Millis now) {
  if (Member* victim = find_member(who)) do_kick(*victim, by, now);
  return take();
}

std::vector<HostAction> ChatRoomHost::ban(std::string_view who, Millis duration, std::string_view by, Millis now) {
  Member* victim = find_member(who);
  do_ban(victim ? std::string_view(victim->user.name) : who, victim, duration, by, now);
  return take();
}

bool ChatRoomHost::unban(std::string_view who) { return mediator_.remove_ban(key_for(who)); }

std::vector<HostAction> ChatRoomHost::set_topic(std::string_view topic, Millis) {
  do_set_topic(topic);
  return take();
}

void ChatRoomHost::set_motd(std::vector<std::string> lines) { config_.motd = std::move(lines); }

std::vector<HostAction> ChatRoomHost::notice(std::string_view text, Millis) {
  const std::string line = clean_line(p::expand_colour_codes(text), p::ChatMaxSendPayload - 1);
  broadcast([&](ClientVersion v) { return server_text_frame(line, v); });
  return take();
}

}  // namespace wpn::chat
