#pragma once
// One thread's event loop: readiness of file descriptors (epoll), one-shot timers and work
// posted from other threads. Every engine object that owns sockets lives on one loop and is
// touched only from its thread, so the adapters need no locks of their own.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "net/unique_fd.h"

namespace wpn::net {

using Clock = std::chrono::steady_clock;

struct IoReady {
  bool readable = false;
  bool writable = false;
  bool error = false;  // EPOLLERR or EPOLLHUP: read to learn the cause, then close
};

enum class TimerId : std::uint64_t { None = 0 };

class EventLoop {
 public:
  using Task = std::function<void()>;
  using IoHandler = std::function<void(IoReady)>;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs until stop(); the calling thread becomes the loop thread.
  void run();
  // Any thread. run() returns after the current round of handlers.
  void stop();
  // Any thread. The task runs on the loop thread, in posting order.
  void post(Task task);
  bool in_loop_thread() const;

  // Loop thread only. A handler may unwatch any fd, including its own, while it runs. Use
  // non-blocking I/O: a handler may see readiness that is already gone (EAGAIN). A handler,
  // timer or posted task that throws is logged and the loop goes on; an fd whose handler
  // threw is shut down (the owner's read path then sees its end and closes it).
  void watch(int fd, bool want_read, bool want_write, IoHandler handler);
  void modify(int fd, bool want_read, bool want_write);
  void unwatch(int fd);

  // Loop thread only. One-shot; cancelling a fired or unknown timer does nothing.
  TimerId add_timer(Clock::duration delay, Task task);
  void cancel_timer(TimerId id);

  // The loop's notion of now, read once per round so handlers of a round agree.
  Clock::time_point now() const { return now_; }

 private:
  void run_posted();
  void run_due_timers();
  int next_timeout_ms() const;
  void fail_handler(int fd);

  UniqueFd epoll_fd_;
  UniqueFd wake_fd_;
  bool stopping_ = false;
  Clock::time_point now_ = Clock::now();
  std::thread::id loop_thread_;

  std::unordered_map<int, std::shared_ptr<IoHandler>> handlers_;
  std::unordered_set<int> failed_fds_;  // handlers that threw once; shut down, still watched
  std::uint64_t next_timer_ = 1;
  std::multimap<Clock::time_point, std::uint64_t> timer_order_;
  std::unordered_map<std::uint64_t, std::pair<Clock::time_point, Task>> timers_;

  mutable std::mutex posted_mutex_;
  std::vector<Task> posted_;
  bool stop_requested_ = false;  // guarded by posted_mutex_
};

// Owns a loop running on its own thread; joins it on destruction.
class LoopThread {
 public:
  LoopThread();
  ~LoopThread();
  LoopThread(const LoopThread&) = delete;
  LoopThread& operator=(const LoopThread&) = delete;

  EventLoop& loop() { return loop_; }
  // Runs task on the loop thread and waits for it; runs it inline when already there.
  void call(const EventLoop::Task& task);
  void stop();

 private:
  EventLoop loop_;
  std::thread thread_;
};

}  // namespace wpn::net
