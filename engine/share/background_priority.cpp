#include "share/background_priority.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace wpn::share {

void lower_this_thread_priority(int steps) noexcept {
  if (steps <= 0) return;
  const auto tid = static_cast<id_t>(::gettid());
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (errno == 0) (void)::setpriority(PRIO_PROCESS, tid, std::min(current + steps, 19));
}

}  // namespace wpn::share
