#pragma once
// The chat window's tabs without the window: rooms and private conversations, their lines
// (a bounded history), unread counts and markers, and the input history of the text box.
// Fed by the chat window from rooms.history, the "chat" events and "network.pm".

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "model/chat_text.h"

namespace wpn::tray {

enum class ChatTabKind { Room, Private };

struct ChatLine {
  std::string from;  // "" for notices (joins, topic changes)
  std::string text;  // wire text, colour codes included
  bool action = false;
  bool own = false;
  std::string kind = "chat";  // a RoomLineDto kind: chat, action, joined, left, topic, ...
  std::uint64_t seq = 0;      // the service's line number in its room; 0 = none (private)
  // The service's spans when it sent them: a span back in the default colour has no wire code.
  std::vector<ColouredSpan> spans = {};
};

struct ChatTab {
  ChatTabKind kind = ChatTabKind::Room;
  std::string id;     // room name, or the other user's full name
  std::string title;  // what the label shows instead of the id, when set (a room's base name)
  std::string topic;
  std::deque<ChatLine> lines;
  std::uint64_t last_seq = 0;
  unsigned unread = 0;
  bool mentioned = false;  // an unread line names us
};

class ChatTabs {
 public:
  explicit ChatTabs(std::size_t max_lines = 2000) : max_lines_(max_lines) {}

  // The tab of a room or a user; opened (at the end) when missing. Returns its index.
  std::size_t open(ChatTabKind kind, const std::string& id);
  std::optional<std::size_t> find(ChatTabKind kind, const std::string& id) const;
  void close(std::size_t index);
  // A line for a tab (opened when missing: a private message opens its own tab). Lines of
  // the active tab are read as they come; others count as unread. A numbered line the tab
  // already holds (history and live events overlap) is dropped: false.
  bool add_line(ChatTabKind kind, const std::string& id, ChatLine line);
  void set_topic(std::size_t index, std::string topic) { tabs_.at(index).topic = std::move(topic); }
  void set_title(std::size_t index, std::string title) { tabs_.at(index).title = std::move(title); }
  void activate(std::size_t index);
  // No tab is read (another page, e.g. the room list, is shown): every line counts as unread.
  void deactivate() noexcept { active_.reset(); }
  // The service started again and numbers its lines afresh: no line counts as seen.
  void forget_numbers() noexcept {
    for (auto& tab : tabs_) tab.last_seq = 0;
  }
  // Our own name, to mark lines that mention it.
  void set_own_name(std::string name) { own_name_ = std::move(name); }

  std::size_t size() const noexcept { return tabs_.size(); }
  const ChatTab& tab(std::size_t index) const { return tabs_.at(index); }
  std::optional<std::size_t> active() const noexcept { return active_; }
  // "#room", "user_123", with "(3)" when unread and "*" when mentioned.
  std::string label(std::size_t index) const;
  unsigned total_unread() const noexcept;

 private:
  std::vector<ChatTab> tabs_;
  std::optional<std::size_t> active_;
  std::size_t max_lines_;
  std::string own_name_;
};

// What the text box remembers: Up walks back through sent lines, Down forward to the draft.
class InputHistory {
 public:
  explicit InputHistory(std::size_t max = 100) : max_(max) {}
  void push(const std::string& sent);
  // The older line (Up) from where the walk is; `draft` is what the box held when it began.
  std::optional<std::string> older(const std::string& draft);
  std::optional<std::string> newer();

 private:
  std::deque<std::string> lines_;
  std::size_t max_;
  std::size_t at_ = 0;  // lines_.size() = not walking
  std::string draft_;
};

}  // namespace wpn::tray
