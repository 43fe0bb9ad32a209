#include "session/suspend_watch_logind.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#if WPN_HAVE_SD_BUS
#include <poll.h>
#include <sys/eventfd.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#endif

namespace wpn::session {

#if WPN_HAVE_SD_BUS

namespace {

constexpr const char* Logind = "org.freedesktop.login1";

std::string bus_error(const std::string& what, int r) { return what + ": " + std::strerror(-r); }

int on_prepare_for_sleep(sd_bus_message* message, void* watch, sd_bus_error*) {
  int going_to_sleep = 0;
  if (sd_bus_message_read(message, "b", &going_to_sleep) < 0) return 0;  // not the signal logind sends
  static_cast<const LogindSleepWatch*>(watch)->deliver(going_to_sleep != 0);
  return 0;
}

}  // namespace

struct LogindSleepWatch::Bus {
  sd_bus* bus = nullptr;
  sd_bus_slot* match = nullptr;
  int wake_fd = -1;  // written to stop the thread
  std::atomic<bool> stopping{false};
  std::thread thread;

  ~Bus() {
    if (thread.joinable()) {
      stopping = true;
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto written = ::write(wake_fd, &one, sizeof one);
      thread.join();
    }
    sd_bus_slot_unref(match);
    sd_bus_flush_close_unref(bus);
    if (wake_fd >= 0) ::close(wake_fd);
  }

  // Reads and dispatches everything the bus has, then waits for more or for the stop.
  void run() {
    while (!stopping) {
      int r = 0;
      while ((r = sd_bus_process(bus, nullptr)) > 0) {
      }
      if (r < 0) return;  // the bus went away: the clock check remains
      pollfd fds[2] = {{sd_bus_get_fd(bus), static_cast<short>(sd_bus_get_events(bus)), 0}, {wake_fd, POLLIN, 0}};
      ::poll(fds, 2, 1000);
    }
  }
};

tl::expected<std::unique_ptr<LogindSleepWatch>, std::string> LogindSleepWatch::start(Handler handler,
                                                                                     const std::string& bus_address) {
  std::unique_ptr<LogindSleepWatch> watch(new LogindSleepWatch(std::move(handler)));
  auto bus = std::make_unique<Bus>();
  int r = 0;
  if (bus_address.empty()) {
    r = sd_bus_open_system(&bus->bus);
  } else if ((r = sd_bus_new(&bus->bus)) >= 0 && (r = sd_bus_set_address(bus->bus, bus_address.c_str())) >= 0 &&
             (r = sd_bus_set_bus_client(bus->bus, 1)) >= 0) {
    r = sd_bus_start(bus->bus);
  }
  if (r < 0) return tl::unexpected(bus_error("no system bus", r));

  // Only where logind runs: elsewhere nothing would ever be heard.
  sd_bus_error error{};  // SD_BUS_ERROR_NULL is a C compound literal
  sd_bus_message* reply = nullptr;
  r = sd_bus_call_method(bus->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                         "NameHasOwner", &error, &reply, "s", Logind);
  int owned = 0;
  if (r >= 0) r = sd_bus_message_read(reply, "b", &owned);
  sd_bus_message_unref(reply);
  sd_bus_error_free(&error);
  if (r < 0) return tl::unexpected(bus_error("cannot ask the bus for logind", r));
  if (owned == 0) return tl::unexpected(std::string("logind is not on the system bus"));

  r = sd_bus_match_signal(bus->bus, &bus->match, Logind, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                          "PrepareForSleep", on_prepare_for_sleep, watch.get());
  if (r < 0) return tl::unexpected(bus_error("cannot listen for logind's PrepareForSleep", r));
  bus->wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (bus->wake_fd < 0) return tl::unexpected(bus_error("eventfd", -errno));
  Bus* raw = bus.get();
  bus->thread = std::thread([raw] { raw->run(); });
  watch->bus_ = std::move(bus);
  return watch;
}

#else

struct LogindSleepWatch::Bus {};

tl::expected<std::unique_ptr<LogindSleepWatch>, std::string> LogindSleepWatch::start(Handler, const std::string&) {
  return tl::unexpected(std::string("built without sd-bus (libsystemd-dev)"));
}

#endif

LogindSleepWatch::LogindSleepWatch(Handler handler) : handler_(std::move(handler)) {}

LogindSleepWatch::~LogindSleepWatch() = default;

}  // namespace wpn::session
