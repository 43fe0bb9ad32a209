#pragma once
// Hears logind announce a sleep and the wake after it (PrepareForSleep(true), then (false),
// from org.freedesktop.login1 on the system bus), for machines where the clocks do not show
// the sleep; SuspendWatch's clock check stays as the fallback. A thread of its own waits on
// the bus and calls the handler there. Without sd-bus at build time, or without a bus or
// logind at run time, start() says why and only the clock check remains.

#include <functional>
#include <memory>
#include <string>

#include <tl/expected.hpp>

namespace wpn::session {

class LogindSleepWatch {
 public:
  // true: the machine is about to sleep; false: it has woken.
  using Handler = std::function<void(bool going_to_sleep)>;

  // An empty address is the system bus; tests pass a private bus's address.
  static tl::expected<std::unique_ptr<LogindSleepWatch>, std::string> start(Handler handler,
                                                                            const std::string& bus_address = {});
  ~LogindSleepWatch();  // leaves the bus and joins the thread

  LogindSleepWatch(const LogindSleepWatch&) = delete;
  LogindSleepWatch& operator=(const LogindSleepWatch&) = delete;

  // Where a PrepareForSleep signal goes once read off the bus.
  void deliver(bool going_to_sleep) const { handler_(going_to_sleep); }

 private:
  struct Bus;
  explicit LogindSleepWatch(Handler handler);

  Handler handler_;
  std::unique_ptr<Bus> bus_;
};

}  // namespace wpn::session
