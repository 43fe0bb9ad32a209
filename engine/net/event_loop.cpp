#include "net/event_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <stdexcept>
#include <string>
#include <system_error>

#include <Poco/Logger.h>

namespace wpn::net {
namespace {

std::uint32_t epoll_mask(bool want_read, bool want_write) {
  std::uint32_t mask = 0;
  if (want_read) mask |= EPOLLIN | EPOLLRDHUP;
  if (want_write) mask |= EPOLLOUT;
  return mask;
}

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }

// Runs one handler; an exception is logged with what threw (and its fd) and stops there,
// never the loop thread (which would end the process). False when it threw.
template <class Handler>
bool run_guarded(const Handler& handler, const char* what, int fd = -1) {
  const auto context = [&] { return fd < 0 ? std::string(what) : std::string(what) + " of fd " + std::to_string(fd); };
  try {
    handler();
    return true;
  } catch (const std::exception& e) {
    logger().error("event loop: %s threw: %s", context(), std::string(e.what()));
  } catch (...) {
    logger().error("event loop: %s threw an unknown exception", context());
  }
  return false;
}

}  // namespace

EventLoop::EventLoop() : loop_thread_(std::this_thread::get_id()) {
  epoll_fd_.reset(epoll_create1(EPOLL_CLOEXEC));
  if (!epoll_fd_) throw_errno("epoll_create1");
  wake_fd_.reset(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake_fd_) throw_errno("eventfd");
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = wake_fd_.get();
  if (epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, wake_fd_.get(), &event) != 0) throw_errno("epoll_ctl(wake)");
}

EventLoop::~EventLoop() = default;

bool EventLoop::in_loop_thread() const { return std::this_thread::get_id() == loop_thread_; }

void EventLoop::stop() {
  {
    std::lock_guard lock(posted_mutex_);
    stop_requested_ = true;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = write(wake_fd_.get(), &one, sizeof one);
}

void EventLoop::post(Task task) {
  {
    std::lock_guard lock(posted_mutex_);
    posted_.push_back(std::move(task));
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = write(wake_fd_.get(), &one, sizeof one);
}

void EventLoop::watch(int fd, bool want_read, bool want_write, IoHandler handler) {
  epoll_event event{};
  event.events = epoll_mask(want_read, want_write);
  event.data.fd = fd;
  const bool known = handlers_.count(fd) != 0;
  if (!known) failed_fds_.erase(fd);
  if (epoll_ctl(epoll_fd_.get(), known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) != 0) {
    throw_errno("epoll_ctl(watch)");
  }
  handlers_[fd] = std::make_shared<IoHandler>(std::move(handler));
}

void EventLoop::modify(int fd, bool want_read, bool want_write) {
  epoll_event event{};
  event.events = epoll_mask(want_read, want_write);
  event.data.fd = fd;
  if (epoll_ctl(epoll_fd_.get(), EPOLL_CTL_MOD, fd, &event) != 0) throw_errno("epoll_ctl(modify)");
}

void EventLoop::unwatch(int fd) {
  failed_fds_.erase(fd);
  if (handlers_.erase(fd) == 0) return;
  // The fd may already be closed by its owner; epoll then dropped it by itself.
  epoll_ctl(epoll_fd_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

TimerId EventLoop::add_timer(Clock::duration delay, Task task) {
  const auto id = next_timer_++;
  const auto due = Clock::now() + delay;
  timer_order_.emplace(due, id);
  timers_.emplace(id, std::make_pair(due, std::move(task)));
  return static_cast<TimerId>(id);
}

void EventLoop::cancel_timer(TimerId id) {
  const auto found = timers_.find(static_cast<std::uint64_t>(id));
  if (found == timers_.end()) return;
  auto [first, last] = timer_order_.equal_range(found->second.first);
  for (auto it = first; it != last; ++it) {
    if (it->second == found->first) {
      timer_order_.erase(it);
      break;
    }
  }
  timers_.erase(found);
}

int EventLoop::next_timeout_ms() const {
  if (timer_order_.empty()) return -1;
  const auto wait = timer_order_.begin()->first - Clock::now();
  if (wait <= Clock::duration::zero()) return 0;
  // Round up so a timer never fires early and the loop never spins on a sub-millisecond rest.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
  return static_cast<int>(std::min<long long>(ms, 60'000));
}

void EventLoop::run_posted() {
  std::vector<Task> tasks;
  {
    std::lock_guard lock(posted_mutex_);
    tasks.swap(posted_);
    if (stop_requested_) {
      stopping_ = true;
      stop_requested_ = false;
    }
  }
  for (auto& task : tasks) run_guarded(task, "a posted task");
}

void EventLoop::run_due_timers() {
  while (!timer_order_.empty() && timer_order_.begin()->first <= now_) {
    const auto id = timer_order_.begin()->second;
    timer_order_.erase(timer_order_.begin());
    auto found = timers_.find(id);
    if (found == timers_.end()) continue;
    auto task = std::move(found->second.second);
    timers_.erase(found);
    run_guarded(task, "a timer task");
  }
}

void EventLoop::fail_handler(int fd) {
  // The loop does not own the fd, so it must not close it (its number could be reused under
  // its owner). Shutting it down makes the owner's own read path see the end and close the
  // connection; a handler that throws again is not called any more.
  const bool again = !failed_fds_.insert(fd).second;
  if (again) {
    logger().error("event loop: fd %s failed twice; no longer watched", std::to_string(fd));
    unwatch(fd);
    return;
  }
  ::shutdown(fd, SHUT_RDWR);
}

void EventLoop::run() {
  loop_thread_ = std::this_thread::get_id();
  stopping_ = false;
  constexpr int MaxEvents = 256;
  epoll_event events[MaxEvents];
  while (true) {
    run_posted();
    if (stopping_) break;
    const int count = epoll_wait(epoll_fd_.get(), events, MaxEvents, next_timeout_ms());
    if (count < 0 && errno != EINTR) throw_errno("epoll_wait");
    now_ = Clock::now();
    for (int i = 0; i < count; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wake_fd_.get()) {
        std::uint64_t drained = 0;
        [[maybe_unused]] const auto got = read(wake_fd_.get(), &drained, sizeof drained);
        continue;
      }
      const auto found = handlers_.find(fd);
      if (found == handlers_.end()) continue;  // unwatched by an earlier handler this round
      const auto handler = found->second;      // survives its own unwatch
      const auto mask = events[i].events;
      const IoReady ready{(mask & (EPOLLIN | EPOLLRDHUP)) != 0, (mask & EPOLLOUT) != 0,
                          (mask & (EPOLLERR | EPOLLHUP)) != 0};
      if (!run_guarded([&] { (*handler)(ready); }, "the handler", fd)) fail_handler(fd);
    }
    run_due_timers();
  }
}

LoopThread::LoopThread() {
  std::promise<void> started;
  auto ready = started.get_future();
  thread_ = std::thread([this, &started] {
    loop_.post([&started] { started.set_value(); });
    loop_.run();
  });
  ready.wait();
}

LoopThread::~LoopThread() { stop(); }

void LoopThread::stop() {
  if (!thread_.joinable()) return;
  loop_.stop();
  thread_.join();
}

void LoopThread::call(const EventLoop::Task& task) {
  if (loop_.in_loop_thread()) {
    task();
    return;
  }
  std::promise<void> done;
  auto finished = done.get_future();
  loop_.post([&] {
    try {
      task();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  finished.get();
}

}  // namespace wpn::net
