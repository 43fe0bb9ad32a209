#include "protocol/file_hash.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include "protocol/hex.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Object::Ptr patterns() {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("hash_patterns.json"))).extract<Object::Ptr>();
}

// The contents of filesharing.md §7.6, generated on demand; records every read.
class PatternReader final : public BlockReader {
 public:
  PatternReader(std::string pattern, std::uint64_t size) : pattern_(std::move(pattern)), size_(size) {}

  tl::expected<std::size_t, std::error_code> read_at(std::uint64_t offset, std::span<Byte> out) override {
    reads.push_back(offset);
    if (offset >= size_) return std::size_t{0};
    const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), size_ - offset));
    for (std::size_t k = 0; k < count; ++k) out[k] = byte_at(offset + k);
    return count;
  }

  Byte byte_at(std::uint64_t i) const {
    if (pattern_ == "P") return static_cast<Byte>(i & 0xFF);
    if (pattern_ == "Q") return static_cast<Byte>(((i * 2654435761u) & 0xFFFFFFFFu) >> 24);
    return 0;  // "Z" and "any"
  }

  std::vector<std::uint64_t> reads;

 private:
  std::string pattern_;
  std::uint64_t size_;
};

// Returns at most `limit` bytes per call, as a socket-like source may.
class DribblingReader final : public BlockReader {
 public:
  DribblingReader(BlockReader& inner, std::size_t limit) : inner_(inner), limit_(limit) {}
  tl::expected<std::size_t, std::error_code> read_at(std::uint64_t offset, std::span<Byte> out) override {
    return inner_.read_at(offset, out.first(std::min(out.size(), limit_)));
  }

 private:
  BlockReader& inner_;
  std::size_t limit_;
};

class FailingReader final : public BlockReader {
 public:
  tl::expected<std::size_t, std::error_code> read_at(std::uint64_t, std::span<Byte>) override {
    return tl::unexpected(std::make_error_code(std::errc::permission_denied));
  }
};

std::string hash_hex(const std::string& pattern, std::uint64_t size) {
  PatternReader reader(pattern, size);
  const auto hash = hash_content(reader, size);
  BOOST_REQUIRE_MESSAGE(hash.has_value(), pattern << "/" << size);
  return to_hex(*hash);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_hash)

BOOST_AUTO_TEST_CASE(matches_every_row_of_the_documented_table) {
  const Array::Ptr rows = patterns()->getArray("hashes");
  BOOST_REQUIRE(rows->size() == 27u);
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Object::Ptr row = rows->getObject(static_cast<unsigned>(i));
    const std::string pattern = row->getValue<std::string>("pattern");
    const auto size = row->getValue<std::uint64_t>("size");
    BOOST_TEST(hash_hex(pattern, size) == row->getValue<std::string>("hash"), pattern << "/" << size);
  }
}

BOOST_AUTO_TEST_CASE(documented_observations_hold) {
  BOOST_TEST(hash_hex("P", 17) == hash_hex("P", 32));
  BOOST_TEST(hash_hex("P", 131072) == hash_hex("P", 131073));
  BOOST_TEST(hash_hex("P", 6553600) == hash_hex("P", 13107200));
  BOOST_TEST(hash_hex("Q", 17) == hash_hex("Q", 32));
  BOOST_TEST(hash_hex("P", 32) != hash_hex("P", 33));
  // The groups recorded with the table agree.
  const Array::Ptr groups = patterns()->getArray("same_hash_groups");
  for (std::size_t i = 0; i < groups->size(); ++i) {
    const Object::Ptr group = groups->getObject(static_cast<unsigned>(i));
    const Array::Ptr sizes = group->getArray("sizes");
    const std::string pattern = group->getValue<std::string>("pattern");
    const std::string first = hash_hex(pattern, sizes->getElement<std::uint64_t>(0));
    for (unsigned s = 1; s < sizes->size(); ++s) {
      BOOST_TEST(hash_hex(pattern, sizes->getElement<std::uint64_t>(s)) == first);
    }
  }
}

