#include "service/app/log_ring.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>

#include <array>

namespace wpn::service {

namespace {

constexpr std::array<std::string_view, 8> Names{"fatal",  "critical",    "error", "warning",
                                                "notice", "information", "debug", "trace"};

}  // namespace

int log_priority_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < Names.size(); ++i)
    if (Names[i] == name) return static_cast<int>(i) + 1;
  return 0;
}

std::string_view log_priority_name(int priority) noexcept {
  if (priority < 1 || priority > static_cast<int>(Names.size())) return "information";
  return Names[static_cast<std::size_t>(priority - 1)];
}

LogRing::LogRing(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

void LogRing::log(const Poco::Message& message) {
  ipc::LogLineDto line;
  line.time = Poco::DateTimeFormatter::format(message.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ");
  line.level = std::string(log_priority_name(message.getPriority()));
  line.source = message.getSource();
  line.text = message.getText();
  std::function<void(const ipc::LogLineDto&)> listener;
  {
    std::lock_guard lock(mutex_);
    line.seq = next_seq_++;
    if (lines_.size() == capacity_) lines_.pop_front();
    lines_.emplace_back(static_cast<int>(message.getPriority()), line);
    listener = listener_;
  }
  if (listener) listener(line);
}

std::vector<ipc::LogLineDto> LogRing::recent(std::size_t limit, int min_priority) const {
  std::vector<ipc::LogLineDto> picked;
  std::lock_guard lock(mutex_);
  for (auto it = lines_.rbegin(); it != lines_.rend() && picked.size() < limit; ++it)
    if (it->first <= min_priority) picked.push_back(it->second);
  return {picked.rbegin(), picked.rend()};
}

void LogRing::set_listener(std::function<void(const ipc::LogLineDto&)> listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

}  // namespace wpn::service
