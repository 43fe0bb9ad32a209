#include "protocol/codecs/transfer_requests.h"

#include <utility>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

constexpr std::size_t RefusalCodeOnly = 1;
constexpr std::size_t RefusalWithQueue = 1 + 4;

}  // namespace

void encode(const DownloadRequest& message, Bytes& out) {
  ByteWriter writer(out);
  write_transfer_address(writer, message.holder);
  writer.u8(static_cast<std::uint8_t>(message.option));
}

void encode(const PushRequest& message, Bytes& out) {
  ByteWriter writer(out);
  write_transfer_address(writer, message.holder);
}

void encode(const UploadRefused& message, Bytes& out) {
  ByteWriter writer(out);
  write_transfer_address(writer, message.requester);
  if (!message.tail.empty()) return writer.bytes(message.tail);
  if (!message.reason_code) return;
  writer.u8(*message.reason_code);
  if (message.queue_length) writer.u32le(*message.queue_length);
}

void encode(const UploadQueued& message, Bytes& out) {
  ByteWriter writer(out);
  write_transfer_address(writer, message.requester);
  write_queue_place(writer, message);
}

void encode(const UploadReady& message, Bytes& out) {
  ByteWriter writer(out);
  write_transfer_address(writer, message.requester);
}

void encode(const TransferRequestMessage& message, Bytes& out) {
  std::visit([&out](const auto& m) { encode(m, out); }, message);
}

DecodeResult<DownloadRequest> decode_download_request(ByteView payload) {
  ByteReader reader(payload);
  DownloadRequest message;
  auto holder = read_transfer_address(reader);
  if (!holder) return tl::unexpected(holder.error());
  message.holder = std::move(*holder);
  if (!reader.empty()) message.option = static_cast<DownloadOption>(*reader.u8());
  return message;
}

DecodeResult<PushRequest> decode_push_request(ByteView payload) {
  ByteReader reader(payload);
  auto holder = read_transfer_address(reader);
  if (!holder) return tl::unexpected(holder.error());
  return PushRequest{std::move(*holder)};
}

DecodeResult<UploadRefused> decode_upload_refused(ByteView payload) {
  ByteReader reader(payload);
  UploadRefused message;
  auto requester = read_transfer_address(reader);
  if (!requester) return tl::unexpected(requester.error());
  message.requester = std::move(*requester);
  const std::size_t rest = reader.remaining();
  if (rest == RefusalCodeOnly || rest == RefusalWithQueue) {
    message.reason_code = *reader.u8();
    if (rest == RefusalWithQueue) message.queue_length = *reader.u32le();
  } else if (rest != 0) {
    const ByteView tail = reader.rest();
    message.tail.assign(tail.begin(), tail.end());
    const auto x = tail_value(tail);
    if (x && *x <= 0xFF) message.reason_code = static_cast<std::uint8_t>(*x);
  }
  return message;
}

DecodeResult<UploadQueued> decode_upload_queued(ByteView payload) {
  ByteReader reader(payload);
  UploadQueued message;
  auto requester = read_transfer_address(reader);
  if (!requester) return tl::unexpected(requester.error());
  message.requester = std::move(*requester);
  read_queue_place(reader, message);
  return message;
}

DecodeResult<UploadReady> decode_upload_ready(ByteView payload) {
  ByteReader reader(payload);
  auto requester = read_transfer_address(reader);
  if (!requester) return tl::unexpected(requester.error());
  return UploadReady{std::move(*requester)};
}

DecodeResult<TransferRequestMessage> decode_transfer_request(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::DownloadRequest:
      return widen<TransferRequestMessage>(decode_download_request(payload));
    case msg::PushRequest:
      return widen<TransferRequestMessage>(decode_push_request(payload));
    case msg::UploadRefused:
      return widen<TransferRequestMessage>(decode_upload_refused(payload));
    case msg::UploadQueued:
      return widen<TransferRequestMessage>(decode_upload_queued(payload));
    case msg::UploadReady:
      return widen<TransferRequestMessage>(decode_upload_ready(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const TransferRequestMessage& message) noexcept { return type_of_variant(message); }

UploadRefused make_upload_refused(TransferAddress requester, TransferRefusal refusal, std::uint32_t queue_length,
                                  const WireOptions& options) {
  UploadRefused message;
  message.requester = std::move(requester);
  switch (refusal) {
    case TransferRefusal::Busy:
      message.reason_code = options.refusal_code_busy;
      break;
    case TransferRefusal::TimedOut:
      message.reason_code = options.refusal_code_timed_out;
      break;
    case TransferRefusal::NotShared:
    case TransferRefusal::Other:
      // No code of its own: "not shared" is the closest documented status.
      message.reason_code = options.refusal_code_not_shared;
      break;
  }
  if (options.refusal_queue_length) message.queue_length = queue_length;
  return message;
}

TransferRefusal refusal_of(const UploadRefused& message, const WireOptions& options) {
  if (!message.reason_code) return TransferRefusal::Other;
  const std::uint8_t code = *message.reason_code;
  if (code == options.refusal_code_busy) return TransferRefusal::Busy;
  if (code == options.refusal_code_timed_out) return TransferRefusal::TimedOut;
  if (code == options.refusal_code_not_shared) return TransferRefusal::NotShared;
  return TransferRefusal::Other;
}

}  // namespace wpn::protocol
