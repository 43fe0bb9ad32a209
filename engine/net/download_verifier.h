#pragma once
// Checks complete partial downloads off the loop. A worker thread flushes the part file to the
// disk and recomputes its key from the WPN hash samples (share::hash_file); when it matches and
// a target is given, it moves the file into the download folder (move_finished_file: a copy
// when that folder is on another disk), then posts the verdict back to the loop. The flush of a file that just arrived
// at LAN speed, and the sampled reads of a file no longer cached, take from a fraction of a second to many seconds on a
// slow disk: the loop serves every other transfer and the control socket meanwhile.
//
// `workers` checks run at once (they compete for one disk); the rest wait in arrival order.
// Every method is for the loop thread; `done` runs there too, never inline.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "net/event_loop.h"
#include "net/finished_file_move.h"
#include "protocol/file_key.h"

namespace wpn::net {

class DownloadVerifier {
 public:
  // The part file holds the content of its key, or not; an error when it cannot be read, or
  // when it matched but could not be moved (the partial stays).
  using Verdict = tl::expected<bool, std::string>;
  // `moved_to`: the final path when the file matched and was moved; empty otherwise.
  using Done = std::function<void(const protocol::FileKey& key, Verdict verdict, std::string moved_to)>;

  DownloadVerifier(EventLoop& loop, Done done, unsigned workers = 1);
  ~DownloadVerifier();
  DownloadVerifier(const DownloadVerifier&) = delete;
  DownloadVerifier& operator=(const DownloadVerifier&) = delete;

  // Checks the part file at `path` (its sidecar at `meta_path` is flushed along) and, when it
  // matches, moves it to `finish_into`. A check of `key` asked for earlier is superseded: only
  // this one's verdict is delivered.
  void verify(const protocol::FileKey& key, std::string path, std::string meta_path,
              std::optional<FinishTarget> finish_into = std::nullopt);
  // No verdict for `key` is wanted any more (the download was cancelled or removed). A move
  // under way stops at its next chunk; one that has already put the file in place is done.
  void forget(const protocol::FileKey& key);
  // Drops the waiting checks without waiting for the running ones: a flush of a large file on a
  // slow disk takes seconds. A copy under way stops at its next chunk, leaving the partial.
  // A worker still in one ends on its own, touching nothing but its
  // file and the state it shares with this object; its verdict is dropped. verify() starts
  // new workers.
  void stop();
  bool checking(const protocol::FileKey& key) const { return wanted_.count(key) != 0; }
  std::size_t checking_count() const noexcept { return wanted_.size(); }

 private:
  struct Job {
    protocol::FileKey key;
    std::uint64_t ticket = 0;
    std::string path;
    std::string meta_path;
    std::optional<FinishTarget> finish_into;
  };
  // Owned by this object and by its detached workers, whichever ends last.
  struct Shared {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> queue;                              // guarded by mutex
    bool stopping = false;                              // guarded by mutex; once set, no worker of it touches the loop
    std::map<protocol::FileKey, std::uint64_t> wanted;  // guarded by mutex; as wanted_, for moves
  };
  static void work(std::shared_ptr<Shared> shared, EventLoop& loop, std::weak_ptr<bool> alive, DownloadVerifier* self);
  void deliver(const protocol::FileKey& key, std::uint64_t ticket, Verdict verdict, std::string moved_to);

  EventLoop& loop_;
  Done done_;
  unsigned workers_;
  unsigned started_ = 0;                               // workers of shared_
  std::map<protocol::FileKey, std::uint64_t> wanted_;  // the check whose verdict counts
  std::uint64_t next_ticket_ = 1;
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // verdicts posted back check it
};

}  // namespace wpn::net
