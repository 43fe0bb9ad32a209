#pragma once
// Which byte range a source should fetch next (filesharing.md §3.3 multi-point
// downloads, §3.6 resume). Pure: the caller passes what is held and what other
// sources are fetching right now.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "transfer/range_set.h"

namespace wpn::transfer {

struct PlannedSegment {
  ByteRange range;
  // Set when the range was split off the tail of in_flight[*shrinks]: that
  // source must stop at range.start.
  std::optional<std::size_t> shrinks;

  friend bool operator==(const PlannedSegment&, const PlannedSegment&) = default;
};

// 1. The first missing range nobody is fetching, whole (one request per gap).
// 2. Otherwise the second half of the largest missing tail of an in-flight
//    range, if that tail is at least 2 * min_split bytes long; ties go to the
//    lower index.
// nullopt when nothing is left to fetch or to split.
std::optional<PlannedSegment> plan_segment(const RangeSet& have, std::uint64_t size,
                                           std::span<const ByteRange> in_flight, std::uint64_t min_split);

}  // namespace wpn::transfer
