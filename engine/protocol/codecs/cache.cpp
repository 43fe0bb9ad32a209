#include "protocol/codecs/cache.h"

#include <algorithm>

#include "protocol/frontcode.h"
#include "protocol/key_block.h"

namespace wpn::protocol {
namespace {

static_assert(CacheNodeListOffset + NodeListCipherSize == CacheReplyLength);
static_assert(CacheReplyRecords * NodeRecordLength == NodeListPlainSize);

// Checks whatever prefix of the reply is present; complete prefixes of the
// greeting and the key block are judged as soon as they are whole.
DecodeResult<void> check_prefix(ByteView received) {
  if (!received.empty() && received[0] != CacheGreeting) return decode_error(DecodeErrc::BadValue, 0);
  if (received.size() >= CacheNodeListOffset) {
    KeyBlock block{};
    std::copy_n(received.begin() + CacheKeyBlockOffset, block.size(), block.begin());
    const auto id = decode_key_block_id(block);
    if (!id || *id != key_id::CacheNodeList) return decode_error(DecodeErrc::BadKeyBlock, CacheKeyBlockOffset);
  }
  return {};
}

CacheReply decode_records(std::span<const Byte, NodeListCipherSize> cipher) {
  const NodeListPlain plain = decrypt_node_list(cipher);
  ByteReader reader(plain);
  CacheReply reply;
  for (auto& record : reply.records) record = *read_node_record(reader);
  return reply;
}

}  // namespace

CacheReply make_cache_reply(std::span<const NodeRecord> records) {
  CacheReply reply;
  std::copy_n(records.begin(), std::min(records.size(), CacheReplyRecords), reply.records.begin());
  return reply;
}

void encode(const CacheReply& reply, RandomSource& random, Bytes& out) {
  Bytes plain;
  plain.reserve(NodeListPlainSize);
  ByteWriter plain_writer(plain);
  for (const auto& record : reply.records) write_node_record(plain_writer, record);

  const KeyBlock block = create_key_block(key_id::CacheNodeList, random);
  const NodeListCipher cipher = encrypt_node_list(std::span<const Byte, NodeListPlainSize>(plain), random);
  ByteWriter writer(out);
  writer.u8(CacheGreeting);
  writer.bytes(block);
  writer.bytes(cipher);
}

DecodeResult<CacheReply> decode_cache_reply(ByteView reply) {
  if (auto checked = check_prefix(reply); !checked) return tl::unexpected(checked.error());
  if (reply.size() < CacheReplyLength) return decode_error(DecodeErrc::Truncated, reply.size());
  if (reply.size() > CacheReplyLength) return decode_error(DecodeErrc::TrailingBytes, CacheReplyLength);
  return decode_records(reply.subspan<CacheNodeListOffset, NodeListCipherSize>());
}

std::size_t CacheReplyReader::feed(ByteView data) {
  if (status_ != Status::NeedMore) return 0;
  const std::size_t used = std::min(data.size(), missing());
  const std::size_t before = filled_;
  std::copy_n(data.begin(), used, buffer_.begin() + static_cast<std::ptrdiff_t>(before));
  filled_ += used;

  // Judge the greeting and the key block only when they complete in this call.
  const bool greeting_done = before == 0 && filled_ > 0;
  const bool block_done = before < CacheNodeListOffset && filled_ >= CacheNodeListOffset;
  if (greeting_done || block_done) {
    if (auto checked = check_prefix(ByteView(buffer_).first(filled_)); !checked) {
      error_ = checked.error();
      status_ = Status::Failed;
      return used;
    }
  }
  if (filled_ == CacheReplyLength) {
    reply_ = decode_records(
        std::span<const Byte, CacheReplyLength>(buffer_).subspan<CacheNodeListOffset, NodeListCipherSize>());
    status_ = Status::Complete;
  }
  return used;
}

void CacheReplyReader::reset() noexcept {
  filled_ = 0;
  status_ = Status::NeedMore;
  reply_.reset();
  error_.reset();
}

}  // namespace wpn::protocol
