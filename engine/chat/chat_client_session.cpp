#include "chat/chat_client_session.h"

#include <algorithm>
#include <type_traits>

#include "chat/chat_names.h"

namespace wpn::chat {

namespace p = protocol;

namespace {

bool mentions(std::string_view text, std::string_view word) {
  const auto it = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
    const char lower = (a >= 'A' && a <= 'Z') ? static_cast<char>(a - 'A' + 'a') : a;
    return lower == b;
  });
  return it != text.end();
}

// A record message's user and whether it announces a newcomer (as opposed to a list entry).
template <class M>
constexpr bool is_join_record = std::is_same_v<M, p::ChatUserJoinedLegacy> || std::is_same_v<M, p::ChatUserJoined> ||
                                std::is_same_v<M, p::ChatUserJoinedWithIp>;
template <class M>
constexpr bool is_list_record = std::is_same_v<M, p::ChatUserListedLegacy> || std::is_same_v<M, p::ChatUserListed>;
template <class M>
constexpr bool is_rename_record = std::is_same_v<M, p::ChatUserRenamedLegacy> || std::is_same_v<M, p::ChatUserRenamed>;

}  // namespace

std::string_view end_reason_name(ChatEndReason reason) noexcept {
  switch (reason) {
    case ChatEndReason::Left:
      return "left";
    case ChatEndReason::Rejected:
      return "rejected";
    case ChatEndReason::Kicked:
      return "kicked";
    case ChatEndReason::Banned:
      return "banned";
    case ChatEndReason::Redirected:
      return "redirected";
    case ChatEndReason::ClosedByHost:
      return "closed_by_host";
    case ChatEndReason::NetworkError:
      return "network_error";
    case ChatEndReason::TimedOut:
      return "timed_out";
  }
  return "";
}

bool should_reconnect(ChatEndReason reason) noexcept {
  return reason == ChatEndReason::ClosedByHost || reason == ChatEndReason::NetworkError ||
         reason == ChatEndReason::TimedOut;
}

ChatClientSession::ChatClientSession(ChatClientConfig config)
    : config_(std::move(config)), history_(config_.history_limit) {}

template <class M>
void ChatClientSession::send(const M& message, Millis now) {
  p::Frame frame;
  frame.type = M::Type;
  p::encode(message, frame.payload);
  frames_.push_back(std::move(frame));
  last_sent_ = now;
}

void ChatClientSession::start(Millis now) {
  if (state_ != State::Idle) return;
  state_ = State::AwaitingJoined;
  deadline_ = now + config_.join_timeout;
  if (config_.speak_353) send(p::ChatHello353{p::Bytes{p::ChatFlagByte}}, now);
  if (config_.redirected_from) send(p::ChatRedirectedFrom{*config_.redirected_from}, now);
  send(p::ChatJoin{config_.room, config_.line_type, config_.node_ip, config_.node_port, config_.files, config_.name},
       now);
}

void ChatClientSession::on_frame(const p::Frame& frame, Millis now) {
  if (state_ == State::Idle || state_ == State::Closed) return;
  auto message = p::decode_chat_server_message(frame.type, frame.payload);
  if (!message) return;  // unknown or undecodable: skipped (§7.10)
  dispatch(*message, now);
}

