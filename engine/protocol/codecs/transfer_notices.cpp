#include "protocol/codecs/transfer_notices.h"

#include <utility>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

constexpr std::size_t WideOptionLength = 4;
constexpr std::size_t EndpointLength = 4 + 2;

// The start of every notice: the scan, then the fields that follow ADDR.
struct NoticeHead {
  std::optional<LeadingField> leading;
  TransferAddress address;
};

DecodeResult<NoticeHead> read_head(ByteReader& reader) {
  auto scanned = read_scanned_address(reader);
  if (!scanned) return tl::unexpected(scanned.error());
  return NoticeHead{std::move(scanned->leading), std::move(scanned->address)};
}

template <class T>
DecodeResult<T> decode_with_status(ByteView payload) {
  ByteReader reader(payload);
  auto head = read_head(reader);
  if (!head) return tl::unexpected(head.error());
  auto status = reader.cstr_or_rest(MaxTransferStatusLength);
  if (!status) return tl::unexpected(status.error());
  return T{std::move(head->leading), std::move(head->address), std::move(*status)};
}

DecodeResult<DownloadStart> decode_start_with_endpoint(ByteView payload) {
  ByteReader reader(payload);
  auto head = read_head(reader);
  if (!head) return tl::unexpected(head.error());
  auto ip = read_ip4(reader);
  if (!ip) return tl::unexpected(ip.error());
  auto port = reader.u16le();
  if (!port) return tl::unexpected(port.error());
  return DownloadStart{std::move(head->leading), std::move(head->address), *ip, *port};
}

}  // namespace

void encode(const DownloadFailed& message, Bytes& out) {
  ByteWriter writer(out);
  write_scanned_address(writer, message.leading, message.holder);
  writer.cstr(message.status);
}

void encode(const UploadWithdrawn& message, Bytes& out) {
  ByteWriter writer(out);
  write_scanned_address(writer, message.leading, message.requester);
  writer.cstr(message.status);
}

void encode(const UploadRequested& message, Bytes& out) {
  ByteWriter writer(out);
  write_scanned_address(writer, message.leading, message.requester);
  switch (message.option_width) {
    case OptionWidth::Absent:
      break;
    case OptionWidth::OneByte:
      writer.u8(static_cast<std::uint8_t>(message.option & 0xFF));
      break;
    case OptionWidth::FourBytes:
      writer.u32le(message.option);
      break;
  }
}

void encode(const DownloadStart& message, Bytes& out) {
  ByteWriter writer(out);
  write_scanned_address(writer, message.leading, message.holder);
  write_ip4(writer, message.ip);
  writer.u16le(message.data_port);
}

void encode(const DownloadQueued& message, Bytes& out) {
  ByteWriter writer(out);
  write_scanned_address(writer, message.leading, message.holder);
  write_queue_place(writer, message);
}

void encode(const UploadStart& message, Bytes& out) {
  ByteWriter writer(out);
  write_scanned_address(writer, message.leading, message.requester);
  if (!message.tail.empty()) return writer.bytes(message.tail);
  write_ip4(writer, message.ip);
  writer.u16le(message.data_port);
}

void encode(const TransferNoticeMessage& message, Bytes& out) {
  std::visit([&out](const auto& m) { encode(m, out); }, message);
}

DecodeResult<DownloadFailed> decode_download_failed(ByteView payload) {
  return decode_with_status<DownloadFailed>(payload);
}

DecodeResult<UploadWithdrawn> decode_upload_withdrawn(ByteView payload) {
  return decode_with_status<UploadWithdrawn>(payload);
}

DecodeResult<UploadRequested> decode_upload_requested(ByteView payload) {
  ByteReader reader(payload);
  auto head = read_head(reader);
  if (!head) return tl::unexpected(head.error());
  UploadRequested message{std::move(head->leading), std::move(head->address), 0, OptionWidth::Absent};
  if (reader.remaining() >= WideOptionLength) {
    message.option = *reader.u32le();
    message.option_width = OptionWidth::FourBytes;
  } else if (!reader.empty()) {
    message.option = *reader.u8();
    message.option_width = OptionWidth::OneByte;
  }
  return message;
}

DecodeResult<DownloadStart> decode_download_start(ByteView payload) { return decode_start_with_endpoint(payload); }

DecodeResult<DownloadQueued> decode_download_queued(ByteView payload) {
  ByteReader reader(payload);
  auto head = read_head(reader);
  if (!head) return tl::unexpected(head.error());
  DownloadQueued message{std::move(head->leading), std::move(head->address), std::nullopt, std::nullopt};
  read_queue_place(reader, message);
  return message;
}

DecodeResult<UploadStart> decode_upload_start(ByteView payload) {
  ByteReader reader(payload);
  auto head = read_head(reader);
  if (!head) return tl::unexpected(head.error());
  UploadStart message{std::move(head->leading), std::move(head->address)};
  const std::size_t rest = reader.remaining();
  if (rest >= EndpointLength) {
    ByteReader endpoint = reader;
    message.ip = *read_ip4(endpoint);
    message.data_port = *endpoint.u16le();
  }
  if (rest != EndpointLength) {
    const ByteView tail = reader.rest();
    message.tail.assign(tail.begin(), tail.end());
  }
  return message;
}

DecodeResult<TransferNoticeMessage> decode_transfer_notice(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::DownloadFailed:
      return widen<TransferNoticeMessage>(decode_download_failed(payload));
    case msg::UploadWithdrawn:
      return widen<TransferNoticeMessage>(decode_upload_withdrawn(payload));
    case msg::UploadRequested:
      return widen<TransferNoticeMessage>(decode_upload_requested(payload));
    case msg::DownloadStart:
      return widen<TransferNoticeMessage>(decode_download_start(payload));
    case msg::DownloadQueued:
      return widen<TransferNoticeMessage>(decode_download_queued(payload));
    case msg::UploadStart:
      return widen<TransferNoticeMessage>(decode_upload_start(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const TransferNoticeMessage& message) noexcept { return type_of_variant(message); }

DownloadFailed make_download_failed(TransferAddress holder, TransferRefusal refusal, std::uint32_t queue_length,
                                    const WireOptions& options) {
  return DownloadFailed{std::nullopt, std::move(holder), download_failure_text(refusal, queue_length, options)};
}

UploadRequested make_upload_requested(TransferAddress requester, DownloadOption option, const WireOptions& options) {
  const OptionWidth width =
      options.upload_requested_option_width == WideOptionLength ? OptionWidth::FourBytes : OptionWidth::OneByte;
  return UploadRequested{std::nullopt, std::move(requester), static_cast<std::uint32_t>(option), width};
}

DownloadStart make_download_start(std::string_view requester_name, TransferAddress holder, Ip4 ip,
                                  std::uint16_t data_port, const WireOptions& options) {
  DownloadStart message{std::nullopt, std::move(holder), ip, data_port};
  if (options.download_start_leading_name)
    message.leading = LeadingField{std::string(requester_name), options.leading_name_nul};
  return message;
}

}  // namespace wpn::protocol
