#include "share/hash_committer.h"

#include <utility>

#include "share/background_priority.h"

namespace wpn::share {

HashCommitter::HashCommitter(IndexGate& index, HashCommitterOptions options, ShareEventSink events,
                             std::function<void(const std::string&)> on_stale)
    : index_(index),
      options_(options),
      events_(std::move(events)),
      on_stale_(std::move(on_stale)),
      encoder_(options.code_page) {
  if (options_.batch_files == 0) options_.batch_files = 1;
}

HashCommitter::~HashCommitter() { stop(); }

void HashCommitter::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    lower_this_thread_priority(IndexingNice);
    run();
  });
}

void HashCommitter::stop() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    thread.swap(thread_);
  }
  cv_.notify_all();
  if (thread.joinable()) thread.join();
}

void HashCommitter::push(Item item) {
  std::lock_guard lock(mutex_);
  if (pending_.empty()) oldest_ = std::chrono::steady_clock::now();
  pending_.push_back(std::move(item));
  ++received_;
  if (pending_.size() >= options_.batch_files)
    cv_.notify_all();
  else if (pending_.size() == 1)
    cv_.notify_all();  // starts the interval timer
}

void HashCommitter::on_hashed(HashResult&& result) {
  {
    std::lock_guard lock(mutex_);
    uncommitted_[result.job.path] = result.stat;
  }
  push(std::move(result));
}

bool HashCommitter::holds(const std::string& path, const StatIdentity& stat) const {
  std::lock_guard lock(mutex_);
  auto it = uncommitted_.find(path);
  return it != uncommitted_.end() && it->second == stat;
}
void HashCommitter::on_hash_failed(HashFailure&& failure) { push(std::move(failure)); }

void HashCommitter::flush() {
  std::unique_lock lock(mutex_);
  if (!thread_.joinable()) return;
  const auto target = received_;
  flush_requested_ = true;
  cv_.notify_all();
  flushed_cv_.wait(lock, [&] { return done_ >= target || !thread_.joinable(); });
}

void HashCommitter::commit_soon() {
  {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return;
    flush_requested_ = true;
  }
  cv_.notify_all();
}

bool HashCommitter::empty() const {
  std::lock_guard lock(mutex_);
  return done_ == received_;
}

std::uint64_t HashCommitter::committed() const {
  std::lock_guard lock(mutex_);
  return committed_;
}

void HashCommitter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (pending_.empty()) {
      flush_requested_ = false;
      flushed_cv_.notify_all();
      if (stopping_) return;
      cv_.wait(lock, [&] { return stopping_ || !pending_.empty() || flush_requested_; });
      continue;
    }
    const bool due = stopping_ || flush_requested_ || pending_.size() >= options_.batch_files;
    if (!due) {
      cv_.wait_until(lock, oldest_ + options_.interval,
                     [&] { return stopping_ || flush_requested_ || pending_.size() >= options_.batch_files; });
      if (std::chrono::steady_clock::now() < oldest_ + options_.interval && !stopping_ && !flush_requested_ &&
          pending_.size() < options_.batch_files)
        continue;
    }
    std::vector<Item> items;
    items.swap(pending_);
    lock.unlock();
    const auto count = items.size();
    commit(items);
    lock.lock();
    done_ += count;
    flushed_cv_.notify_all();
  }
}

void HashCommitter::commit(std::vector<Item>& items) {
  std::vector<ShareEvent> out;
  std::vector<std::string> stale;
  std::uint64_t stored = 0;
  index_.with([&](ShareIndex& index) {
    BatchGuard guard(index);
    for (auto& item : items) {
      if (auto* result = std::get_if<HashResult>(&item)) {
        auto set = index.set_hash(result->job.file_id, result->stat, result->key,
                                  result->media.value_or(protocol::MediaInfo{}));
        if (!set) continue;
        if (!*set) {
          stale.push_back(result->job.path);
          continue;
        }
        ++stored;
        std::string announced = result->job.announced_name;
        RootId root = result->job.root_id;
        if (announced.empty() || root == 0) {
          auto row = index.file_by_id(result->job.file_id);
          if (row && *row) {
            announced = (*row)->announced_name();
            root = (*row)->root_id;
          }
        }
        const std::string name = encoder_.to_utf8(announced);
        if (result->job.changed)
          out.push_back(FileChanged{result->job.file_id, name, root, result->key});
        else
          out.push_back(FileAdded{result->job.file_id, name, root, result->key});
        continue;
      }
      auto& failure = std::get<HashFailure>(item);
      switch (failure.kind) {
        case HashFailureKind::Vanished:
        case HashFailureKind::Refused: {
          auto row = index.file_by_id(failure.job.file_id);
          if (!row || !*row || (*row)->local_path != failure.job.path) break;
          auto removed = index.remove_file(failure.job.path);
          if (removed && *removed && (*row)->key)
            out.push_back(FileRemoved{(*row)->id, encoder_.to_utf8((*row)->announced_name())});
          if (failure.kind == HashFailureKind::Refused) out.push_back(FileRefused{failure.job.path, failure.reason});
          break;
        }
        case HashFailureKind::Failed:
          (void)index.set_hash_failed(failure.job.file_id, failure.job.seen, failure.reason);
          out.push_back(FileRefused{failure.job.path, failure.reason});
          break;
        case HashFailureKind::Transient:
          break;
      }
    }
    if (guard.begun()) (void)guard.commit();
    std::lock_guard lock(mutex_);
    for (const auto& item : items) {
      const auto* result = std::get_if<HashResult>(&item);
      if (result == nullptr) continue;
      auto it = uncommitted_.find(result->job.path);
      if (it != uncommitted_.end() && it->second == result->stat) uncommitted_.erase(it);
    }
  });
  {
    std::lock_guard lock(mutex_);
    committed_ += stored;
  }
  for (const auto& event : out)
    if (events_) events_(event);
  for (const auto& path : stale)
    if (on_stale_) on_stale_(path);
}

}  // namespace wpn::share