void ChatClientSession::dispatch(p::ChatServerMessage& message, Millis now) {
  std::visit(
      [&](auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, p::ChatJoined>) {
          on_joined(now);
        } else if constexpr (std::is_same_v<M, p::ChatServerSpeaks353>) {
          host_353_ = true;
        } else if constexpr (std::is_same_v<M, p::ChatSoftware>) {
          host_software_ = std::move(m);
        } else if constexpr (is_join_record<M>) {
          const bool self = m.user.name == config_.name;
          add_user(std::move(m.user), true, now);
          if (self && state_ != State::InRoom) enter_room(now);
        } else if constexpr (is_list_record<M>) {
          add_user(std::move(m.user), state_ == State::InRoom, now);  // after login: nuggit's fancy entry (§6.2)
        } else if constexpr (std::is_same_v<M, p::ChatUserLeft>) {
          remove_user(m.name, now);
        } else if constexpr (is_rename_record<M>) {
          rename_user(m.old_name, std::move(m.user), now);
        } else if constexpr (std::is_same_v<M, p::ChatLine>) {
          add_line(LineKind::Chat, std::move(m.name), std::move(m.text), now);
        } else if constexpr (std::is_same_v<M, p::ChatActionLine>) {
          if (m.name.empty()) return server_text(LineKind::Server, std::move(m.text), now);
          add_line(LineKind::Action, std::move(m.name), std::move(m.text), now);
        } else if constexpr (std::is_same_v<M, p::ChatServerLine>) {
          server_text(LineKind::Server, std::move(m.text), now);
        } else if constexpr (std::is_same_v<M, p::ChatCommandEcho>) {
          server_text(LineKind::CommandEcho, std::move(m.text), now);
        } else if constexpr (std::is_same_v<M, p::ChatMotd>) {
          add_line(LineKind::Motd, {}, std::move(m.text), now);
        } else if constexpr (std::is_same_v<M, p::ChatTopic>) {
          topic_ = m.text;
          events_.push_back(TopicChanged{m.text});
          add_line(LineKind::Topic, {}, std::move(m.text), now);
        } else if constexpr (std::is_same_v<M, p::ChatRoomRenamed>) {
          events_.push_back(RoomRenamed{m.text});
          add_line(LineKind::Notice, {}, "room renamed to " + m.text, now);
        } else if constexpr (std::is_same_v<M, p::ChatRedirect>) {
          on_redirect(std::move(m.text), now);
        }
        // 0x9904, 0xFDE8, 0x9900: nothing to do (§7.9, §7.10).
      },
      message);
}

void ChatClientSession::on_joined(Millis now) {
  if (state_ != State::AwaitingJoined) return;
  state_ = State::InBurst;
  deadline_ = now + config_.burst_timeout;
}

void ChatClientSession::enter_room(Millis) {
  state_ = State::InRoom;
  events_.emplace_back(std::in_place_type<RoomJoined>, RoomJoined{users_.size()});
}

void ChatClientSession::add_user(p::ChatUser user, bool joined, Millis now) {
  auto it = std::find_if(users_.begin(), users_.end(), [&](const p::ChatUser& u) { return u.name == user.name; });
  if (it != users_.end()) {
    *it = user;
    events_.push_back(UserChanged{user.name, std::move(user)});
    return;
  }
  if (users_.size() >= config_.max_users) return;
  users_.push_back(user);
  if (joined) add_line(LineKind::Joined, user.name, {}, now);
  events_.push_back(UserAdded{std::move(user), !joined});
}

void ChatClientSession::remove_user(const std::string& name, Millis now) {
  auto it = std::find_if(users_.begin(), users_.end(), [&](const p::ChatUser& u) { return u.name == name; });
  if (it == users_.end()) return;
  users_.erase(it);
  add_line(LineKind::Left, name, {}, now);
  events_.push_back(UserRemoved{name});
}

void ChatClientSession::rename_user(const std::string& old_name, p::ChatUser user, Millis now) {
  auto it = std::find_if(users_.begin(), users_.end(), [&](const p::ChatUser& u) { return u.name == old_name; });
  if (it == users_.end()) return add_user(std::move(user), false, now);
  if (old_name == config_.name) config_.name = user.name;
  if (old_name != user.name) add_line(LineKind::Renamed, old_name, user.name, now);
  *it = user;
  events_.push_back(UserChanged{old_name, std::move(user)});
}

void ChatClientSession::add_line(LineKind kind, std::string name, std::string text, Millis now) {
  events_.push_back(LineAdded{history_.add(kind, std::move(name), std::move(text), now)});
}

