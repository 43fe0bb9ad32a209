#pragma once
// The single writer of hash results: collects them from the hash workers and commits them
// to the index in batches (after `batch_files` results or `interval`, whichever comes
// first), so a kill -9 loses at most the open batch, which the next start hashes again.
// Emits FileAdded / FileChanged once a file is announced, FileRemoved / FileRefused for
// files that turned out to be gone or unshareable.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "share/hash_pipeline.h"
#include "share/index_gate.h"
#include "share/name_encoding.h"
#include "share/share_events.h"

namespace wpn::share {

struct HashCommitterOptions {
  std::size_t batch_files = 200;
  std::chrono::milliseconds interval{1000};
  CodePage code_page = CodePage::Cp1252;  // to show announced names in events
};

class HashCommitter final : public HashResultSink {
 public:
  // on_stale(path): the row changed since the file was queued (the result no longer fits
  // it); the owner rescans the file's folder so the row and a new hash catch up.
  HashCommitter(IndexGate& index, HashCommitterOptions options, ShareEventSink events,
                std::function<void(const std::string& path)> on_stale);
  HashCommitter(const HashCommitter&) = delete;
  HashCommitter& operator=(const HashCommitter&) = delete;
  ~HashCommitter() override;

  void start();
  // Commits what is pending, then joins.
  void stop();

  void on_hashed(HashResult&& result) override;
  void on_hash_failed(HashFailure&& failure) override;

  // Commits everything received so far before returning.
  void flush();
  // Commits what is pending without waiting for the batch to fill (the queue ran dry).
  void commit_soon();
  bool empty() const;
  // True while a result for exactly this path and identity waits for its commit. Call with
  // the index gate held: results leave this set under the gate, when they are committed.
  bool holds(const std::string& path, const StatIdentity& stat) const;
  std::uint64_t committed() const;  // hash results stored since construction

 private:
  using Item = std::variant<HashResult, HashFailure>;

  void run();
  void commit(std::vector<Item>& items);
  void push(Item item);

  IndexGate& index_;
  HashCommitterOptions options_;
  ShareEventSink events_;
  std::function<void(const std::string&)> on_stale_;
  NameEncoder encoder_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable flushed_cv_;
  std::vector<Item> pending_;
  std::unordered_map<std::string, StatIdentity> uncommitted_;  // hashed, not yet durable
  std::chrono::steady_clock::time_point oldest_{};
  std::uint64_t received_ = 0;
  std::uint64_t done_ = 0;  // items committed (or dropped after an index error)
  std::uint64_t committed_ = 0;
  bool flush_requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wpn::share
