#include "protocol/codecs/cache.h"

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "protocol/frontcode.h"
#include "protocol/key_block.h"
#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::hex;

namespace {

// A fixed byte sequence, so replies are reproducible.
class CountingRandom final : public RandomSource {
 public:
  explicit CountingRandom(Byte start) : next_(start) {}
  void fill(std::span<Byte> out) override {
    for (auto& b : out) {
      b = next_;
      next_ = static_cast<Byte>(next_ * 5 + 17);
    }
  }

 private:
  Byte next_;
};

Poco::JSON::Object::Ptr crypto_vectors() {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("crypto.json")))
      .extract<Poco::JSON::Object::Ptr>();
}

// A reply assembled from the shared vectors: '8', the first 0x54 key block of
// key_blocks.create, the first frontcode.encrypt output. Returns the
// plaintext records as the expected value.
struct VectorReply {
  Bytes wire;
  Bytes plaintext;
};
VectorReply vector_reply() {
  const auto root = crypto_vectors();
  VectorReply reply;
  reply.wire.push_back(0x38);
  const auto creates = root->getObject("key_blocks")->getArray("create");
  for (std::size_t i = 0; i < creates->size(); ++i) {
    const auto item = creates->getObject(static_cast<unsigned>(i));
    if (item->getValue<std::string>("id") == "0x0054") {
      const Bytes block = hex(item->getValue<std::string>("block"));
      reply.wire.insert(reply.wire.end(), block.begin(), block.end());
      break;
    }
  }
  BOOST_REQUIRE(reply.wire.size() == 17u);
  const auto encrypt = root->getObject("frontcode")->getArray("encrypt")->getObject(0);
  const Bytes cipher = hex(encrypt->getValue<std::string>("output"));
  reply.wire.insert(reply.wire.end(), cipher.begin(), cipher.end());
  reply.plaintext = hex(encrypt->getValue<std::string>("plaintext"));
  BOOST_REQUIRE(reply.wire.size() == 149u);
  BOOST_REQUIRE(reply.plaintext.size() == 120u);
  return reply;
}

// The expected record, read straight from the plaintext bytes (§3.2 offsets).
void check_record(const NodeRecord& record, const Bytes& plain, std::size_t index) {
  const std::size_t at = index * 12;
  BOOST_TEST_CONTEXT("record " << index) {
    for (std::size_t i = 0; i < 4; ++i) BOOST_TEST(record.ip[i] == plain[at + i]);
    BOOST_TEST(record.udp_port == (plain[at + 4] | plain[at + 5] << 8));
    BOOST_TEST(record.tcp_port == (plain[at + 6] | plain[at + 7] << 8));
    BOOST_TEST(record.free_primary == plain[at + 8]);
    BOOST_TEST(record.free_secondary == plain[at + 9]);
    BOOST_TEST(record.marker == plain[at + 10]);
    BOOST_TEST(record.pad == plain[at + 11]);
  }
}

NodeRecord sample_record(Byte last_octet) {
  NodeRecord record;
  record.ip = {192, 168, 1, last_octet};
  record.udp_port = 6257;
  record.tcp_port = 6699;
  record.free_primary = 2;
  record.free_secondary = 7;
  return record;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cache)

BOOST_AUTO_TEST_CASE(decodes_reply_built_from_reference_vectors) {
  const VectorReply vectors = vector_reply();
  const auto reply = decode_cache_reply(vectors.wire);
  BOOST_REQUIRE(reply.has_value());
  for (std::size_t i = 0; i < CacheReplyRecords; ++i) check_record(reply->records[i], vectors.plaintext, i);
}

