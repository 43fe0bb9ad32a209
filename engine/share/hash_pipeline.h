#pragma once
// The hash queue: a bounded pool of worker threads that compute the WPN key of each queued
// file (filesharing.md §7) through FileReader, re-stat the file afterwards and hash again when
// it changed meanwhile (§7.4), read media properties, and hand each result to a sink (the
// batching index writer). Supports pause/resume and a throughput cap; reports progress.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "protocol/codecs/common.h"
#include "protocol/file_key.h"
#include "share/file_stat.h"
#include "share/hash_progress.h"
#include "share/share_events.h"
#include "share/token_bucket.h"

namespace wpn::share {

struct HashJob {
  std::string path;            // absolute local path (the queue's identity)
  FileId file_id = 0;          // the index row the result belongs to
  StatIdentity seen;           // what the scan saw; its size feeds the progress figures
  bool changed = false;        // the row had a key before: its result is a FileChanged, not a FileAdded
  std::string announced_name;  // code-page bytes, for the events once the file is announced
  RootId root_id = 0;          // for the events
};

struct HashResult {
  HashJob job;
  StatIdentity stat;  // identity of exactly the content that was hashed
  protocol::FileKey key;
  std::optional<protocol::MediaInfo> media;
};

enum class HashFailureKind {
  Vanished,  // the file no longer exists: drop its row quietly
  Refused,   // no longer shareable (too large, not a regular file): drop its row, tell the owner
  Failed,    // cannot be read (permissions, I/O error): recorded, not retried until it changes
  Transient  // kept changing while read: nothing recorded, the next change event retries
};

struct HashFailure {
  HashJob job;
  std::string reason;
  HashFailureKind kind = HashFailureKind::Failed;
};

// Called from the worker threads; implementations must be thread-safe.
class HashResultSink {
 public:
  virtual ~HashResultSink() = default;
  virtual void on_hashed(HashResult&& result) = 0;
  virtual void on_hash_failed(HashFailure&& failure) = 0;
};

struct HashPipelineOptions {
  unsigned threads = 2;
  std::uint64_t rate_limit_bytes_per_s = 0;  // 0 = none
  std::uint64_t max_file_size = (std::uint64_t{1} << 31) - 1;
  unsigned max_attempts = 3;  // hashes of a file that keeps changing before giving up for now
  bool read_media = true;
  // Nice steps the workers take below the thread that starts them: when the CPU is short,
  // uploads, the control socket and the index writer (the scan's critical path) go first.
  int worker_nice = 5;
  std::chrono::milliseconds progress_interval{250};
  std::function<std::chrono::steady_clock::time_point()> clock;  // empty = steady_clock::now
  std::function<void()> on_idle;                                 // the queue ran dry (called on a worker thread)
};

class HashPipeline {
 public:
  using ProgressCallback = std::function<void(const HashProgress&)>;

  HashPipeline(HashPipelineOptions options, HashResultSink& sink, ProgressCallback on_progress = {});
  HashPipeline(const HashPipeline&) = delete;
  HashPipeline& operator=(const HashPipeline&) = delete;
  ~HashPipeline();

  void start();
  // Joins the workers; queued and half-hashed files are dropped (a later scan finds them).
  void stop();

  // False when the path is already queued, or being hashed with the same identity; a path
  // being hashed with another identity is hashed again after the current run.
  // `skip`, when given, is asked under the queue's lock once the path is known not to be
  // queued or in flight: the owner uses it to leave out a result that waits for its commit
  // (a finished job is handed to the sink before it leaves the queue, so nothing slips
  // between the two).
  bool enqueue(HashJob job, const std::function<bool()>& skip = {});

  void pause();
  void resume();
  bool paused() const;
  void set_rate_limit(std::uint64_t bytes_per_s);
  void set_max_file_size(std::uint64_t bytes);

  HashProgress progress() const;
  bool idle() const;
  bool wait_idle(std::chrono::milliseconds timeout) const;
  // Files waiting to be hashed (not counting those being hashed).
  std::size_t queued() const;
  // Until fewer than `limit` files wait, hashing is paused or stopped, or `timeout` passed;
  // true when there is room. Producers wait here so the queue (paths in memory) stays
  // bounded: the rest of a large first index waits in the index, not in RAM.
  bool wait_for_room(std::size_t limit, std::chrono::milliseconds timeout) const;

  struct Stats {
    std::uint64_t hash_runs = 0;  // complete content hashes computed (retries included)
    std::uint64_t bytes_read = 0;
    std::uint64_t retries = 0;  // files seen changing while hashed
  };
  Stats stats() const;
  unsigned parked_workers() const;  // workers held by pause (tests wait for this)

 private:
  struct Pending {
    HashJob job;
    bool in_flight = false;
    bool again = false;
  };
  friend class PipelineBlockReader;

  std::chrono::steady_clock::time_point now() const;
  std::uint64_t max_file_size() const;
  void worker_loop();
  void process(HashJob job);
  // Called before each block read: waits while paused, applies the cap. False = stop.
  bool before_read(std::uint64_t bytes);
  void after_read(std::uint64_t bytes);
  void finish(const std::string& path, std::uint64_t size);
  void maybe_report(bool force);

  HashPipelineOptions options_;
  HashResultSink& sink_;
  ProgressCallback on_progress_;

  mutable std::mutex mutex_;
  mutable std::condition_variable work_cv_;
  mutable std::condition_variable idle_cv_;
  mutable std::condition_variable room_cv_;
  std::deque<std::string> queue_;
  std::unordered_map<std::string, Pending> pending_;
  unsigned in_flight_ = 0;
  unsigned parked_ = 0;
  bool paused_ = false;
  bool stopping_ = false;
  TokenBucket bucket_;
  HashProgressTracker tracker_;
  Stats stats_;
  std::chrono::steady_clock::time_point last_report_{};
  std::vector<std::thread> workers_;
};

}  // namespace wpn::share
