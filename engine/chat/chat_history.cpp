#include "chat/chat_history.h"

#include <algorithm>
#include <utility>

namespace wpn::chat {

std::string_view line_kind_name(LineKind kind) noexcept {
  switch (kind) {
    case LineKind::Chat:
      return "chat";
    case LineKind::Action:
      return "action";
    case LineKind::Server:
      return "server";
    case LineKind::CommandEcho:
      return "command_echo";
    case LineKind::Motd:
      return "motd";
    case LineKind::Topic:
      return "topic";
    case LineKind::Joined:
      return "joined";
    case LineKind::Left:
      return "left";
    case LineKind::Renamed:
      return "renamed";
    case LineKind::Notice:
      return "notice";
  }
  return "";
}

const HistoryLine& ChatHistory::add(LineKind kind, std::string name, std::string text, Millis at) {
  if (lines_.size() >= limit_) lines_.pop_front();
  lines_.push_back(HistoryLine{next_seq_++, at, kind, std::move(name), std::move(text)});
  return lines_.back();
}

std::vector<HistoryLine> ChatHistory::since(std::uint64_t seq) const {
  const auto first = std::find_if(lines_.begin(), lines_.end(), [&](const HistoryLine& l) { return l.seq > seq; });
  return {first, lines_.end()};
}

}  // namespace wpn::chat