BOOST_AUTO_TEST_CASE(stride_is_at_least_five_blocks) {
  BOOST_TEST(hash_stride_blocks(0) == 5u);
  BOOST_TEST(hash_stride_blocks(7864319) == 5u);           // 59 blocks
  BOOST_TEST(hash_stride_blocks(7864320) == 6u);           // 60 blocks
  BOOST_TEST(hash_stride_blocks(20000000) == 15u);         // 152 blocks
  BOOST_TEST(hash_stride_blocks(6442450944ull) == 4915u);  // 6 GiB = 49152 blocks
}

BOOST_AUTO_TEST_CASE(plan_lists_the_sampled_blocks) {
  BOOST_TEST(hash_sampling_plan(0).empty());
  BOOST_TEST((hash_sampling_plan(100) == std::vector<HashSample>{{0, 100}}));
  BOOST_TEST((hash_sampling_plan(131072) == std::vector<HashSample>{{0, 131072}}));
  BOOST_TEST((hash_sampling_plan(131073) == std::vector<HashSample>{{0, 131072}}));
  BOOST_TEST((hash_sampling_plan(655360) == std::vector<HashSample>{{0, 131072}}));
  BOOST_TEST((hash_sampling_plan(655361) == std::vector<HashSample>{{0, 131072}, {655360, 1}}));
  const auto plan = hash_sampling_plan(20000000);
  BOOST_REQUIRE(plan.size() == 11u);
  BOOST_TEST(plan[1].offset == 1966080u);
  BOOST_TEST(plan[10].offset == 19660800u);
  BOOST_TEST(plan[10].length == 131072u);
}

BOOST_AUTO_TEST_CASE(reads_past_four_gib_with_64_bit_offsets) {
  const std::uint64_t size = 6442450944ull;  // 6 GiB
  PatternReader reader("P", size);
  BOOST_REQUIRE(hash_content(reader, size).has_value());
  BOOST_TEST(reader.reads.size() == 11u);
  BOOST_TEST(reader.reads.back() == 6442188800ull);
  BOOST_TEST(!make_file_key(ContentHash{}, size).has_value());
}

BOOST_AUTO_TEST_CASE(incremental_hasher_gives_the_documented_hash) {
  const Array::Ptr rows = patterns()->getArray("hashes");
  Object::Ptr row;
  for (unsigned i = 0; i < rows->size(); ++i) {
    const Object::Ptr r = rows->getObject(i);
    if (r->getValue<std::string>("pattern") == "Q" && r->getValue<std::uint64_t>("size") == 20000000u) row = r;
  }
  BOOST_REQUIRE(row);
  PatternReader source("Q", 20000000);
  ContentHasher hasher;
  for (const HashSample& sample : hash_sampling_plan(20000000)) {
    Bytes block(sample.length);
    BOOST_REQUIRE(source.read_at(sample.offset, block).value() == sample.length);
    hasher.absorb_block(block);
  }
  BOOST_TEST(to_hex(hasher.digest()) == row->getValue<std::string>("hash"));
}

// The mixing step exactly as filesharing.md §7.2 states it, one byte at a time, as an
// independent check of the word-wise implementation on content no table covers.
ContentHash absorb_byte_by_byte(ContentHash state, const Bytes& block) {
  if (block.size() <= 16) return state;
  Byte carry = 0xC9;
  Byte counter = 0;
  for (std::size_t off = 0; off < block.size() - 16; off += 16) {
    for (std::size_t i = 0; i < 16; ++i) state[i] = static_cast<Byte>(state[i] + block[off + i]);
    state[0] ^= carry;
    for (std::size_t i = 1; i < 16; ++i) state[i] ^= state[i - 1];
    const auto t = static_cast<Byte>(counter + state[15]);
    carry = static_cast<Byte>((t << 1) | (t >> 7));
    ++counter;
  }
  return state;
}

