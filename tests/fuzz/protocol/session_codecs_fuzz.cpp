// Session and keep-alive codecs: the first two input bytes pick the message
// (a real type number, or any other value modulo the family size), the rest is
// the payload. Whatever decodes must re-encode to bytes that decode equal.
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/session.h"
#include "protocol/message_types.h"

using namespace wpn::protocol;

namespace {

template <class Decode, class... Options>
void check_round_trip(ByteView payload, Decode decode, const Options&... options) {
  const auto first = decode(payload);
  if (!first) return;
  Bytes out;
  encode(*first, out, options...);
  const auto second = decode(ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

// Through the family dispatcher: the decoded message keeps its type and
// re-encodes to a payload that decodes equal.
template <class DecodeMessage, class... Options>
void check_dispatch(std::uint16_t type, ByteView payload, DecodeMessage decode_message, const Options&... options) {
  const auto first = decode_message(type, payload);
  if (!first) return;
  if (type_of(*first) != type) __builtin_trap();
  Bytes out;
  encode(*first, out, options...);
  const auto second = decode_message(type, ByteView(out));
  if (!second || !(*second == *first)) __builtin_trap();
}

constexpr std::uint16_t Types[] = {msg::Login,    msg::LoginAccepted,   msg::Status,    msg::FullName,
                                   msg::NodeList, msg::NameQueueNotice, msg::NodeChange};

std::uint16_t pick(std::uint16_t selector) {
  for (const auto type : Types)
    if (type == selector) return type;
  return Types[selector % std::size(Types)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto selector = static_cast<std::uint16_t>(data[0] | data[1] << 8);
  const ByteView payload(data + 2, size - 2);

  const std::uint16_t type = pick(selector);
  check_dispatch(type, payload, decode_session_message);
  switch (type) {
    case msg::Login:
      check_round_trip(payload, decode_login);
      break;
    case msg::LoginAccepted:
      check_round_trip(payload, decode_login_accepted);
      break;
    case msg::Status: {
      WireOptions with_nul;
      with_nul.status_trailing_nul = true;
      check_round_trip(payload, decode_status_text, default_wire_options());
      check_round_trip(payload, decode_status_text, with_nul);
      if (const auto status = decode_status_text(payload)) {
        const StatusSummary summary = summarize_status(status->text);
        if (summary.raw != status->text) __builtin_trap();
        // A recognised queue status prints back to a text that reads the same
        // (the "free" form has no queue length).
        if (summary.queue) {
          const auto again = summarize_status(summary.queue->to_text()).queue;
          if (!again || again->free != summary.queue->free || again->total != summary.queue->total) __builtin_trap();
          if (summary.queue->free == 0 && again->queued != summary.queue->queued) __builtin_trap();
        }
      }
      break;
    }
    case msg::FullName:
      check_round_trip(payload, decode_full_name_notice);
      if (const auto name = decode_full_name_notice(payload)) {
        const auto base = base_name_of(name->full_name);
        if (base.size() != name->full_name.size() && base.size() + 6 != name->full_name.size()) __builtin_trap();
        if (const auto handle = NodeHandle::parse(name->full_name); handle && !NodeHandle::parse(handle->to_string()))
          __builtin_trap();
      }
      break;
    case msg::NodeList:
      check_round_trip(payload, decode_node_list);
      if (const auto list = decode_node_list(payload)) {
        const auto ranked = rank_parent_candidates(list->records);
        if (ranked.size() > list->records.size()) __builtin_trap();
        if (rank_primary_candidates(list->records).size() > list->records.size()) __builtin_trap();
      }
      break;
    case msg::NameQueueNotice:
      check_round_trip(payload, decode_name_queue_notice);
      break;
    case msg::NodeChange:
      check_round_trip(payload, decode_node_change);
      break;
    default:
      break;
  }
  return 0;
}
