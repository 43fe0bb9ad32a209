#include "share/hash_pipeline.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "protocol/file_hash.h"
#include "share/background_priority.h"
#include "share/file_reader.h"
#include "share/media_info.h"
#include "share/scan_filter.h"

namespace wpn::share {

// Feeds the protocol hasher from a FileReader, through the pipeline's pause and cap. With
// `head`, it also keeps a copy of the first hashed block for the media reader.
class PipelineBlockReader final : public protocol::BlockReader {
 public:
  PipelineBlockReader(HashPipeline& pipeline, FileReader& file, protocol::Bytes* head) noexcept
      : pipeline_(pipeline), file_(file), head_(head) {}

  tl::expected<std::size_t, std::error_code> read_at(std::uint64_t offset, std::span<protocol::Byte> out) override {
    if (!pipeline_.before_read(out.size())) return tl::unexpected(std::make_error_code(std::errc::operation_canceled));
    auto got = file_.read_at(offset, out);
    if (!got) return got;
    pipeline_.after_read(*got);
    if (head_ != nullptr && offset == head_->size() && offset < protocol::HashBlockSize) {
      const auto kept = static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(*got, protocol::HashBlockSize - offset));
      head_->insert(head_->end(), out.begin(), out.begin() + kept);
    }
    return got;
  }

 private:
  HashPipeline& pipeline_;
  FileReader& file_;
  protocol::Bytes* head_;
};

namespace {

constexpr std::uint64_t BucketBurst = 4 * protocol::HashBlockSize;

std::string errno_text(int error) { return std::error_code(error, std::generic_category()).message(); }

}  // namespace

HashPipeline::HashPipeline(HashPipelineOptions options, HashResultSink& sink, ProgressCallback on_progress)
    : options_(std::move(options)),
      sink_(sink),
      on_progress_(std::move(on_progress)),
      bucket_(options_.rate_limit_bytes_per_s, BucketBurst, now()) {
  if (options_.threads == 0) options_.threads = 1;
  if (options_.max_attempts == 0) options_.max_attempts = 1;
}

HashPipeline::~HashPipeline() { stop(); }

std::chrono::steady_clock::time_point HashPipeline::now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

void HashPipeline::start() {
  std::lock_guard lock(mutex_);
  if (!workers_.empty()) return;
  stopping_ = false;
  for (unsigned i = 0; i < options_.threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

void HashPipeline::stop() {
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    workers.swap(workers_);
  }
  work_cv_.notify_all();
  room_cv_.notify_all();
  for (auto& worker : workers) worker.join();
  std::lock_guard lock(mutex_);
  queue_.clear();
  pending_.clear();
  in_flight_ = 0;
  idle_cv_.notify_all();
}

bool HashPipeline::enqueue(HashJob job, const std::function<bool()>& skip) {
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(job.path);
    if (it != pending_.end()) {
      // Queued: that run will see the latest content. Being hashed with the identity seen now:
      // the run's own re-stat covers it. Otherwise hash again afterwards.
      if (!it->second.in_flight || it->second.job.seen == job.seen) return false;
      it->second.again = true;
      it->second.job = std::move(job);
      return true;
    }
    if (skip && skip()) return false;
    tracker_.on_queued(job.seen.size, now());
    queue_.push_back(job.path);
    std::string path = job.path;
    pending_.emplace(std::move(path), Pending{std::move(job), false, false});
  }
  work_cv_.notify_one();
  return true;
}

void HashPipeline::pause() {
  {
    std::lock_guard lock(mutex_);
    if (paused_) return;
    paused_ = true;
    tracker_.on_paused(now());
  }
  room_cv_.notify_all();
  maybe_report(true);
}

void HashPipeline::resume() {
  {
    std::lock_guard lock(mutex_);
    if (!paused_) return;
    paused_ = false;
    tracker_.on_resumed(now());
  }
  work_cv_.notify_all();
  maybe_report(true);
}

bool HashPipeline::paused() const {
  std::lock_guard lock(mutex_);
  return paused_;
}

void HashPipeline::set_rate_limit(std::uint64_t bytes_per_s) {
  std::lock_guard lock(mutex_);
  bucket_.set_rate(bytes_per_s, now());
}

HashProgress HashPipeline::progress() const {
  std::lock_guard lock(mutex_);
  return tracker_.snapshot(now());
}

bool HashPipeline::idle() const {
  std::lock_guard lock(mutex_);
  return pending_.empty();
}

void HashPipeline::set_max_file_size(std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  options_.max_file_size = bytes;
}

std::uint64_t HashPipeline::max_file_size() const {
  std::lock_guard lock(mutex_);
  return options_.max_file_size;
}

std::size_t HashPipeline::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

bool HashPipeline::wait_for_room(std::size_t limit, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return room_cv_.wait_for(lock, timeout, [&] { return queue_.size() < limit || paused_ || stopping_; });
}

bool HashPipeline::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return idle_cv_.wait_for(lock, timeout, [this] { return pending_.empty(); });
}

HashPipeline::Stats HashPipeline::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

unsigned HashPipeline::parked_workers() const {
  std::lock_guard lock(mutex_);
  return parked_;
}

