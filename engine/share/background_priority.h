#pragma once
// Indexing threads (hash workers, the scan, committing hashes) run at a lower CPU priority
// than the rest of the process: on a busy machine a first index of a large share otherwise
// keeps every core busy and the engine thread waits its turn for tens of milliseconds, which
// stalls transfers and the control socket. They still get any CPU no one else wants.

namespace wpn::share {

// What the scan and the committer take; hash workers take HashPipelineOptions::worker_nice.
inline constexpr int IndexingNice = 5;

// Raises the calling thread's nice value by `steps` (at most to 19). Linux keeps a nice
// value per thread; raising it needs no privilege, and failing leaves the thread as it was.
void lower_this_thread_priority(int steps) noexcept;

}  // namespace wpn::share
