#pragma once
// Primary -> secondary transfer management (filesharing.md §4.1-4.5,
// protocol.md §9.8): 0x1FA4, 0x1FAE, 0x1FB8, 0x1FC2, 0x1FCC, 0x1FD6.
//
// Scheme as in transfer.h. Every decoder finds ADDR with the tolerant scan
// (read_scanned_address), so an undocumented leading field never breaks
// parsing; it is kept in `leading`. Status texts may lack their NUL. The
// numeric fields of 0x1FCC and 0x1FD6 are our proposal [P]: they are read when
// the bytes after ADDR are exactly our layout, and any other tail is kept raw
// (see tail_value, transfer.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/transfer.h"
#include "protocol/errors.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

// 0x1FA4 download failed / busy, at D [D]: ADDR(U) + status text.
struct DownloadFailed {
  static constexpr std::uint16_t Type = msg::DownloadFailed;
  std::optional<LeadingField> leading;
  TransferAddress holder;
  std::string status;  // "Busy (3 in queue)", "Request timed out", "File Not Shared"

  friend bool operator==(const DownloadFailed&, const DownloadFailed&) = default;
};

// 0x1FAE request withdrawn, at U [P]: ADDR(D) + status text.
struct UploadWithdrawn {
  static constexpr std::uint16_t Type = msg::UploadWithdrawn;
  std::optional<LeadingField> leading;
  TransferAddress requester;
  std::string status;

  friend bool operator==(const UploadWithdrawn&, const UploadWithdrawn&) = default;
};

// Width of the 0x1FB8 option on the wire: 1 or 4 bytes [U], or none at all.
enum class OptionWidth : std::uint8_t { Absent = 0, OneByte = 1, FourBytes = 4 };

// 0x1FB8 request delivered to the holder U [P]: ADDR(D) + the 0x1F41 option.
// Receive rule: no byte left -> Absent; 1 to 3 -> one byte (the rest ignored);
// 4 or more -> u32le. The encoder writes the low byte for OneByte.
struct UploadRequested {
  static constexpr std::uint16_t Type = msg::UploadRequested;
  std::optional<LeadingField> leading;
  TransferAddress requester;
  std::uint32_t option = 0;  // DownloadOption value
  OptionWidth option_width = OptionWidth::OneByte;

  friend bool operator==(const UploadRequested&, const UploadRequested&) = default;
};

// 0x1FC2 start download, at D [D]: [requester name] ADDR(U) + ip4 + port16.
// port 0 means U cannot accept connections: push instead (filesharing.md §4.4).
struct DownloadStart {
  static constexpr std::uint16_t Type = msg::DownloadStart;
  std::optional<LeadingField> leading;  // the "requesting node's user name" [U]
  TransferAddress holder;
  Ip4 ip{};
  std::uint16_t data_port = 0;

  friend bool operator==(const DownloadStart&, const DownloadStart&) = default;
};

// 0x1FCC queued remotely, at D [P]: ADDR(U) + position u32le (1-based) +
// queue_length u32le; queue_length is written only after a position.
// Receive: 4 or 8 bytes after ADDR are our layout; any other tail is kept in
// `tail`, and a 1- or 2-byte one is also read as the position.
struct DownloadQueued {
  static constexpr std::uint16_t Type = msg::DownloadQueued;
  std::optional<LeadingField> leading;
  TransferAddress holder;
  std::optional<std::uint32_t> position;
  std::optional<std::uint32_t> queue_length;
  Bytes tail{};  // set by the decoder only; written instead of the fields when not empty

  friend bool operator==(const DownloadQueued&, const DownloadQueued&) = default;
};

// 0x1FD6 start upload (push), at U [P]: ADDR(D) + D's ip4 + data port16.
// Receive: exactly 6 bytes after ADDR are our layout; a longer tail still gives
// ip and port from its first 6 bytes; a shorter one gives none (port 0). Any
// tail other than exactly 6 bytes is kept in `tail`.
struct UploadStart {
  static constexpr std::uint16_t Type = msg::UploadStart;
  std::optional<LeadingField> leading;
  TransferAddress requester;
  Ip4 ip{};
  std::uint16_t data_port = 0;
  Bytes tail{};  // set by the decoder only; written instead of the fields when not empty

  friend bool operator==(const UploadStart&, const UploadStart&) = default;
};

using TransferNoticeMessage =
    std::variant<DownloadFailed, UploadWithdrawn, UploadRequested, DownloadStart, DownloadQueued, UploadStart>;

void encode(const DownloadFailed& message, Bytes& out);
void encode(const UploadWithdrawn& message, Bytes& out);
void encode(const UploadRequested& message, Bytes& out);
void encode(const DownloadStart& message, Bytes& out);
void encode(const DownloadQueued& message, Bytes& out);
void encode(const UploadStart& message, Bytes& out);
void encode(const TransferNoticeMessage& message, Bytes& out);

DecodeResult<DownloadFailed> decode_download_failed(ByteView payload);
DecodeResult<UploadWithdrawn> decode_upload_withdrawn(ByteView payload);
DecodeResult<UploadRequested> decode_upload_requested(ByteView payload);
DecodeResult<DownloadStart> decode_download_start(ByteView payload);
DecodeResult<DownloadQueued> decode_download_queued(ByteView payload);
DecodeResult<UploadStart> decode_upload_start(ByteView payload);
// Dispatch on the frame type; WrongType for types outside 0x1FA4-0x1FD6.
DecodeResult<TransferNoticeMessage> decode_transfer_notice(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const TransferNoticeMessage& message) noexcept;

// Builders for the hub: they apply the [U]/[P] choices of `options`.
DownloadFailed make_download_failed(TransferAddress holder, TransferRefusal refusal, std::uint32_t queue_length,
                                    const WireOptions& options = default_wire_options());
UploadRequested make_upload_requested(TransferAddress requester, DownloadOption option,
                                      const WireOptions& options = default_wire_options());
// requester_name is D's own full name, sent first if options say so.
DownloadStart make_download_start(std::string_view requester_name, TransferAddress holder, Ip4 ip,
                                  std::uint16_t data_port, const WireOptions& options = default_wire_options());

}  // namespace wpn::protocol
