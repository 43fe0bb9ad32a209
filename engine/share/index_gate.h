#pragma once
// The index writer object is used by one thread at a time (share_index.h); the scan thread
// and the hash-result committer share it through this gate.

#include <mutex>
#include <utility>

#include "share/share_index.h"

namespace wpn::share {

class IndexGate {
 public:
  explicit IndexGate(ShareIndex& index) noexcept : index_(index) {}
  IndexGate(const IndexGate&) = delete;
  IndexGate& operator=(const IndexGate&) = delete;

  template <class F>
  auto with(F&& f) {
    std::lock_guard lock(mutex_);
    return std::forward<F>(f)(index_);
  }

 private:
  ShareIndex& index_;
  std::mutex mutex_;
};

}  // namespace wpn::share
