#include "transfer/segment_planner.h"

#include <vector>

namespace wpn::transfer {
namespace {

std::optional<ByteRange> first_unclaimed(const RangeSet& have, std::uint64_t size,
                                         std::span<const ByteRange> in_flight) {
  RangeSet claimed = have;
  for (const auto& range : in_flight) claimed.insert(range);
  const auto gaps = claimed.missing({0, size});
  if (gaps.empty()) return std::nullopt;
  return gaps.front();
}

// The missing tail of an in-flight range: its source writes from the front.
std::optional<ByteRange> missing_tail(const RangeSet& have, ByteRange range) {
  const auto gaps = have.missing(range);
  if (gaps.empty()) return std::nullopt;
  return gaps.back();
}

}  // namespace

std::optional<PlannedSegment> plan_segment(const RangeSet& have, std::uint64_t size,
                                           std::span<const ByteRange> in_flight, std::uint64_t min_split) {
  if (const auto gap = first_unclaimed(have, size, in_flight)) return PlannedSegment{*gap, std::nullopt};

  std::optional<std::size_t> best;
  ByteRange best_tail;
  for (std::size_t i = 0; i < in_flight.size(); ++i) {
    const auto tail = missing_tail(have, in_flight[i]);
    if (!tail || tail->length() / 2 < min_split || tail->length() < 2) continue;
    if (!best || tail->length() > best_tail.length()) {
      best = i;
      best_tail = *tail;
    }
  }
  if (!best) return std::nullopt;
  const std::uint64_t middle = best_tail.start + best_tail.length() / 2;
  return PlannedSegment{{middle, best_tail.end}, best};
}

}  // namespace wpn::transfer
