#pragma once
// Helpers of the chat machine tests: frames built with the chat codecs (whose
// bytes are checked against chat.md in tests/unit/protocol), a mediator made of
// a plain map, and filters over the host's actions.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "chat/chat_room_host.h"
#include "chat/chat_types.h"
#include "protocol/codecs/chat_message.h"
#include "protocol/frame.h"

namespace wpn::test {

template <class M>
protocol::Frame chat_frame_of(const M& message) {
  protocol::Frame frame;
  frame.type = M::Type;
  encode(message, frame.payload);
  return frame;
}

inline protocol::ChatJoin join_as(std::string name, std::uint32_t files = 5) {
  return protocol::ChatJoin{"Lobby_0100007F1A2B", protocol::LineType::Dsl, {10, 0, 0, 1}, 6257, files, std::move(name)};
}

// Bans by key or IP, as the owner's store does; expiry on a clock the test moves.
struct MapBans : chat::ChatRoomMediator {
  struct Entry {
    chat::ChatBan ban;
    chat::Millis until = 0;  // 0 = forever
  };
  std::map<std::string, Entry, std::less<>> bans;
  chat::Millis now = 0;

  bool is_banned(std::string_view key, const protocol::Ip4& ip) override {
    for (const auto& [banned_key, entry] : bans) {
      const bool match = banned_key == key || (ip != protocol::Ip4{} && entry.ban.ip == ip);
      if (match && (entry.until == 0 || now < entry.until)) return true;
    }
    return false;
  }
  void add_ban(const chat::ChatBan& ban) override {
    bans[ban.user_key] = Entry{ban, ban.duration == 0 ? 0 : now + ban.duration};
  }
  bool remove_ban(std::string_view key) override {
    auto it = bans.find(key);
    if (it == bans.end()) return false;
    bans.erase(it);
    return true;
  }
};

// What a connection is sent, in order: its own frames and its copy of each broadcast.
inline std::vector<chat::SendFrame> sent_to(const std::vector<chat::HostAction>& actions, chat::ConnId conn) {
  std::vector<chat::SendFrame> out;
  for (const auto& action : actions) {
    if (const auto* send = std::get_if<chat::SendFrame>(&action); send && send->conn == conn) out.push_back(*send);
    if (const auto* many = std::get_if<chat::BroadcastFrame>(&action);
        many && std::find(many->conns.begin(), many->conns.end(), conn) != many->conns.end())
      out.push_back(chat::SendFrame{conn, many->type, many->payload});
  }
  return out;
}

inline std::vector<std::uint16_t> types_sent_to(const std::vector<chat::HostAction>& actions, chat::ConnId conn) {
  std::vector<std::uint16_t> types;
  for (const auto& send : sent_to(actions, conn)) types.push_back(send.type);
  return types;
}

inline bool closes(const std::vector<chat::HostAction>& actions, chat::ConnId conn) {
  return std::any_of(actions.begin(), actions.end(), [&](const chat::HostAction& action) {
    const auto* close = std::get_if<chat::CloseConnection>(&action);
    return close && close->conn == conn;
  });
}

// The texts of the server lines (0x00D2, or 0x00CB with an empty name) sent to a connection.
inline std::vector<std::string> server_texts_to(const std::vector<chat::HostAction>& actions, chat::ConnId conn) {
  std::vector<std::string> texts;
  for (const auto& send : sent_to(actions, conn)) {
    const auto message = protocol::decode_chat_server_message(send.type, send.payload);
    if (!message) continue;
    if (const auto* line = std::get_if<protocol::ChatServerLine>(&*message)) texts.push_back(line->text);
    if (const auto* action = std::get_if<protocol::ChatActionLine>(&*message); action && action->name.empty())
      texts.push_back(action->text);
  }
  return texts;
}

}  // namespace wpn::test
