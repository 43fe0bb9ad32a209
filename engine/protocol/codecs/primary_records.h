#pragma once
// The primary-layer stream as a room host reads it on a primary-client link (key ids
// 0x50/0x51; protocol.md §11.5, chat.md §9.2). After the usual handshake the primary
// writes TCP-ciphered records: a 17-byte header, then a payload whose length is header
// byte 15. A payload starting with 0x4E asks for the host's rooms; the host answers each
// by UDP 0x47 to the header's IP and UDP port, echoing header bytes 8-11.
//
// Read as RoboServ's RoomLister does it [P]: bytes 0-3 the originating primary's IPv4
// (network order), 4-5 its UDP port (u16 little-endian), 8-11 the request id, 15 the
// payload length (one byte; 0 = no payload). Bytes 6-7, 12-14 and 16 are not public [U]:
// we write zeros and ignore them (docs/wire-options.md). Our query payload is the single
// byte 0x4E [D].

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/errors.h"

namespace wpn::protocol {

inline constexpr std::size_t PrimaryRecordHeaderLength = 17;
inline constexpr std::size_t MaxPrimaryRecordPayload = 255;
inline constexpr Byte RoomListQueryByte = 0x4E;

struct PrimaryRecord {
  Ip4 origin_ip{};
  std::uint16_t origin_udp_port = 0;
  std::uint32_t request_id = 0;  // bytes 8-11 read little-endian, so 0x47 writes them back as they came
  Bytes payload;                 // at most MaxPrimaryRecordPayload bytes
  friend bool operator==(const PrimaryRecord&, const PrimaryRecord&) = default;
};

// A room-list query from `origin` (our hub's handle) with `request_id`.
PrimaryRecord room_list_query(const Ip4& origin_ip, std::uint16_t origin_udp_port, std::uint32_t request_id);
bool is_room_list_query(const PrimaryRecord& record) noexcept;

// False (nothing written) for a payload over MaxPrimaryRecordPayload.
bool encode(const PrimaryRecord& record, Bytes& out);
// Exactly one record, plaintext; TrailingBytes if more follows.
DecodeResult<PrimaryRecord> decode_primary_record(ByteView data);

// Splits the (already decrypted) stream into records, however it was segmented.
class PrimaryRecordReader {
 public:
  void feed(ByteView data);
  std::optional<PrimaryRecord> next();
  std::size_t buffered() const noexcept { return buffer_.size(); }

 private:
  Bytes buffer_;
};

}  // namespace wpn::protocol
