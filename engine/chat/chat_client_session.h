#pragma once
// One client's connection to a chat room (chat.md §5-§7, §10), as an events-in /
// actions-out object. The socket adapter calls start() once the 0x57/0x58 key
// blocks are exchanged, feeds every decoded frame, a periodic tick and the close
// of the socket, and after each call drains take_frames() (to send, in order),
// take_events() (for the owner) and close_reason() (close the socket).
//
// It sends 0x13ED (unless configured as 3.31), 0x13EE after a redirect, then
// 0x0064; reads the burst until it sees its own join; keeps the user list;
// turns text into history lines; sends text as 0x1450 once the host announced
// 3.53 (0x0068) and as 0x00C8/0x00CA otherwise; pings with 0xFDE8. A frame
// that does not decode is skipped, never a reason to leave.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "chat/chat_history.h"
#include "chat/chat_types.h"
#include "protocol/codecs/chat_message.h"
#include "protocol/frame.h"

namespace wpn::chat {

struct ChatClientConfig {
  std::string room;  // the listed name with its "_IIIIIIIIPPPP" suffix, sent in 0x0064
  std::string name;  // our full WPN name "base###_NNNNN"
  protocol::LineType line_type = protocol::LineType::Dsl;
  protocol::Ip4 node_ip{};  // our primary (zeros without one)
  std::uint16_t node_port = 0;
  std::uint32_t files = 0;
  bool speak_353 = true;
  std::optional<std::string> redirected_from;  // set when joining because of 0x0190
  Millis join_timeout = 15000;                 // no 0x0066 by then: give up
  Millis burst_timeout = 10000;                // 0x0066 but our own join never seen: in the room anyway
  Millis keep_alive_interval = 45000;
  Millis last_words_window = 10000;  // server text this recent explains a close
  std::size_t history_limit = 500;
  std::size_t max_users = 10000;
};

// Why a session ended; the owner reconnects only after ClosedByHost and NetworkError.
enum class ChatEndReason {
  Left,          // we left
  Rejected,      // 0x0066 then a close before our join: bad or taken name, full room
  Kicked,        // the host closed us out after a line saying so
  Banned,        // ditto, the line says banned
  Redirected,    // 0x0190: join the named room instead
  ClosedByHost,  // an orderly close with no explanation (a kick or the host stopping)
  NetworkError,  // the connection failed
  TimedOut,      // no answer to the join
};
std::string_view end_reason_name(ChatEndReason reason) noexcept;
// False after a kick, a ban, a rejection or our own leaving.
bool should_reconnect(ChatEndReason reason) noexcept;

struct ChatEnd {
  ChatEndReason reason = ChatEndReason::NetworkError;
  std::string text;  // the host's last words, or the redirect target
};

struct RoomJoined {
  std::size_t users = 0;
};
struct UserAdded {
  protocol::ChatUser user;
  bool listed = false;  // part of the join burst rather than a newcomer
};
struct UserRemoved {
  std::string name;
};
struct UserChanged {
  std::string old_name;
  protocol::ChatUser user;
};
struct LineAdded {
  HistoryLine line;
};
struct TopicChanged {
  std::string topic;
};
struct RoomRenamed {
  std::string base_name;
};
struct SessionEnded {
  ChatEnd end;
};
using ChatClientEvent =
    std::variant<RoomJoined, UserAdded, UserRemoved, UserChanged, LineAdded, TopicChanged, RoomRenamed, SessionEnded>;

class ChatClientSession {
 public:
  explicit ChatClientSession(ChatClientConfig config);

  enum class State { Idle, AwaitingJoined, InBurst, InRoom, Closed };

  void start(Millis now);
  void on_frame(const protocol::Frame& frame, Millis now);
  void on_tick(Millis now);
  // The socket closed: orderly = the host shut it down (end of stream), not an error.
  void on_closed(bool orderly, Millis now);

  // Outgoing text; false unless in the room or when nothing is left to send.
  bool say(std::string_view text, Millis now);
  bool act(std::string_view text, Millis now);
  // Rename or new details (0x0065); the host answers with a rename record.
  bool change_details(std::string_view name, std::uint32_t files, Millis now);
  // The same with a new node handle (our secondary moved to another primary).
  bool change_details(std::string_view name, protocol::Ip4 node_ip, std::uint16_t node_port, std::uint32_t files,
                      Millis now);
  void leave(Millis now);

  std::vector<protocol::Frame> take_frames() { return std::exchange(frames_, {}); }
  std::vector<ChatClientEvent> take_events() { return std::exchange(events_, {}); }
  const std::optional<std::string>& close_reason() const noexcept { return close_reason_; }

  State state() const noexcept { return state_; }
  const std::optional<ChatEnd>& end() const noexcept { return end_; }
  bool host_speaks_353() const noexcept { return host_353_; }
  const std::string& topic() const noexcept { return topic_; }
  const std::string& name() const noexcept { return config_.name; }
  const std::vector<protocol::ChatUser>& users() const noexcept { return users_; }
  const ChatHistory& history() const noexcept { return history_; }
  const protocol::ChatSoftware& host_software() const noexcept { return host_software_; }
  const ChatClientConfig& config() const noexcept { return config_; }

 private:
  template <class M>
  void send(const M& message, Millis now);
  void dispatch(protocol::ChatServerMessage& message, Millis now);
  void on_joined(Millis now);
  void enter_room(Millis now);
  void add_user(protocol::ChatUser user, bool joined, Millis now);
  void remove_user(const std::string& name, Millis now);
  void rename_user(const std::string& old_name, protocol::ChatUser user, Millis now);
  void add_line(LineKind kind, std::string name, std::string text, Millis now);
  void server_text(LineKind kind, std::string text, Millis now);
  void on_redirect(std::string room, Millis now);
  void finish(ChatEndReason reason, std::string text, std::optional<std::string> close);
  ChatEnd classify_close(bool orderly, Millis now) const;
  bool send_text(std::string_view text, bool action, Millis now);

  ChatClientConfig config_;
  State state_ = State::Idle;
  bool host_353_ = false;
  Millis deadline_ = 0;  // join or burst deadline
  Millis last_sent_ = 0;
  std::string topic_;
  std::string last_server_text_;
  Millis last_server_text_at_ = 0;
  protocol::ChatSoftware host_software_;
  std::vector<protocol::ChatUser> users_;
  ChatHistory history_;
  std::vector<protocol::Frame> frames_;
  std::vector<ChatClientEvent> events_;
  std::optional<std::string> close_reason_;
  std::optional<ChatEnd> end_;
};

}  // namespace wpn::chat
