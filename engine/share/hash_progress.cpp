#include "share/hash_progress.h"

#include <algorithm>

#include "protocol/file_hash.h"

namespace wpn::share {

std::uint64_t hash_work_of(std::uint64_t file_size) noexcept {
  // Same sampling as protocol::hash_sampling_plan without building the vector.
  const std::uint64_t stride = protocol::hash_stride_blocks(file_size) * protocol::HashBlockSize;
  std::uint64_t work = PerFileOverhead;
  for (std::uint64_t pos = 0; pos < file_size; pos += stride) {
    const std::uint64_t left = file_size - pos;
    work += left < protocol::HashBlockSize ? left : protocol::HashBlockSize;
    if (left <= protocol::HashBlockSize) break;
  }
  return work;
}

void HashProgressTracker::reset_if_idle(TimePoint now) noexcept {
  if (files_done_ != files_total_) return;
  if (files_total_ != 0 && now - last_finished_ < RoundGap) return;
  // A new round of work: figures start again so the owner sees this round, not the history.
  files_total_ = files_done_ = 0;
  bytes_total_ = bytes_done_ = bytes_read_ = 0;
  work_total_ = work_done_ = 0;
  started_ = now;
  paused_for_ = std::chrono::nanoseconds(0);
  paused_at_ = now;
}

void HashProgressTracker::on_queued(std::uint64_t file_size, TimePoint now) noexcept {
  reset_if_idle(now);
  ++files_total_;
  bytes_total_ += file_size;
  work_total_ += hash_work_of(file_size);
}

void HashProgressTracker::on_finished(std::uint64_t file_size, TimePoint now) noexcept {
  if (files_done_ >= files_total_) return;
  last_finished_ = now;
  ++files_done_;
  bytes_done_ += file_size;
  work_done_ += hash_work_of(file_size);
  if (bytes_done_ > bytes_total_) bytes_total_ = bytes_done_;
  if (work_done_ > work_total_) work_total_ = work_done_;
}

void HashProgressTracker::on_paused(TimePoint now) noexcept {
  if (paused_) return;
  paused_ = true;
  paused_at_ = now;
}

void HashProgressTracker::on_resumed(TimePoint now) noexcept {
  if (!paused_) return;
  paused_ = false;
  if (now > paused_at_ && now > started_) paused_for_ += now - std::max(paused_at_, started_);
}

std::chrono::nanoseconds HashProgressTracker::active_time(TimePoint now) const noexcept {
  if (now <= started_) return std::chrono::nanoseconds(0);
  auto active = std::chrono::duration_cast<std::chrono::nanoseconds>(now - started_) - paused_for_;
  if (paused_ && now > paused_at_) active -= now - std::max(paused_at_, started_);
  return active.count() > 0 ? active : std::chrono::nanoseconds(0);
}

HashProgress HashProgressTracker::snapshot(TimePoint now) const noexcept {
  HashProgress out;
  out.files_done = files_done_;
  out.files_total = files_total_;
  out.bytes_done = bytes_done_;
  out.bytes_total = bytes_total_;
  out.bytes_read = bytes_read_;
  out.paused = paused_;
  const double seconds = std::chrono::duration<double>(active_time(now)).count();
  if (seconds > 0) out.bytes_per_s = static_cast<double>(bytes_done_) / seconds;
  if (work_done_ > 0 && seconds > 0 && work_total_ > work_done_) {
    const double eta = seconds * static_cast<double>(work_total_ - work_done_) / static_cast<double>(work_done_);
    out.eta = std::chrono::seconds(static_cast<std::int64_t>(eta + 0.5));
  }
  return out;
}

}  // namespace wpn::share
