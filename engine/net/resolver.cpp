#include "net/resolver.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>

namespace wpn::net {

ResolveResult resolve_with_system(const std::string& host, std::uint16_t port) {
  try {
    return Poco::Net::SocketAddress(host, port);
  } catch (const Poco::Exception& e) {
    return tl::unexpected(e.displayText());
  }
}

struct Resolver::Callbacks {
  std::unordered_map<std::uint64_t, Done> waiting;

  void complete(std::uint64_t id, ResolveResult result) {
    const auto found = waiting.find(id);
    if (found == waiting.end()) return;  // cancelled
    auto done = std::move(found->second);
    waiting.erase(found);
    done(std::move(result));
  }
};

struct Resolver::Worker {
  struct Job {
    std::uint64_t id = 0;
    std::string host;
    std::uint16_t port = 0;
  };
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Job> jobs;  // guarded by mutex, as are the flags
  bool stopping = false;
  bool busy = false;
};

void Resolver::post_answer(EventLoop& loop, const std::weak_ptr<Callbacks>& callbacks, std::uint64_t id,
                           ResolveResult result) {
  loop.post([callbacks, id, result = std::move(result)]() mutable {
    if (auto alive = callbacks.lock()) alive->complete(id, std::move(result));
  });
}

Resolver::Resolver(EventLoop& loop, ResolveFunction lookup)
    : loop_(loop),
      lookup_(lookup ? std::move(lookup) : ResolveFunction(resolve_with_system)),
      worker_(std::make_shared<Worker>()),
      callbacks_(std::make_shared<Callbacks>()) {}

Resolver::~Resolver() { stop(); }

ResolveId Resolver::resolve(const std::string& host, std::uint16_t port, Done done) {
  const auto id = next_id_++;
  callbacks_->waiting.emplace(id, std::move(done));
  Poco::Net::IPAddress ip;
  if (Poco::Net::IPAddress::tryParse(host, ip)) {
    post_answer(loop_, callbacks_, id, Poco::Net::SocketAddress(ip, port));
    return static_cast<ResolveId>(id);
  }
  if (!thread_.joinable()) {
    // The thread holds the worker and the loop, never the resolver: it may outlive it.
    thread_ = std::thread(
        [worker = worker_, lookup = lookup_, loop = &loop_, callbacks = std::weak_ptr<Callbacks>(callbacks_)] {
          std::unique_lock lock(worker->mutex);
          for (;;) {
            worker->wake.wait(lock, [&] { return worker->stopping || !worker->jobs.empty(); });
            if (worker->stopping) return;
            auto job = std::move(worker->jobs.front());
            worker->jobs.pop_front();
            worker->busy = true;
            lock.unlock();
            ResolveResult result = tl::unexpected(std::string("lookup failed"));
            try {
              result = lookup(job.host, job.port);
            } catch (const std::exception& e) {
              result = tl::unexpected(std::string(e.what()));
            } catch (...) {
            }
            lock.lock();
            worker->busy = false;
            if (worker->stopping) return;  // the loop may be gone: touch nothing
            post_answer(*loop, callbacks, job.id, std::move(result));
          }
        });
  }
  {
    std::lock_guard lock(worker_->mutex);
    worker_->jobs.push_back(Worker::Job{id, host, port});
  }
  worker_->wake.notify_one();
  return static_cast<ResolveId>(id);
}

void Resolver::cancel(ResolveId id) {
  const auto raw = static_cast<std::uint64_t>(id);
  if (callbacks_->waiting.erase(raw) == 0) return;
  std::lock_guard lock(worker_->mutex);
  std::erase_if(worker_->jobs, [raw](const Worker::Job& job) { return job.id == raw; });
}

void Resolver::stop() {
  callbacks_->waiting.clear();
  if (!thread_.joinable()) return;
  bool busy = false;
  {
    std::lock_guard lock(worker_->mutex);
    worker_->stopping = true;
    worker_->jobs.clear();
    busy = worker_->busy;
  }
  worker_->wake.notify_one();
  // A lookup cannot be interrupted; waiting for it would stall the loop for as long.
  if (busy) {
    thread_.detach();
  } else {
    thread_.join();
  }
  worker_ = std::make_shared<Worker>();  // a later resolve() starts a fresh thread
}

std::size_t Resolver::pending() const noexcept { return callbacks_->waiting.size(); }

}  // namespace wpn::net
