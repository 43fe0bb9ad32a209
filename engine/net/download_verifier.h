#pragma once
// Checks complete partial downloads off the loop. A worker thread flushes the part file to the
// disk and recomputes its key from the WPN hash samples (share::hash_file), then posts the
// verdict back to the loop. The flush of a file that just arrived at LAN speed, and the sampled
// reads of a file no longer cached, take from a fraction of a second to many seconds on a slow
// disk: the loop serves every other transfer and the control socket meanwhile.
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
#include <string>
#include <thread>
#include <vector>

#include <tl/expected.hpp>

#include "net/event_loop.h"
#include "protocol/file_key.h"

namespace wpn::net {

class DownloadVerifier {
 public:
  // The part file holds the content of its key, or not; an error when it cannot be read.
  using Verdict = tl::expected<bool, std::string>;
  using Done = std::function<void(const protocol::FileKey& key, Verdict verdict)>;

  DownloadVerifier(EventLoop& loop, Done done, unsigned workers = 1);
  ~DownloadVerifier();
  DownloadVerifier(const DownloadVerifier&) = delete;
  DownloadVerifier& operator=(const DownloadVerifier&) = delete;

  // Checks the part file at `path` (its sidecar at `meta_path` is flushed along). A check of
  // `key` asked for earlier is superseded: only this one's verdict is delivered.
  void verify(const protocol::FileKey& key, std::string path, std::string meta_path);
  // No verdict for `key` is wanted any more (the download was cancelled or removed).
  void forget(const protocol::FileKey& key);
  // Drops the waiting checks and joins the workers: a running check ends with its current
  // read or flush, and its verdict is dropped. verify() starts workers again.
  void stop();
  bool checking(const protocol::FileKey& key) const { return wanted_.count(key) != 0; }
  std::size_t checking_count() const noexcept { return wanted_.size(); }

 private:
  struct Job {
    protocol::FileKey key;
    std::uint64_t ticket = 0;
    std::string path;
    std::string meta_path;
  };
  void work();
  void deliver(const protocol::FileKey& key, std::uint64_t ticket, Verdict verdict);

  EventLoop& loop_;
  Done done_;
  unsigned workers_;
  std::map<protocol::FileKey, std::uint64_t> wanted_;  // loop thread: the check whose verdict counts
  std::uint64_t next_ticket_ = 1;
  std::vector<std::thread> threads_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_

  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // verdicts posted back check it
};

}  // namespace wpn::net