BOOST_AUTO_TEST_CASE(absorbing_random_blocks_matches_the_byte_wise_definition) {
  std::mt19937 random(20261121);
  for (const std::size_t size : {0U, 1U, 16U, 17U, 31U, 32U, 33U, 255U, 4097U, 65535U, 131071U, 131072U}) {
    ContentHasher hasher;
    ContentHash expected{};
    for (int block_number = 0; block_number < 3; ++block_number) {  // the state carries over
      Bytes block(size);
      for (auto& b : block) b = static_cast<Byte>(random());
      hasher.absorb_block(block);
      expected = absorb_byte_by_byte(expected, block);
    }
    BOOST_TEST(to_hex(hasher.digest()) == to_hex(expected), "block size " << size);
  }
}

BOOST_AUTO_TEST_CASE(tolerates_readers_returning_partial_counts) {
  PatternReader inner("Q", 1048576);
  DribblingReader reader(inner, 1000);
  const auto hash = hash_content(reader, 1048576);
  BOOST_REQUIRE(hash.has_value());
  BOOST_TEST(to_hex(*hash) == hash_hex("Q", 1048576));
  BOOST_TEST(to_hex(*hash) == "95c9951dcb3eeca97862d569f69bf462");
}

BOOST_AUTO_TEST_CASE(reports_content_shorter_than_the_given_size) {
  PatternReader reader("P", 1000);
  const auto hash = hash_content(reader, 5000);
  BOOST_REQUIRE(!hash.has_value());
  BOOST_TEST((hash.error() == std::errc::io_error));
}

BOOST_AUTO_TEST_CASE(passes_reader_errors_through) {
  FailingReader reader;
  const auto hash = hash_content(reader, 50);
  BOOST_REQUIRE(!hash.has_value());
  BOOST_TEST((hash.error() == std::errc::permission_denied));
  BOOST_TEST(hash_content(reader, 0).has_value());  // nothing to read
}

BOOST_AUTO_TEST_CASE(span_reader_serves_memory_content) {
  const Bytes data = wpn::test::hex("00010203040506070809 0a0b0c0d0e0f10 11");
  SpanBlockReader reader(data);
  const auto hash = hash_content(reader, data.size());
  BOOST_REQUIRE(hash.has_value());
  BOOST_TEST(to_hex(*hash) == "c9c8cac9cdc8cec9c1c8c2c9c5c8c6c9");  // P / 18 = one chunk, like P / 17
  Byte tail[4];
  BOOST_TEST(reader.read_at(16, tail).value() == 2u);
  BOOST_TEST(reader.read_at(18, tail).value() == 0u);
}

BOOST_AUTO_TEST_CASE(file_key_fits_only_u32_sizes) {
  const ContentHash hash{};
  BOOST_TEST(make_file_key(hash, 4294967295ull).value().size == 4294967295u);
  BOOST_TEST(!make_file_key(hash, 4294967296ull).has_value());
}

BOOST_AUTO_TEST_CASE(compute_file_key_refuses_sizes_beyond_u32_without_reading) {
  PatternReader reader("P", 4294967296ull);
  const auto key = compute_file_key(reader, 4294967296ull);
  BOOST_REQUIRE(!key.has_value());
  BOOST_TEST((key.error() == std::errc::file_too_large));
  BOOST_TEST(reader.reads.empty());
}

BOOST_AUTO_TEST_CASE(full_keys_match_the_documented_twenty_bytes) {
  const Array::Ptr keys = patterns()->getArray("keys");
  BOOST_REQUIRE(keys->size() == 3u);
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const Object::Ptr row = keys->getObject(static_cast<unsigned>(i));
    const auto size = row->getValue<std::uint64_t>("size");
    PatternReader reader(row->getValue<std::string>("pattern"), size);
    const auto key = make_file_key(hash_content(reader, size).value(), size);
    BOOST_REQUIRE(key.has_value());
    BOOST_TEST(key->hex() == row->getValue<std::string>("key"));
    PatternReader again(row->getValue<std::string>("pattern"), size);
    BOOST_TEST(compute_file_key(again, size).value().hex() == row->getValue<std::string>("key"));
  }
}

BOOST_AUTO_TEST_SUITE_END()
