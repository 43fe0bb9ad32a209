#include "net/download_verifier.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "net/socket_io.h"
#include "net/unique_fd.h"
#include "share/background_priority.h"
#include "share/hash_file.h"

namespace wpn::net {
namespace {

// The bytes the verdict speaks of reach the disk before the sidecar that calls them complete
// is relied on (it was written unsynced, as the transfer ended).
std::optional<std::string> flush(const std::string& path, const std::string& meta_path) {
  UniqueFd part(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!part) return "cannot verify: " + errno_text(errno);
  ::fdatasync(part.get());
  if (UniqueFd meta(::open(meta_path.c_str(), O_RDONLY | O_CLOEXEC)); meta) ::fsync(meta.get());
  return std::nullopt;
}

}  // namespace

DownloadVerifier::DownloadVerifier(EventLoop& loop, Done done, unsigned workers)
    : loop_(loop), done_(std::move(done)), workers_(std::max(1u, workers)) {}

DownloadVerifier::~DownloadVerifier() { stop(); }

void DownloadVerifier::verify(const protocol::FileKey& key, std::string path, std::string meta_path) {
  const auto ticket = next_ticket_++;
  wanted_[key] = ticket;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(queue_, [&](const Job& job) { return job.key == key; });
    queue_.push_back(Job{key, ticket, std::move(path), std::move(meta_path)});
  }
  if (threads_.size() < workers_) threads_.emplace_back([this] { work(); });
  wake_.notify_one();
}

void DownloadVerifier::forget(const protocol::FileKey& key) {
  if (wanted_.erase(key) == 0) return;
  std::lock_guard lock(mutex_);
  std::erase_if(queue_, [&](const Job& job) { return job.key == key; });
}

void DownloadVerifier::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  wanted_.clear();  // verdicts already posted find nobody waiting
  std::lock_guard lock(mutex_);
  stopping_ = false;
}

void DownloadVerifier::work() {
  share::lower_this_thread_priority(share::IndexingNice);
  const auto stopping = [this] {
    std::lock_guard lock(mutex_);
    return stopping_;
  };
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    Verdict verdict = true;
    if (auto problem = flush(job.path, job.meta_path)) {
      verdict = tl::unexpected(std::move(*problem));
    } else {
      if (stopping()) return;  // the next start checks it again
      const auto hashed = share::hash_file(job.path);
      if (hashed)
        verdict = *hashed == job.key;
      else
        verdict = tl::unexpected("cannot verify: " + hashed.error().reason);
    }
    loop_.post([this, alive = std::weak_ptr<bool>(alive_), key = job.key, ticket = job.ticket,
                verdict = std::move(verdict)]() mutable {
      if (alive.lock()) deliver(key, ticket, std::move(verdict));
    });
  }
}

void DownloadVerifier::deliver(const protocol::FileKey& key, std::uint64_t ticket, Verdict verdict) {
  const auto wanted = wanted_.find(key);
  if (wanted == wanted_.end() || wanted->second != ticket) return;  // forgotten or superseded
  wanted_.erase(wanted);
  done_(key, std::move(verdict));
}

}  // namespace wpn::net
