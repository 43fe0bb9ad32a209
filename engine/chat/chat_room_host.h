#pragma once
// One hosted chat room (chat.md §5.2, §6, §7, §10 "Server") as an events-in /
// actions-out object. The socket adapter does the 0x31 / 0x57 / 0x58 handshake,
// reports accepted connections, decoded frames, closes and clock ticks, and
// carries out the SendFrame / CloseConnection values it gets back.
//
// It accepts 3.31 and 3.53 clients and answers each in its own message set
// (§6.3); checks names, uniqueness, bans and capacity at the join; relays text
// and actions to every member including the sender; limits each user's lines
// and bytes per second; and lets the owner and operators (in-room commands,
// §8) kick, ban, set the topic and the MOTD. A rejected or removed user gets a
// line saying why and is closed shortly after, so the line arrives first.
// Bans live with the owner, behind ChatRoomMediator, so they can outlast the room.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chat/chat_types.h"
#include "chat/flood_gate.h"
#include "chat/room_frames.h"
#include "protocol/codecs/chat_message.h"
#include "protocol/frame.h"

namespace wpn::chat {

struct ChatRoomConfig {
  std::string name = "OpenWPN Room";  // base name, without the address suffix
  std::string topic;
  std::vector<std::string> motd;  // lines; "#cN#" colour codes are expanded
  std::size_t user_limit = 100;
  std::size_t pending_limit = 32;                // connections not yet joined, beyond the members
  std::optional<std::string> operator_password;  // "/login <password>" makes an operator
  std::string software = "OpenWPN";
  std::string version = "0.1";
  FloodLimits flood;
  Millis login_timeout = 10000;  // nuggit drops a connection without 0x0064 after 10 s
  Millis close_delay = 2000;     // between the line explaining a removal and the close
  Millis keep_alive_interval = 60000;
  Millis flood_notice_gap = 5000;  // at most one flood notice per user per gap
};

struct ChatBan {
  std::string user_key;  // user_key(name): the name without "###_NNNNN"
  std::string name;      // as it was in the room, for listings
  protocol::Ip4 ip{};
  Millis duration = 0;  // 0 = until lifted
  std::string by;
};

// What the room needs from its owner: the ban list, which the owner persists
// and expires on its own clock. A ban holds the banned member's IP as well as the
// key, and is_banned matches either (an IP of 0.0.0.0 matches by key only).
class ChatRoomMediator {
 public:
  virtual ~ChatRoomMediator() = default;
  virtual bool is_banned(std::string_view user_key, const protocol::Ip4& ip) = 0;
  virtual void add_ban(const ChatBan& ban) = 0;
  virtual bool remove_ban(std::string_view user_key) = 0;
};

class ChatRoomHost {
 public:
  ChatRoomHost(ChatRoomConfig config, ChatRoomMediator& mediator);

  std::vector<HostAction> on_accepted(ConnId conn, const protocol::Ip4& peer_ip, Millis now);
  std::vector<HostAction> on_frame(ConnId conn, const protocol::Frame& frame, Millis now);
  std::vector<HostAction> on_closed(ConnId conn, Millis now);
  // Login timeouts, delayed closes, keep-alives.
  std::vector<HostAction> on_tick(Millis now);

  // Owner operations (IPC). `by` is the name shown to the room.
  std::vector<HostAction> kick(std::string_view who, std::string_view by, Millis now);
  std::vector<HostAction> ban(std::string_view who, Millis duration, std::string_view by, Millis now);
  bool unban(std::string_view who);
  std::vector<HostAction> set_topic(std::string_view topic, Millis now);
  void set_motd(std::vector<std::string> lines);
  std::vector<HostAction> notice(std::string_view text, Millis now);

  std::vector<protocol::ChatUser> users() const;
  std::size_t user_count() const noexcept { return by_key_.size(); }
  std::size_t connections() const noexcept { return members_.size(); }
  const std::string& topic() const noexcept { return config_.topic; }
  const ChatRoomConfig& config() const noexcept { return config_; }

 private:
  struct Member {
    Member(ConnId id, const protocol::Ip4& address, Millis now, const FloodLimits& limits)
        : conn(id), ip(address), since(now), flood(limits, now) {}

    ConnId conn = 0;
    protocol::Ip4 ip{};
    Millis since = 0;
    ClientVersion version = ClientVersion::V331;
    bool joined = false;
    std::optional<Millis> close_at;  // removed: closed at this time
    std::string close_why;
    protocol::ChatUser user;
    std::string key;
    FloodGate flood;
    std::optional<Millis> last_flood_notice;
    Millis next_keep_alive = 0;
  };

  std::vector<HostAction> take() { return std::exchange(actions_, {}); }
  void send(const Member& to, protocol::Frame frame);
  void broadcast(const std::function<protocol::Frame(ClientVersion)>& make);
  void close(ConnId conn, std::string reason);
  void tell(const Member& to, std::string_view text);
  void remove_later(Member& member, std::string_view text, std::string why, Millis now);
  void part(Member& member);

  void on_client_message(Member& member, protocol::ChatClientMessage& message, Millis now);
  void on_join(Member& member, protocol::ChatJoin join, Millis now);
  std::optional<std::string> refusal(const Member& member, const protocol::ChatJoin& join);
  void send_burst(Member& member);
  void on_details(Member& member, const protocol::ChatDetails& details, Millis now);
  void on_text(Member& member, std::string text, bool action, bool commands_allowed, Millis now);
  bool admit_line(Member& member, std::size_t bytes, Millis now);
  void relay(const Member& from, std::string_view text, bool action);

  // chat_room_commands.cpp
  void on_command(Member& member, std::string_view line, Millis now);
  void command_login(Member& member, std::string_view password);
  void do_kick(Member& victim, std::string_view by, Millis now);
  void do_ban(std::string_view who, Member* victim, Millis duration, std::string_view by, Millis now);
  void do_set_topic(std::string_view topic);
  void announce_details(const protocol::ChatUserLeft& old_address, const Member& member);
  Member* find_member(std::string_view who);

  ChatRoomConfig config_;
  ChatRoomMediator& mediator_;
  std::map<ConnId, Member> members_;                // connection order = join order for the list
  std::unordered_map<std::string, ConnId> by_key_;  // joined members only
  std::vector<HostAction> actions_;
};

}  // namespace wpn::chat
