#include "service/app/daemonize.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace wpn::service {

namespace {

int ready_fd = -1;
bool daemonized = false;

[[noreturn]] void wait_for_daemon(int read_fd) {
  char status = 0;
  ssize_t got = 0;
  do {
    got = ::read(read_fd, &status, 1);
  } while (got < 0 && errno == EINTR);
  // No byte: the daemon failed and has said why on the shared stderr.
  std::_Exit(got == 1 && status == 'R' ? 0 : 1);
}

}  // namespace

void daemonize() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    std::perror("wpnd: pipe");
    std::_Exit(1);
  }
  const pid_t first = ::fork();
  if (first < 0) {
    std::perror("wpnd: fork");
    std::_Exit(1);
  }
  if (first > 0) {
    ::close(fds[1]);
    int ignored = 0;
    ::waitpid(first, &ignored, 0);  // the intermediate child exits at once
    wait_for_daemon(fds[0]);
  }
  ::close(fds[0]);
  ::setsid();
  // A second fork: the daemon is not a session leader, so it never gets a terminal back.
  const pid_t second = ::fork();
  if (second < 0) std::_Exit(1);
  if (second > 0) std::_Exit(0);
  ready_fd = fds[1];
  daemonized = true;
}

bool is_daemon() noexcept { return daemonized; }

void daemon_ready() noexcept {
  if (ready_fd < 0) return;
  const char ready = 'R';
  (void)!::write(ready_fd, &ready, 1);
  ::close(ready_fd);
  ready_fd = -1;
  const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    ::dup2(null, STDIN_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO) ::close(null);
  }
}

}  // namespace wpn::service