void ChatClientSession::server_text(LineKind kind, std::string text, Millis now) {
  last_server_text_ = text;
  last_server_text_at_ = now;
  add_line(kind, {}, std::move(text), now);
}

void ChatClientSession::on_redirect(std::string room, Millis now) {
  if (config_.redirected_from) {
    // Followed once already: a second redirect is only shown (no redirect loops).
    return add_line(LineKind::Notice, {}, "redirect to " + room + " not followed", now);
  }
  add_line(LineKind::Notice, {}, "redirected to " + room, now);
  finish(ChatEndReason::Redirected, std::move(room), "redirected");
}

void ChatClientSession::on_tick(Millis now) {
  if (state_ == State::AwaitingJoined && now >= deadline_)
    return finish(ChatEndReason::TimedOut, {}, "no answer to the join");
  if (state_ == State::InBurst && now >= deadline_) enter_room(now);
  if ((state_ == State::InBurst || state_ == State::InRoom) && now >= last_sent_ + config_.keep_alive_interval)
    send(p::ChatKeepAlive{}, now);
}

ChatEnd ChatClientSession::classify_close(bool orderly, Millis now) const {
  const bool recent = !last_server_text_.empty() && now <= last_server_text_at_ + config_.last_words_window;
  const std::string words = recent ? last_server_text_ : std::string();
  if (state_ == State::AwaitingJoined) return {ChatEndReason::NetworkError, "closed before the join was answered"};
  if (mentions(words, "banned")) return {ChatEndReason::Banned, words};
  if (state_ == State::InBurst) return {ChatEndReason::Rejected, words};
  if (mentions(words, "kicked")) return {ChatEndReason::Kicked, words};
  return {orderly ? ChatEndReason::ClosedByHost : ChatEndReason::NetworkError, words};
}

void ChatClientSession::on_closed(bool orderly, Millis now) {
  if (state_ == State::Closed || state_ == State::Idle) return;
  ChatEnd end = classify_close(orderly, now);
  finish(end.reason, std::move(end.text), std::nullopt);
}

void ChatClientSession::finish(ChatEndReason reason, std::string text, std::optional<std::string> close) {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  end_ = ChatEnd{reason, std::move(text)};
  events_.push_back(SessionEnded{*end_});
  close_reason_ = std::move(close);
}

bool ChatClientSession::send_text(std::string_view text, bool action, Millis now) {
  if (state_ != State::InRoom && state_ != State::InBurst) return false;
  if (contains_rtf(text)) return false;  // WinMX renders RTF (§7.3)
  // 3.53 hosts read /me from 0x1450; the prefix and NUL count against the frame.
  const std::string_view prefix = action && host_353_ ? "/me " : "";
  std::string line = clean_line(text, p::ChatMaxSendPayload - 1 - prefix.size());
  if (line.empty()) return false;
  if (host_353_) {
    send(p::ChatSay{std::string(prefix) + line}, now);
  } else if (action) {
    send(p::ChatEmoteLegacy{std::move(line)}, now);
  } else {
    send(p::ChatSayLegacy{std::move(line)}, now);
  }
  return true;
}

bool ChatClientSession::say(std::string_view text, Millis now) { return send_text(text, false, now); }
bool ChatClientSession::act(std::string_view text, Millis now) { return send_text(text, true, now); }

bool ChatClientSession::change_details(std::string_view name, std::uint32_t files, Millis now) {
  return change_details(name, config_.node_ip, config_.node_port, files, now);
}

bool ChatClientSession::change_details(std::string_view name, p::Ip4 node_ip, std::uint16_t node_port,
                                       std::uint32_t files, Millis now) {
  if (state_ != State::InRoom) return false;
  config_.files = files;
  config_.node_ip = node_ip;
  config_.node_port = node_port;
  send(p::ChatDetails{config_.line_type, node_ip, node_port, files, std::string(name)}, now);
  return true;
}

void ChatClientSession::leave(Millis) { finish(ChatEndReason::Left, {}, "left the room"); }

}  // namespace wpn::chat