void HashPipeline::worker_loop() {
  lower_this_thread_priority(options_.worker_nice);
  for (;;) {
    HashJob job;
    {
      std::unique_lock lock(mutex_);
      for (;;) {
        if (stopping_) return;
        if (!paused_ && !queue_.empty()) break;
        const bool parked = paused_;
        if (parked) ++parked_;
        work_cv_.wait(lock);
        if (parked) --parked_;
      }
      const std::string path = std::move(queue_.front());
      queue_.pop_front();
      room_cv_.notify_all();
      auto& pending = pending_.at(path);
      pending.in_flight = true;
      job = pending.job;
      ++in_flight_;
    }
    process(std::move(job));
  }
}

bool HashPipeline::before_read(std::uint64_t bytes) {
  std::unique_lock lock(mutex_);
  while (paused_ && !stopping_) {
    ++parked_;
    work_cv_.wait(lock);
    --parked_;
  }
  if (stopping_) return false;
  const auto wait = bucket_.take(bytes, now());
  if (wait.count() > 0) work_cv_.wait_for(lock, wait, [this] { return stopping_; });
  return !stopping_;
}

void HashPipeline::after_read(std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  stats_.bytes_read += bytes;
  tracker_.on_bytes_read(bytes);
}

void HashPipeline::process(HashJob job) {
  const std::string path = job.path;
  std::uint64_t size_for_progress = job.seen.size;
  std::optional<HashResult> result;
  std::optional<HashFailure> failure;
  bool cancelled = false;

  for (unsigned attempt = 0; attempt < options_.max_attempts && !result && !failure && !cancelled; ++attempt) {
    auto file = FileReader::open(path);
    if (!file) {
      const bool gone = file.error() == std::errc::no_such_file_or_directory;
      failure = HashFailure{job, file.error().message(), gone ? HashFailureKind::Vanished : HashFailureKind::Failed};
      break;
    }
    struct stat before {};
    if (::fstat(file->fd(), &before) != 0) {
      failure = HashFailure{job, errno_text(errno), HashFailureKind::Failed};
      break;
    }
    if (!S_ISREG(before.st_mode)) {
      failure = HashFailure{job, "not a regular file", HashFailureKind::Refused};
      break;
    }
    const StatIdentity hashed = to_stat_identity(before);
    const std::uint64_t max_size = max_file_size();
    if (hashed.size > max_size) {
      failure = HashFailure{job, "larger than the share limit of " + std::to_string(max_size) + " bytes",
                            HashFailureKind::Refused};
      break;
    }
    const bool wants_media = options_.read_media && is_media_name(path);
    protocol::Bytes head;
    PipelineBlockReader reader(*this, *file, wants_media ? &head : nullptr);
    const auto hash = protocol::hash_content(reader, hashed.size);
    if (!hash) {
      if (hash.error() == std::errc::operation_canceled) {
        cancelled = true;
      } else if (hash.error() == std::errc::io_error) {
        std::lock_guard lock(mutex_);
        ++stats_.retries;  // shorter than stat said: it changed under us
      } else {
        failure = HashFailure{job, hash.error().message(), HashFailureKind::Failed};
      }
      continue;
    }
    {
      std::lock_guard lock(mutex_);
      ++stats_.hash_runs;
    }

    // Re-stat both the open file and the path: a write changes the first, a replace by
    // rename changes the second.
    struct stat after {};
    struct stat by_path {};
    const bool same = ::fstat(file->fd(), &after) == 0 && ::lstat(path.c_str(), &by_path) == 0 &&
                      to_stat_identity(after) == hashed && to_stat_identity(by_path) == hashed;
    if (!same) {
      std::lock_guard lock(mutex_);
      ++stats_.retries;
      continue;
    }
    const auto key = protocol::make_file_key(*hash, hashed.size);
    if (!key) {
      failure = HashFailure{job, "too large for the network's 32-bit size field", HashFailureKind::Refused};
      break;
    }
    HashResult done{job, hashed, *key, std::nullopt};
    if (wants_media) done.media = read_media_info(MediaSource{path, file->fd(), hashed.size, head});
    result = std::move(done);
  }
  if (!result && !failure && !cancelled) {
    failure = HashFailure{job, "the file kept changing while it was read; it is hashed again when it settles",
                          HashFailureKind::Transient};
  }

  if (result) {
    size_for_progress = result->stat.size;
    sink_.on_hashed(std::move(*result));
  } else if (failure) {
    sink_.on_hash_failed(std::move(*failure));
  }
  finish(path, size_for_progress);
  maybe_report(false);
}

void HashPipeline::finish(const std::string& path, std::uint64_t size) {
  bool now_idle = false;
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
    tracker_.on_finished(size, now());
    auto it = pending_.find(path);
    if (it != pending_.end()) {
      if (it->second.again && !stopping_) {
        it->second.again = false;
        it->second.in_flight = false;
        tracker_.on_queued(it->second.job.seen.size, now());
        queue_.push_back(path);
        work_cv_.notify_one();
      } else {
        pending_.erase(it);
      }
    }
    now_idle = pending_.empty();
    if (now_idle) idle_cv_.notify_all();
  }
  if (now_idle && options_.on_idle) options_.on_idle();
}

void HashPipeline::maybe_report(bool force) {
  if (!on_progress_) return;
  HashProgress snapshot;
  {
    std::lock_guard lock(mutex_);
    const auto t = now();
    const bool done = pending_.empty();
    if (!force && !done && t - last_report_ < options_.progress_interval) return;
    last_report_ = t;
    snapshot = tracker_.snapshot(t);
  }
  on_progress_(snapshot);
}

}  // namespace wpn::share
