#include "support/eventually.h"

#include <thread>

namespace wpn::test {
namespace {
constexpr auto PollInterval = std::chrono::milliseconds(10);
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(PollInterval);
  }
  return condition();
}

bool holds_for(const std::function<bool()>& condition, std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!condition()) return false;
    std::this_thread::sleep_for(PollInterval);
  }
  return condition();
}

}  // namespace wpn::test
