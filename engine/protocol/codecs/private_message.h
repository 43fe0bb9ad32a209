#pragma once
// Private messages (protocol.md §9.6): 0x13EC send and 0x144F received-ack
// (S->P), 0x13F6 incoming and 0x13ED delivery ack (P->S).
//
// Scheme: one struct per message; `void encode(const X&, Bytes& out)` appends
// exactly what the struct holds (payload only); `DecodeResult<X>
// decode_<x>(ByteView payload)` reads one, and decode_pm_message(type, payload)
// dispatches. Final texts may lack their NUL; bytes after the last known field
// are ignored. Wire choices are applied by the make_* builders.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/errors.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

inline constexpr std::size_t PmMessageIdLength = 12;
// Longest PM text accepted; a frame holds less than 3072 bytes anyway.
inline constexpr std::size_t MaxPmTextLength = MaxTextLength;

// The normal reply in 0x144F / 0x13ED, and our hub's reply for an unknown target [D].
inline constexpr std::string_view PmReplySent = "SENT";
inline constexpr std::string_view PmReplyUserNotFound = "User not found";

// Opaque: the recipient copies it from 0x13F6 into its 0x144F unchanged.
using PmMessageId = std::array<Byte, PmMessageIdLength>;

// 0x13EC [P]: send `text` to `name` behind `handle`.
struct PmSend {
  static constexpr std::uint16_t Type = msg::PmSend;
  NodeHandle handle;
  std::string name;
  std::string text;

  friend bool operator==(const PmSend&, const PmSend&) = default;
};

// 0x13F6 [E]: a message from `name` behind `handle`.
struct PmIncoming {
  static constexpr std::uint16_t Type = msg::PmIncoming;
  PmMessageId message_id{};
  NodeHandle handle;
  std::string name;
  std::string text;

  friend bool operator==(const PmIncoming&, const PmIncoming&) = default;
};

// 0x144F [P]: the recipient's acknowledgement, sent for every 0x13F6.
struct PmReceived {
  static constexpr std::uint16_t Type = msg::PmReceived;
  NodeHandle handle;  // the sender's, from 0x13F6
  std::string name;   // the sender's
  PmMessageId message_id{};
  std::string reply;  // "SENT", or an away / ignore text

  friend bool operator==(const PmReceived&, const PmReceived&) = default;
};

// 0x13ED [P/U]: delivery ack to the sender. Read as the first two strings,
// then the LAST NUL-terminated string as the reply (§9.6). `skipped` keeps the
// bytes in between, e.g. the 12-byte ID of the older layout; a decoded value
// has it empty or ending in a NUL. An ID whose last bytes are not NUL cannot
// be told apart from the reply: the reply then starts inside the ID.
struct PmDelivered {
  static constexpr std::uint16_t Type = msg::PmDelivered;
  NodeHandle handle;
  std::string name;
  Bytes skipped;
  std::string reply;

  friend bool operator==(const PmDelivered&, const PmDelivered&) = default;
};

using PmMessage = std::variant<PmSend, PmIncoming, PmReceived, PmDelivered>;

void encode(const PmSend& message, Bytes& out);
void encode(const PmIncoming& message, Bytes& out);
void encode(const PmReceived& message, Bytes& out);
void encode(const PmDelivered& message, Bytes& out);
void encode(const PmMessage& message, Bytes& out);

DecodeResult<PmSend> decode_pm_send(ByteView payload);
DecodeResult<PmIncoming> decode_pm_incoming(ByteView payload);
DecodeResult<PmReceived> decode_pm_received(ByteView payload);
DecodeResult<PmDelivered> decode_pm_delivered(ByteView payload);
// Dispatch on the frame type; WrongType for the other types.
DecodeResult<PmMessage> decode_pm_message(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const PmMessage& message) noexcept;

// 0x13ED as our hub sends it; the ID goes in only when options say so (our
// IDs end in zero bytes, so the reply is still found, see PmDelivered).
PmDelivered make_pm_delivered(NodeHandle handle, std::string name, const PmMessageId& message_id,
                              std::string_view reply, const WireOptions& options = default_wire_options());

}  // namespace wpn::protocol
