#pragma once
// Session and keep-alive messages between a secondary and its primary
// (protocol.md §6, §7, §9.1) and the parent-choice ordering of §3.3/§3.4.
//
// Scheme: one struct per message; `void encode(const X&, Bytes& out)` appends
// the payload (no frame header); `DecodeResult<X> decode_<x>(ByteView payload)`
// reads one, and decode_session_message(type, payload) dispatches on the
// frame type. Receivers are liberal: bytes after the last known field are
// ignored, texts that end the payload may lack their NUL. Strings handed to an
// encoder must not contain NUL bytes.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/errors.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

// Longest status text accepted from a peer; real ones are about 40 bytes.
inline constexpr std::size_t MaxStatusLength = 512;
inline constexpr std::size_t NodeRecordLength = 12;
inline constexpr std::size_t NodeListRecords = 8;         // what a primary sends (§9.1)
inline constexpr std::size_t MaxNodeListRecords = 64;     // tolerated on receive
inline constexpr std::uint8_t MinPrimaryParentSlots = 3;  // §3.4 room lister's threshold

// §7.3; other values are kept as they are.
enum class LineType : std::uint16_t {
  Unknown = 0,
  Modem14k4 = 1,
  Modem28k8 = 2,
  Modem33k6 = 3,
  Modem56k = 4,
  Isdn64k = 5,
  Isdn128k = 6,
  Cable = 7,
  Dsl = 8,
  T1 = 9,
  T3 = 10,
};
std::string_view line_type_name(LineType type) noexcept;  // "DSL"; "" for undefined values

// 0x03E9 login or rename (S->P).
struct Login {
  static constexpr std::uint16_t Type = msg::Login;
  std::string base_name;
  LineType line_type = LineType::Unknown;
  std::uint16_t data_port = 0;
  friend bool operator==(const Login&, const Login&) = default;
};

// 0x0460 login accepted (P->S); the full name is full_name(base, client_id).
struct LoginAccepted {
  static constexpr std::uint16_t Type = msg::LoginAccepted;
  std::uint16_t client_id = 0;
  friend bool operator==(const LoginAccepted&, const LoginAccepted&) = default;
};

// 0x0384 queue/status text (S->P); also the keep-alive answer to 0x03A1.
struct StatusText {
  static constexpr std::uint16_t Type = msg::Status;
  std::string text;
  friend bool operator==(const StatusText&, const StatusText&) = default;
};

// 0x038D full user name (S->P).
struct FullNameNotice {
  static constexpr std::uint16_t Type = msg::FullName;
  std::string full_name;
  friend bool operator==(const FullNameNotice&, const FullNameNotice&) = default;
};

// The upload availability behind the 0x0384 text (§7.4, filesharing.md §5.3).
struct QueueStatus {
  std::uint32_t free = 0;
  std::uint32_t total = 0;
  std::uint32_t queued = 0;

  std::int64_t priority() const noexcept;  // 9000 + free - queued
  // "9006 6 of 6 available" or "8995 5 in queue (0 of 3 available)".
  std::string to_text() const;
  friend bool operator==(const QueueStatus&, const QueueStatus&) = default;
};

// A lenient reading of a received status text, for display and sorting.
struct StatusSummary {
  std::string raw;                       // always the text as received
  std::optional<std::int64_t> priority;  // the leading number, when there is one
  std::optional<QueueStatus> queue;      // when the text has one of the two forms
};
StatusSummary summarize_status(std::string_view text);

// One 12-byte node record (§3.2), in 0x03A1 and in the peer-cache reply.
struct NodeRecord {
  Ip4 ip{};  // network order
  std::uint16_t udp_port = 0;
  std::uint16_t tcp_port = 0;
  std::uint8_t free_primary = 0;
  std::uint8_t free_secondary = 0;
  std::uint8_t marker = 0;  // 0, 1 or 2 in 0x03A1, meaning unknown
  std::uint8_t pad = 0;

  bool usable() const noexcept;  // non-zero IP and TCP port
  friend bool operator==(const NodeRecord&, const NodeRecord&) = default;
};

DecodeResult<NodeRecord> read_node_record(ByteReader& reader);
void write_node_record(ByteWriter& writer, const NodeRecord& record);

// 0x03A1 node list (P->S): record 0 is the sending primary. A primary sends 8
// records; like TrapperKeeper, the receiver takes the whole 12-byte records (at
// most MaxNodeListRecords) and ignores a partial one or any beyond the limit.
struct NodeList {
  static constexpr std::uint16_t Type = msg::NodeList;
  std::vector<NodeRecord> records;
  friend bool operator==(const NodeList&, const NodeList&) = default;
};
// The first 8 of `records`, padded with zero records to exactly 8.
NodeList make_node_list(std::span<const NodeRecord> records);

// 0x038E and 0x039D: layouts unknown (§9.1 [U]); kept verbatim for the trace.
struct NameQueueNotice {
  static constexpr std::uint16_t Type = msg::NameQueueNotice;
  Bytes raw;
  friend bool operator==(const NameQueueNotice&, const NameQueueNotice&) = default;
};
struct NodeChange {
  static constexpr std::uint16_t Type = msg::NodeChange;
  Bytes raw;
  friend bool operator==(const NodeChange&, const NodeChange&) = default;
};

void encode(const Login& message, Bytes& out);
void encode(const LoginAccepted& message, Bytes& out);
void encode(const StatusText& message, Bytes& out, const WireOptions& options = default_wire_options());
void encode(const FullNameNotice& message, Bytes& out);
void encode(const NodeList& message, Bytes& out);
void encode(const NameQueueNotice& message, Bytes& out);
void encode(const NodeChange& message, Bytes& out);

using SessionMessage =
    std::variant<Login, LoginAccepted, StatusText, FullNameNotice, NodeList, NameQueueNotice, NodeChange>;
void encode(const SessionMessage& message, Bytes& out, const WireOptions& options = default_wire_options());

DecodeResult<Login> decode_login(ByteView payload);
DecodeResult<LoginAccepted> decode_login_accepted(ByteView payload);
DecodeResult<StatusText> decode_status_text(ByteView payload);
DecodeResult<FullNameNotice> decode_full_name_notice(ByteView payload);
DecodeResult<NodeList> decode_node_list(ByteView payload);
DecodeResult<NameQueueNotice> decode_name_queue_notice(ByteView payload);
DecodeResult<NodeChange> decode_node_change(ByteView payload);
// Dispatch on the frame type; WrongType for types outside the family.
DecodeResult<SessionMessage> decode_session_message(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const SessionMessage& message) noexcept;

// §3.3: usable records, by free secondary slots descending, ties by free
// primary slots ascending (stable otherwise). Empty when the best record has
// no free secondary slot: the caller then tries the next cache.
std::vector<NodeRecord> rank_parent_candidates(std::span<const NodeRecord> records);
// §3.4: usable records by free primary slots descending, ties by free
// secondary slots ascending. Empty when the best has fewer than 3 free
// primary slots.
std::vector<NodeRecord> rank_primary_candidates(std::span<const NodeRecord> records);

}  // namespace wpn::protocol
