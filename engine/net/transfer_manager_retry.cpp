// TransferManager: a download stopped by a local error (disk full, a partial file that could
// not be written) tries again by itself once the pause runs out, so it finishes when space
// comes back without anyone asking; the pause grows while the error persists.
#include <algorithm>
#include <array>

#include <Poco/Logger.h>

#include "net/transfer_manager.h"

namespace wpn::net {
namespace {

constexpr std::array LocalRetryDelays{std::chrono::seconds(15),  std::chrono::seconds(30),  std::chrono::seconds(60),
                                      std::chrono::seconds(120), std::chrono::seconds(300), std::chrono::seconds(600)};

}  // namespace

bool TransferManager::retry(transfer::TransferId id) {
  const auto key = download_keys_.find(id);
  if (key == download_keys_.end() || download_errors_.count(id) == 0) return false;
  // Its own sidecar only: a retry every few minutes must not read every partial's.
  auto found = storage_.load(key->second);
  if (const auto kept = failed_meta_.find(id); !found && kept != failed_meta_.end()) found = kept->second;
  if (!found) return false;
  download_errors_.erase(id);
  failed_meta_.erase(id);
  local_retry_at_.erase(id);
  rows_.erase(id);
  download_keys_.erase(key);
  // Under the same id: the same download to whoever watches it.
  apply(Machine::Download, downloader_.add_download(transfer::spec_from(*found), now(), id));
  remember_download(found->key);
  return true;
}

void TransferManager::schedule_local_retry(transfer::TransferId id) {
  const auto failures = ++local_failures_[id];
  const auto step = std::min<std::size_t>(failures, LocalRetryDelays.size()) - 1;
  local_retry_at_[id] = now() + LocalRetryDelays[step];
  arm_local_retry();
}

void TransferManager::arm_local_retry() {
  loop_.cancel_timer(local_retry_timer_);
  local_retry_timer_ = TimerId::None;
  if (local_retry_at_.empty() || !started_) return;
  const auto next = std::min_element(local_retry_at_.begin(), local_retry_at_.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  const auto delay = std::max(next->second - now(), Clock::duration::zero());
  local_retry_timer_ = loop_.add_timer(delay, [this] {
    local_retry_timer_ = TimerId::None;
    on_local_retry();
  });
}

void TransferManager::on_local_retry() {
  std::vector<transfer::TransferId> due;
  for (const auto& [id, at] : local_retry_at_)
    if (at <= now()) due.push_back(id);
  for (const auto id : due) {
    local_retry_at_.erase(id);
    if (retry(id)) Poco::Logger::get("wpn.net").information("download " + std::to_string(id) + ": trying again");
  }
  arm_local_retry();
}

void TransferManager::forget_local_retry(transfer::TransferId id) {
  local_failures_.erase(id);
  local_retry_at_.erase(id);
}

}  // namespace wpn::net
