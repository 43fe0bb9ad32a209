#include "net/download_verifier.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <thread>

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

DownloadVerifier::Verdict check(const protocol::FileKey& key, const std::string& path, const std::string& meta_path) {
  if (auto problem = flush(path, meta_path)) return tl::unexpected(std::move(*problem));
  const auto hashed = share::hash_file(path);
  if (!hashed) return tl::unexpected("cannot verify: " + hashed.error().reason);
  return *hashed == key;
}

}  // namespace

DownloadVerifier::DownloadVerifier(EventLoop& loop, Done done, unsigned workers)
    : loop_(loop), done_(std::move(done)), workers_(std::max(1u, workers)) {}

DownloadVerifier::~DownloadVerifier() { stop(); }

void DownloadVerifier::verify(const protocol::FileKey& key, std::string path, std::string meta_path,
                              std::optional<FinishTarget> finish_into) {
  const auto ticket = next_ticket_++;
  wanted_[key] = ticket;
  {
    std::lock_guard lock(shared_->mutex);
    std::erase_if(shared_->queue, [&](const Job& job) { return job.key == key; });
    shared_->queue.push_back(Job{key, ticket, std::move(path), std::move(meta_path), std::move(finish_into)});
    shared_->wanted[key] = ticket;
  }
  if (started_ < workers_) {
    ++started_;
    std::thread(work, shared_, std::ref(loop_), std::weak_ptr<bool>(alive_), this).detach();
  }
  shared_->wake.notify_one();
}

void DownloadVerifier::forget(const protocol::FileKey& key) {
  if (wanted_.erase(key) == 0) return;
  std::lock_guard lock(shared_->mutex);
  shared_->wanted.erase(key);
  std::erase_if(shared_->queue, [&](const Job& job) { return job.key == key; });
}

void DownloadVerifier::stop() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stopping = true;
    shared_->queue.clear();
  }
  shared_->wake.notify_all();
  shared_ = std::make_shared<Shared>();
  started_ = 0;
  wanted_.clear();  // verdicts already posted find nobody waiting
}

void DownloadVerifier::work(std::shared_ptr<Shared> shared, EventLoop& loop, std::weak_ptr<bool> alive,
                            DownloadVerifier* self) {
  share::lower_this_thread_priority(share::IndexingNice);
  for (;;) {
    Job job;
    {
      std::unique_lock lock(shared->mutex);
      shared->wake.wait(lock, [&] { return shared->stopping || !shared->queue.empty(); });
      if (shared->stopping) return;
      job = std::move(shared->queue.front());
      shared->queue.pop_front();
    }
    auto verdict = check(job.key, job.path, job.meta_path);
    std::string moved_to;
    if (verdict && *verdict && job.finish_into) {
      // Under shared->mutex: stop() or forget() before the commit leaves the partial.
      auto moved = move_finished_file(job.path, job.meta_path, *job.finish_into, shared->mutex, [&] {
        const auto wanted = shared->wanted.find(job.key);
        return !shared->stopping && wanted != shared->wanted.end() && wanted->second == job.ticket;
      });
      if (moved)
        moved_to = std::move(*moved);
      else
        verdict = tl::unexpected(std::move(moved.error()));
    }
    // Posted under the lock: stop() cannot slip in between, and once it has run the loop and
    // the verifier may be gone.
    std::lock_guard lock(shared->mutex);
    if (shared->stopping) return;
    loop.post([alive, self, key = job.key, ticket = job.ticket, verdict = std::move(verdict),
               moved_to = std::move(moved_to)]() mutable {
      if (alive.lock()) self->deliver(key, ticket, std::move(verdict), std::move(moved_to));
    });
  }
}

void DownloadVerifier::deliver(const protocol::FileKey& key, std::uint64_t ticket, Verdict verdict,
                               std::string moved_to) {
  const auto wanted = wanted_.find(key);
  if (wanted == wanted_.end() || wanted->second != ticket) return;  // forgotten or superseded
  wanted_.erase(wanted);
  {
    std::lock_guard lock(shared_->mutex);
    if (const auto same = shared_->wanted.find(key); same != shared_->wanted.end() && same->second == ticket)
      shared_->wanted.erase(same);
  }
  done_(key, std::move(verdict), std::move(moved_to));
}

}  // namespace wpn::net