BOOST_AUTO_TEST_CASE(reader_gives_the_same_reply_for_every_chunk_size) {
  const VectorReply vectors = vector_reply();
  const CacheReply whole = decode_cache_reply(vectors.wire).value();
  for (std::size_t chunk = 1; chunk <= vectors.wire.size(); ++chunk) {
    CacheReplyReader reader;
    std::size_t fed = 0;
    while (fed < vectors.wire.size()) {
      BOOST_REQUIRE((reader.status() == CacheReplyReader::Status::NeedMore));
      const std::size_t n = std::min(chunk, vectors.wire.size() - fed);
      BOOST_REQUIRE(reader.feed(ByteView(vectors.wire).subspan(fed, n)) == n);
      fed += n;
    }
    BOOST_TEST_CONTEXT("chunk " << chunk) {
      BOOST_REQUIRE((reader.status() == CacheReplyReader::Status::Complete));
      BOOST_TEST((reader.reply().value() == whole));
      BOOST_TEST(reader.missing() == 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(reader_leaves_bytes_after_the_reply) {
  Bytes wire = vector_reply().wire;
  wire.push_back(0xAA);
  wire.push_back(0xBB);
  CacheReplyReader reader;
  BOOST_TEST(reader.feed(wire) == 149u);
  BOOST_TEST((reader.status() == CacheReplyReader::Status::Complete));
  BOOST_TEST(reader.feed(wire) == 0u);
  BOOST_TEST((decode_cache_reply(wire).error().code == DecodeErrc::TrailingBytes));
}

BOOST_AUTO_TEST_CASE(wrong_greeting_fails_at_the_first_byte) {
  Bytes wire = vector_reply().wire;
  wire[0] = 0x31;
  CacheReplyReader reader;
  BOOST_TEST(reader.feed(ByteView(wire).first(1)) == 1u);
  BOOST_REQUIRE((reader.status() == CacheReplyReader::Status::Failed));
  BOOST_TEST((reader.error()->code == DecodeErrc::BadValue));
  BOOST_TEST(reader.error()->offset == 0u);
  BOOST_TEST((decode_cache_reply(wire).error().code == DecodeErrc::BadValue));
}

BOOST_AUTO_TEST_CASE(key_block_of_another_id_fails_once_complete) {
  CountingRandom random(3);
  const KeyBlock secondary = create_key_block(key_id::SecondaryServer, random);
  Bytes wire = vector_reply().wire;
  std::copy(secondary.begin(), secondary.end(), wire.begin() + 1);
  CacheReplyReader reader;
  BOOST_TEST(reader.feed(ByteView(wire).first(16)) == 16u);
  BOOST_TEST((reader.status() == CacheReplyReader::Status::NeedMore));
  reader.feed(ByteView(wire).subspan(16, 1));
  BOOST_REQUIRE((reader.status() == CacheReplyReader::Status::Failed));
  BOOST_TEST((reader.error()->code == DecodeErrc::BadKeyBlock));
  BOOST_TEST(reader.error()->offset == 1u);
  BOOST_TEST((decode_cache_reply(wire).error().code == DecodeErrc::BadKeyBlock));

  Bytes corrupt = vector_reply().wire;
  corrupt[5] ^= 0x01;  // breaks a check byte
  BOOST_TEST((decode_cache_reply(corrupt).error().code == DecodeErrc::BadKeyBlock));
}

BOOST_AUTO_TEST_CASE(truncation_at_every_byte_fails_cleanly) {
  const Bytes wire = vector_reply().wire;
  for (std::size_t cut = 0; cut < wire.size(); ++cut) {
    const auto reply = decode_cache_reply(ByteView(wire).first(cut));
    BOOST_TEST_CONTEXT("cut at " << cut) {
      BOOST_REQUIRE(!reply.has_value());
      BOOST_TEST((reply.error().code == DecodeErrc::Truncated));
      BOOST_TEST(reply.error().offset == cut);
    }
    CacheReplyReader reader;
    reader.feed(ByteView(wire).first(cut));
    BOOST_TEST((reader.status() == CacheReplyReader::Status::NeedMore));
    BOOST_TEST(reader.missing() == wire.size() - cut);
  }
}

BOOST_AUTO_TEST_CASE(built_reply_has_marker_block_and_decodes_back) {
  const std::vector<NodeRecord> known = {sample_record(1), sample_record(2), sample_record(3)};
  const CacheReply reply = make_cache_reply(known);
  CountingRandom random(7);
  Bytes wire;
  encode(reply, random, wire);
  BOOST_REQUIRE(wire.size() == 149u);
  BOOST_TEST(wire[0] == 0x38);
  KeyBlock block{};
  std::copy_n(wire.begin() + 1, 16, block.begin());
  BOOST_TEST(decode_key_block_id(block).value() == key_id::CacheNodeList);
  BOOST_TEST(node_list_avoids_disputed_entry(std::span<const Byte, 132>(wire.data() + 17, 132)));

  const auto decoded = decode_cache_reply(wire);
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((decoded->records[2] == sample_record(3)));
  for (std::size_t i = 3; i < CacheReplyRecords; ++i) BOOST_TEST((decoded->records[i] == NodeRecord{}));
  BOOST_TEST(rank_parent_candidates(decoded->records).size() == 3u);
}

BOOST_AUTO_TEST_CASE(built_replies_differ_with_randomness_but_decode_alike) {
  const CacheReply reply = make_cache_reply(std::vector<NodeRecord>(12, sample_record(9)));
  CountingRandom first(1);
  CountingRandom second(2);
  Bytes a;
  Bytes b;
  encode(reply, first, a);
  encode(reply, second, b);
  BOOST_TEST(a != b);
  BOOST_TEST((decode_cache_reply(a).value() == decode_cache_reply(b).value()));
  BOOST_TEST((decode_cache_reply(a).value() == reply));
}

BOOST_AUTO_TEST_SUITE_END()
