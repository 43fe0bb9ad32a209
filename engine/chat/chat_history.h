#pragma once
// The recent lines of one room, kept in memory so an owner that attaches later
// sees them (issue: "last 500 lines"). Each line gets the next sequence number;
// the oldest line goes when the limit is reached. Texts keep their colour
// escapes (chat_colours.h turns them into plain text or spans).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "chat/chat_types.h"

namespace wpn::chat {

enum class LineKind {
  Chat,         // 0x00C9: name says text
  Action,       // 0x00CB with a name: name does text
  Server,       // 0x00D2, or 0x00CB with an empty name
  CommandEcho,  // 0x00D3
  Motd,         // 0x0078
  Topic,        // 0x012C: the topic is now text
  Joined,       // a user joined (name)
  Left,         // a user left (name)
  Renamed,      // name is now text
  Notice,       // something this side says about the room (redirect, room rename, end)
};
std::string_view line_kind_name(LineKind kind) noexcept;  // "chat", "action", ...

struct HistoryLine {
  std::uint64_t seq = 0;
  Millis at = 0;
  LineKind kind = LineKind::Chat;
  std::string name;
  std::string text;
};

class ChatHistory {
 public:
  explicit ChatHistory(std::size_t limit = 500) : limit_(limit > 0 ? limit : 1) {}

  const HistoryLine& add(LineKind kind, std::string name, std::string text, Millis at);
  const std::deque<HistoryLine>& lines() const noexcept { return lines_; }
  // Lines with a sequence number above `seq`, oldest first.
  std::vector<HistoryLine> since(std::uint64_t seq) const;
  std::uint64_t last_seq() const noexcept { return next_seq_ - 1; }

 private:
  std::size_t limit_;
  std::uint64_t next_seq_ = 1;
  std::deque<HistoryLine> lines_;
};

}  // namespace wpn::chat
