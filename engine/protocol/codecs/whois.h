#pragma once
// Whois (protocol.md §9.5): 0x1389 request (S->P), 0x138A answer and 0x138B
// failure (P->S). The primary answers from its own records.
//
// Scheme: one struct per message; `void encode(const X&, Bytes& out)` appends
// exactly what the struct holds (payload only); `DecodeResult<X>
// decode_<x>(ByteView payload)` reads one, and decode_whois_message(type,
// payload) dispatches. Final texts may lack their NUL; bytes after the last
// known field are ignored. Wire choices are applied by the make_* builders.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/session.h"
#include "protocol/errors.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

// The first string of 0x138B when it is not a full handle: "WinMX " alone, or
// "WinMX " + the user name (winmxworld's form).
inline constexpr std::size_t MaxWhoisHandleTextLength = 6 + MaxNameLength;
// Whois texts: the repeated 0x0384 status and the failure message.
inline constexpr std::size_t MaxWhoisTextLength = 512;

inline constexpr std::string_view WhoisQueryFailedText = "Whois query failed";
inline constexpr std::string_view WhoisNoResponseText = "No response from remote host";

// 0x1389: who is `name` behind `handle`.
struct WhoisRequest {
  static constexpr std::uint16_t Type = msg::WhoisRequest;
  NodeHandle handle;
  std::string name;

  friend bool operator==(const WhoisRequest&, const WhoisRequest&) = default;
};

// 0x138A: [handle][name][line u16][online u32][files u16][queue status].
// RoboMX reads an extra u32 after the file count; the capture shows none, and
// we never send one. On receive, 4 bytes holding a NUL followed by more bytes
// are taken as that extra field (a status text starts with a digit).
struct WhoisAnswer {
  static constexpr std::uint16_t Type = msg::WhoisAnswer;
  NodeHandle handle;
  std::string name;
  LineType line_type = LineType::Unknown;
  std::uint32_t online_time = 0;  // unit unknown [U]; our hub sends minutes
  std::uint16_t shared_files = 0;
  std::optional<std::uint32_t> extra;  // the RoboMX field, when a peer sent it
  std::string queue_status;

  friend bool operator==(const WhoisAnswer&, const WhoisAnswer&) = default;
};

// 0x138B, in the forms the sources show (wire audit D9):
//   HandleThenName: [handle][name][message] (ours; RoboMX and wpcc-mobile stop
//     after the name, so the message may be absent). One page shows the handle
//     without its hex part: `handle` is set when the text is a full handle,
//     otherwise `handle_text` keeps what was received.
//   PrefixedName: ["WinMX " + name][message] (winmxworld's page and capture, no
//     NUL after the prefix); `handle_text` keeps the prefix as received. Read so
//     when the first string is "WinMX " + more and exactly one string follows.
// The encoder writes the form it is given.
enum class WhoisFailedForm : std::uint8_t { HandleThenName, PrefixedName };

struct WhoisFailed {
  static constexpr std::uint16_t Type = msg::WhoisFailed;
  std::optional<NodeHandle> handle;
  std::string handle_text;
  std::string name;
  std::string message;
  WhoisFailedForm form = WhoisFailedForm::HandleThenName;

  friend bool operator==(const WhoisFailed&, const WhoisFailed&) = default;
};

using WhoisMessage = std::variant<WhoisRequest, WhoisAnswer, WhoisFailed>;

void encode(const WhoisRequest& message, Bytes& out);
void encode(const WhoisAnswer& message, Bytes& out);
void encode(const WhoisFailed& message, Bytes& out);
void encode(const WhoisMessage& message, Bytes& out);

DecodeResult<WhoisRequest> decode_whois_request(ByteView payload);
DecodeResult<WhoisAnswer> decode_whois_answer(ByteView payload);
DecodeResult<WhoisFailed> decode_whois_failed(ByteView payload);
// Dispatch on the frame type; WrongType for types outside 0x1389-0x138B.
DecodeResult<WhoisMessage> decode_whois_message(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const WhoisMessage& message) noexcept;

// 0x138B as our hub sends it, with the handle form of `options`.
WhoisFailed make_whois_failed(NodeHandle handle, std::string name, std::string_view message,
                              const WireOptions& options = default_wire_options());

}  // namespace wpn::protocol
