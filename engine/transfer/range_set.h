#pragma once
// A set of byte offsets kept as sorted, disjoint, non-adjacent half-open
// ranges [start, end). Tracks what a partial download already holds, what is
// in flight, and what is still missing (filesharing.md §3.6, §8.1).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wpn::transfer {

struct ByteRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive

  std::uint64_t length() const noexcept { return end > start ? end - start : 0; }
  bool empty() const noexcept { return end <= start; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

class RangeSet {
 public:
  RangeSet() = default;

  // Adds the range, merging with overlapping and touching neighbours.
  void insert(ByteRange range);
  // Removes the range; a range partly covered is split.
  void erase(ByteRange range);
  void clear() noexcept { ranges_.clear(); }

  bool contains(std::uint64_t offset) const noexcept;
  // True when every byte of a non-empty range is held (an empty range: true).
  bool contains(ByteRange range) const noexcept;
  // Bytes held in total.
  std::uint64_t covered() const noexcept;
  // Bytes held inside `within`.
  std::uint64_t covered(ByteRange within) const noexcept;
  // The gaps inside `within`, in order.
  std::vector<ByteRange> missing(ByteRange within) const;
  // True when [0, size) is held entirely (size 0: true).
  bool complete(std::uint64_t size) const noexcept;

  bool empty() const noexcept { return ranges_.empty(); }
  std::size_t count() const noexcept { return ranges_.size(); }
  // Canonical form: sorted, each non-empty, a gap between any two.
  const std::vector<ByteRange>& ranges() const noexcept { return ranges_; }

  friend bool operator==(const RangeSet&, const RangeSet&) = default;

 private:
  // First range whose end is >= offset (it may touch or hold offset).
  std::vector<ByteRange>::iterator first_reaching(std::uint64_t offset);
  std::vector<ByteRange>::const_iterator first_reaching(std::uint64_t offset) const;

  std::vector<ByteRange> ranges_;
};

}  // namespace wpn::transfer
