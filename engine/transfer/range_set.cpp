#include "transfer/range_set.h"

#include <algorithm>

namespace wpn::transfer {

std::vector<ByteRange>::iterator RangeSet::first_reaching(std::uint64_t offset) {
  return std::lower_bound(ranges_.begin(), ranges_.end(), offset,
                          [](const ByteRange& r, std::uint64_t value) { return r.end < value; });
}

std::vector<ByteRange>::const_iterator RangeSet::first_reaching(std::uint64_t offset) const {
  return std::lower_bound(ranges_.begin(), ranges_.end(), offset,
                          [](const ByteRange& r, std::uint64_t value) { return r.end < value; });
}

void RangeSet::insert(ByteRange range) {
  if (range.empty()) return;
  auto first = first_reaching(range.start);
  auto last = first;
  // Absorb every range that overlaps or touches [start, end].
  while (last != ranges_.end() && last->start <= range.end) {
    range.start = std::min(range.start, last->start);
    range.end = std::max(range.end, last->end);
    ++last;
  }
  const auto at = ranges_.erase(first, last);
  ranges_.insert(at, range);
}

void RangeSet::erase(ByteRange range) {
  if (range.empty()) return;
  // Ranges ending exactly at start are untouched; begin after them.
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), range.start,
                             [](std::uint64_t value, const ByteRange& r) { return value < r.end; });
  std::vector<ByteRange> kept;
  auto last = it;
  while (last != ranges_.end() && last->start < range.end) {
    if (last->start < range.start) kept.push_back({last->start, range.start});
    if (last->end > range.end) kept.push_back({range.end, last->end});
    ++last;
  }
  const auto at = ranges_.erase(it, last);
  ranges_.insert(at, kept.begin(), kept.end());
}

bool RangeSet::contains(std::uint64_t offset) const noexcept {
  const auto it = std::upper_bound(ranges_.begin(), ranges_.end(), offset,
                                   [](std::uint64_t value, const ByteRange& r) { return value < r.end; });
  return it != ranges_.end() && it->start <= offset;
}

bool RangeSet::contains(ByteRange range) const noexcept {
  if (range.empty()) return true;
  const auto it = std::upper_bound(ranges_.begin(), ranges_.end(), range.start,
                                   [](std::uint64_t value, const ByteRange& r) { return value < r.end; });
  return it != ranges_.end() && it->start <= range.start && it->end >= range.end;
}

std::uint64_t RangeSet::covered() const noexcept {
  std::uint64_t total = 0;
  for (const auto& r : ranges_) total += r.length();
  return total;
}

std::uint64_t RangeSet::covered(ByteRange within) const noexcept {
  std::uint64_t total = 0;
  for (const auto& r : ranges_) {
    const auto start = std::max(r.start, within.start);
    const auto end = std::min(r.end, within.end);
    if (end > start) total += end - start;
  }
  return total;
}

std::vector<ByteRange> RangeSet::missing(ByteRange within) const {
  std::vector<ByteRange> gaps;
  if (within.empty()) return gaps;
  std::uint64_t cursor = within.start;
  for (auto it = first_reaching(within.start); it != ranges_.end() && it->start < within.end; ++it) {
    if (it->start > cursor) gaps.push_back({cursor, it->start});
    cursor = std::max(cursor, it->end);
  }
  if (cursor < within.end) gaps.push_back({cursor, within.end});
  return gaps;
}

bool RangeSet::complete(std::uint64_t size) const noexcept { return contains(ByteRange{0, size}); }

}  // namespace wpn::transfer
