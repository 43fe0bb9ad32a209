#pragma once
// What one thread of this process costs: its CPU time and how often it slept.

#include <sys/types.h>
#include <time.h>

#include <fstream>
#include <string>

namespace wpn::bench {

// CPU time of one thread, read through its CPU clock (pthread_getcpuclockid).
inline double thread_cpu_s(clockid_t clock) {
  timespec t{};
  ::clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Voluntary context switches of this process's thread `tid`: one per wait the loop sleeps in.
inline long voluntary_switches(pid_t tid) {
  std::ifstream status("/proc/self/task/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("voluntary_ctxt_switches:", 0) == 0) return std::stol(line.substr(24));
  return 0;
}

}  // namespace wpn::bench
