#pragma once
// Secondary -> primary transfer management (filesharing.md §4.1-4.5,
// protocol.md §9.8): 0x1F41, 0x1F4A, 0x1F54, 0x1F5E, 0x1F68.
//
// Scheme as in transfer.h: encode(const X&, Bytes&) writes what the struct
// holds; decode_<x>(ByteView) reads one, ADDR strictly at offset 0. Fields
// after ADDR that are ours [P] are read only when the bytes after ADDR are
// exactly our layout; any other tail is kept raw (see tail_value, transfer.h).

#include <cstdint>
#include <optional>
#include <variant>

#include "protocol/bytes.h"
#include "protocol/codecs/transfer.h"
#include "protocol/errors.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

// 0x1F41 download request, D -> its primary [D]: ADDR(U) + option u8.
// A missing option byte reads as Normal.
struct DownloadRequest {
  static constexpr std::uint16_t Type = msg::DownloadRequest;
  TransferAddress holder;
  DownloadOption option = DownloadOption::Normal;

  friend bool operator==(const DownloadRequest&, const DownloadRequest&) = default;
};

// 0x1F4A push request ("force incoming download") [D]: ADDR(U).
struct PushRequest {
  static constexpr std::uint16_t Type = msg::PushRequest;
  TransferAddress holder;

  friend bool operator==(const PushRequest&, const PushRequest&) = default;
};

// 0x1F54 upload refused, U -> its primary: ADDR(D) + reason "x" [U].
// Our layout [P]: reason code u8, then queue length u32le; the codes come from
// WireOptions (refusal_code_*). queue_length is written only after a reason.
// Receive: 1 or 5 bytes after ADDR are our layout; any other tail is kept in
// `tail`, and a 2- or 4-byte "x" up to 255 is also read as the reason code.
struct UploadRefused {
  static constexpr std::uint16_t Type = msg::UploadRefused;
  TransferAddress requester;
  std::optional<std::uint8_t> reason_code;
  std::optional<std::uint32_t> queue_length;
  Bytes tail{};  // set by the decoder only; written instead of the fields when not empty

  friend bool operator==(const UploadRefused&, const UploadRefused&) = default;
};

// 0x1F5E queued, U -> its primary [P]: ADDR(D) + position u32le (1-based) +
// queue_length u32le. queue_length is written only after a position.
// Receive: 4 or 8 bytes after ADDR are our layout; any other tail is kept in
// `tail`, and a 1- or 2-byte one is also read as the position.
struct UploadQueued {
  static constexpr std::uint16_t Type = msg::UploadQueued;
  TransferAddress requester;
  std::optional<std::uint32_t> position;
  std::optional<std::uint32_t> queue_length;
  Bytes tail{};  // set by the decoder only; written instead of the fields when not empty

  friend bool operator==(const UploadQueued&, const UploadQueued&) = default;
};

// 0x1F68 ready to upload, U -> its primary [D]: ADDR(D).
struct UploadReady {
  static constexpr std::uint16_t Type = msg::UploadReady;
  TransferAddress requester;

  friend bool operator==(const UploadReady&, const UploadReady&) = default;
};

using TransferRequestMessage = std::variant<DownloadRequest, PushRequest, UploadRefused, UploadQueued, UploadReady>;

void encode(const DownloadRequest& message, Bytes& out);
void encode(const PushRequest& message, Bytes& out);
void encode(const UploadRefused& message, Bytes& out);
void encode(const UploadQueued& message, Bytes& out);
void encode(const UploadReady& message, Bytes& out);
void encode(const TransferRequestMessage& message, Bytes& out);

DecodeResult<DownloadRequest> decode_download_request(ByteView payload);
DecodeResult<PushRequest> decode_push_request(ByteView payload);
DecodeResult<UploadRefused> decode_upload_refused(ByteView payload);
DecodeResult<UploadQueued> decode_upload_queued(ByteView payload);
DecodeResult<UploadReady> decode_upload_ready(ByteView payload);
// Dispatch on the frame type; WrongType for types outside 0x1F41-0x1F68.
DecodeResult<TransferRequestMessage> decode_transfer_request(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const TransferRequestMessage& message) noexcept;

// A refusal as our secondaries send it, with the reason codes and the
// queue-length choice of `options`.
UploadRefused make_upload_refused(TransferAddress requester, TransferRefusal refusal, std::uint32_t queue_length,
                                  const WireOptions& options = default_wire_options());
// The reason a received 0x1F54 carries, by the codes of `options`; Other when
// it has none or an unknown one.
TransferRefusal refusal_of(const UploadRefused& message, const WireOptions& options = default_wire_options());

}  // namespace wpn::protocol
