#include "model/chat_tabs.h"

#include "model/chat_text.h"

namespace wpn::tray {

std::optional<std::size_t> ChatTabs::find(ChatTabKind kind, const std::string& id) const {
  for (std::size_t i = 0; i < tabs_.size(); ++i)
    if (tabs_[i].kind == kind && tabs_[i].id == id) return i;
  return std::nullopt;
}

std::size_t ChatTabs::open(ChatTabKind kind, const std::string& id) {
  if (auto index = find(kind, id)) return *index;
  ChatTab tab;
  tab.kind = kind;
  tab.id = id;
  tabs_.push_back(std::move(tab));
  if (!active_) active_ = tabs_.size() - 1;
  return tabs_.size() - 1;
}

void ChatTabs::close(std::size_t index) {
  if (index >= tabs_.size()) return;
  tabs_.erase(tabs_.begin() + static_cast<std::ptrdiff_t>(index));
  if (tabs_.empty()) {
    active_.reset();
  } else if (active_ && *active_ >= index && *active_ > 0) {
    // The tab left of a closed active one becomes active, as browsers do.
    active_ = *active_ - 1;
  }
  if (active_) tabs_[*active_].unread = 0, tabs_[*active_].mentioned = false;
}

bool ChatTabs::add_line(ChatTabKind kind, const std::string& id, ChatLine line) {
  const auto index = open(kind, id);
  auto& tab = tabs_[index];
  if (line.seq != 0) {
    if (line.seq <= tab.last_seq) return false;
    tab.last_seq = line.seq;
  }
  const bool seen = active_ == index || line.own;
  if (!seen) {
    ++tab.unread;
    if (!own_name_.empty() && strip_colours(line.text).find(own_name_) != std::string::npos) tab.mentioned = true;
  }
  tab.lines.push_back(std::move(line));
  while (tab.lines.size() > max_lines_) tab.lines.pop_front();
  return true;
}

void ChatTabs::activate(std::size_t index) {
  if (index >= tabs_.size()) return;
  active_ = index;
  tabs_[index].unread = 0;
  tabs_[index].mentioned = false;
}

std::string ChatTabs::label(std::size_t index) const {
  const auto& tab = tabs_.at(index);
  const std::string& name = tab.title.empty() ? tab.id : tab.title;
  std::string text = tab.kind == ChatTabKind::Room ? "#" + name : name;
  if (tab.unread > 0) text += " (" + std::to_string(tab.unread) + ")";
  if (tab.mentioned) text += " *";
  return text;
}

unsigned ChatTabs::total_unread() const noexcept {
  unsigned total = 0;
  for (const auto& tab : tabs_) total += tab.unread;
  return total;
}

void InputHistory::push(const std::string& sent) {
  if (!sent.empty() && (lines_.empty() || lines_.back() != sent)) lines_.push_back(sent);
  while (lines_.size() > max_) lines_.pop_front();
  at_ = lines_.size();
  draft_.clear();
}

std::optional<std::string> InputHistory::older(const std::string& draft) {
  if (at_ > lines_.size()) at_ = lines_.size();
  if (at_ == lines_.size()) draft_ = draft;
  if (at_ == 0) return std::nullopt;
  return lines_[--at_];
}

std::optional<std::string> InputHistory::newer() {
  if (at_ >= lines_.size()) return std::nullopt;
  ++at_;
  return at_ == lines_.size() ? draft_ : lines_[at_];
}

}  // namespace wpn::tray
