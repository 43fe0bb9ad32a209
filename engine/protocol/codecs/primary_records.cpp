#include "protocol/codecs/primary_records.h"

namespace wpn::protocol {

namespace {
constexpr std::size_t LengthByte = 15;
}  // namespace

PrimaryRecord room_list_query(const Ip4& origin_ip, std::uint16_t origin_udp_port, std::uint32_t request_id) {
  return PrimaryRecord{origin_ip, origin_udp_port, request_id, Bytes{RoomListQueryByte}};
}

bool is_room_list_query(const PrimaryRecord& record) noexcept {
  return !record.payload.empty() && record.payload[0] == RoomListQueryByte;
}

bool encode(const PrimaryRecord& record, Bytes& out) {
  if (record.payload.size() > MaxPrimaryRecordPayload) return false;
  ByteWriter writer(out);
  write_ip4(writer, record.origin_ip);
  writer.u16le(record.origin_udp_port);
  writer.u16le(0);  // bytes 6-7 [U]
  writer.u32le(record.request_id);
  writer.u8(0);  // bytes 12-14 [U]
  writer.u16le(0);
  writer.u8(static_cast<std::uint8_t>(record.payload.size()));
  writer.u8(0);  // byte 16 [U]
  writer.bytes(record.payload);
  return true;
}

DecodeResult<PrimaryRecord> decode_primary_record(ByteView data) {
  if (data.size() < PrimaryRecordHeaderLength) return decode_error(DecodeErrc::Truncated, data.size());
  ByteReader reader(data);
  PrimaryRecord record;
  record.origin_ip = *read_ip4(reader);
  record.origin_udp_port = *reader.u16le();
  (void)reader.take(2);
  record.request_id = *reader.u32le();
  (void)reader.take(3);
  const std::size_t length = *reader.u8();
  (void)reader.u8();
  const auto payload = reader.take(length);
  if (!payload) return tl::unexpected(payload.error());
  record.payload.assign(payload->begin(), payload->end());
  if (auto end = reader.expect_end(); !end) return tl::unexpected(end.error());
  return record;
}

void PrimaryRecordReader::feed(ByteView data) { buffer_.insert(buffer_.end(), data.begin(), data.end()); }

std::optional<PrimaryRecord> PrimaryRecordReader::next() {
  if (buffer_.size() < PrimaryRecordHeaderLength) return std::nullopt;
  const std::size_t total = PrimaryRecordHeaderLength + buffer_[LengthByte];
  if (buffer_.size() < total) return std::nullopt;
  auto record = decode_primary_record(ByteView(buffer_.data(), total));
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(total));
  return record ? std::optional<PrimaryRecord>(std::move(*record)) : std::nullopt;
}

}  // namespace wpn::protocol
