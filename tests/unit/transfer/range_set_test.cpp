#include "transfer/range_set.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using namespace wpn::transfer;
namespace bdata = boost::unit_test::data;

namespace {

using Ranges = std::vector<ByteRange>;

// The reference model: one flag per byte.
struct Bitmap {
  std::vector<bool> bits;
  explicit Bitmap(std::size_t size) : bits(size, false) {}
  void set(ByteRange r, bool value) {
    for (auto i = r.start; i < r.end; ++i) bits[i] = value;
  }
  Ranges runs(bool value, ByteRange within) const {
    Ranges out;
    for (auto i = within.start; i < within.end; ++i) {
      if (bits[i] != value) continue;
      if (!out.empty() && out.back().end == i) {
        ++out.back().end;
      } else {
        out.push_back({i, i + 1});
      }
    }
    return out;
  }
  std::uint64_t count() const {
    std::uint64_t n = 0;
    for (const bool b : bits) n += b ? 1 : 0;
    return n;
  }
};

std::ostream& operator<<(std::ostream& os, const ByteRange& r) { return os << '[' << r.start << ',' << r.end << ')'; }

}  // namespace

namespace wpn::transfer {
std::ostream& boost_test_print_type(std::ostream& os, const ByteRange& r) { return ::operator<<(os, r); }
}  // namespace wpn::transfer

BOOST_AUTO_TEST_SUITE(range_set)

BOOST_AUTO_TEST_CASE(merges_overlapping_and_touching_ranges) {
  RangeSet set;
  set.insert({10, 20});
  set.insert({30, 40});
  set.insert({20, 25});  // touches the first
  set.insert({24, 31});  // bridges to the second
  const Ranges expected{{10, 40}};
  BOOST_TEST(set.ranges() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ignores_empty_ranges) {
  RangeSet set;
  set.insert({5, 5});
  set.insert({9, 3});
  BOOST_TEST(set.empty());
}

BOOST_AUTO_TEST_CASE(erase_splits_a_range) {
  RangeSet set;
  set.insert({0, 100});
  set.erase({40, 60});
  const Ranges expected{{0, 40}, {60, 100}};
  BOOST_TEST(set.ranges() == expected, boost::test_tools::per_element());
  BOOST_TEST(!set.contains(std::uint64_t{40}));
  BOOST_TEST(set.contains(std::uint64_t{39}));
  BOOST_TEST(set.contains(std::uint64_t{60}));
}

BOOST_AUTO_TEST_CASE(missing_lists_the_gaps_inside_a_window) {
  RangeSet set;
  set.insert({10, 20});
  set.insert({30, 40});
  const Ranges expected{{5, 10}, {20, 30}, {40, 45}};
  BOOST_TEST(set.missing({5, 45}) == expected, boost::test_tools::per_element());
  const Ranges inner{{20, 30}};
  BOOST_TEST(set.missing({15, 35}) == inner, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(complete_needs_every_byte_from_zero) {
  RangeSet set;
  BOOST_TEST(set.complete(0));
  set.insert({1, 100});
  BOOST_TEST(!set.complete(100));
  set.insert({0, 1});
  BOOST_TEST(set.complete(100));
  BOOST_TEST(!set.complete(101));
}

BOOST_AUTO_TEST_CASE(covered_counts_bytes_inside_a_window) {
  RangeSet set;
  set.insert({10, 20});
  set.insert({30, 40});
  BOOST_TEST(set.covered() == 20u);
  BOOST_TEST(set.covered({15, 35}) == 10u);
}

BOOST_DATA_TEST_CASE(matches_a_bitmap_model_under_random_inserts_and_erases, bdata::xrange(40), seed) {
  constexpr std::uint64_t Size = 300;
  std::mt19937 rng(static_cast<std::uint32_t>(seed) * 7919u + 1u);
  std::uniform_int_distribution<std::uint64_t> offset(0, Size);
  std::uniform_int_distribution<int> op(0, 3);
  RangeSet set;
  Bitmap model(Size);
  for (int step = 0; step < 200; ++step) {
    auto a = offset(rng);
    auto b = offset(rng);
    if (a > b) std::swap(a, b);
    const bool erase = op(rng) == 0;
    if (erase) {
      set.erase({a, b});
    } else {
      set.insert({a, b});
    }
    model.set({a, b}, !erase);
    BOOST_TEST_CONTEXT("seed " << seed << " step " << step) {
      BOOST_TEST(set.ranges() == model.runs(true, {0, Size}), boost::test_tools::per_element());
      BOOST_TEST(set.missing({0, Size}) == model.runs(false, {0, Size}), boost::test_tools::per_element());
      BOOST_TEST(set.covered() == model.count());
      BOOST_TEST(set.complete(Size) == (model.count() == Size));
      const auto probe = offset(rng) % Size;
      BOOST_TEST(set.contains(probe) == static_cast<bool>(model.bits[probe]));
    }
  }
}

BOOST_DATA_TEST_CASE(any_insert_order_of_a_cover_completes, bdata::xrange(20), seed) {
  // Cut [0, 1000) into random pieces and insert them shuffled.
  std::mt19937 rng(static_cast<std::uint32_t>(seed) + 17u);
  std::vector<std::uint64_t> cuts{0, 1000};
  std::uniform_int_distribution<std::uint64_t> cut(1, 999);
  for (int i = 0; i < 12; ++i) cuts.push_back(cut(rng));
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  Ranges pieces;
  for (std::size_t i = 1; i < cuts.size(); ++i) pieces.push_back({cuts[i - 1], cuts[i]});
  std::shuffle(pieces.begin(), pieces.end(), rng);
  RangeSet set;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    BOOST_TEST(!set.complete(1000));
    set.insert(pieces[i]);
  }
  BOOST_TEST(set.complete(1000));
  BOOST_TEST(set.count() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
