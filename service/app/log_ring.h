#pragma once
// A POCO channel that keeps the most recent log lines in memory, for "logs.recent" and the
// "logs.line" event, so clients never read log files.

#include <Poco/Channel.h>
#include <Poco/Message.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "ipc/log_dto.h"

namespace wpn::service {

// Level names as POCO spells them ("information", ...); nullopt-like 0 when unknown.
int log_priority_from_name(std::string_view name) noexcept;
std::string_view log_priority_name(int priority) noexcept;

class LogRing : public Poco::Channel {
 public:
  explicit LogRing(std::size_t capacity);

  void log(const Poco::Message& message) override;

  // The last `limit` lines at `min_priority` or more severe (POCO: lower is more severe).
  std::vector<ipc::LogLineDto> recent(std::size_t limit, int min_priority = Poco::Message::PRIO_TRACE) const;

  // Called for every line after it is stored, outside the ring's lock; must not log.
  void set_listener(std::function<void(const ipc::LogLineDto&)> listener);

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<std::pair<int, ipc::LogLineDto>> lines_;
  std::uint64_t next_seq_ = 1;
  std::function<void(const ipc::LogLineDto&)> listener_;
};

}  // namespace wpn::service
