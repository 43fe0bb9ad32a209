// Session and keep-alive codecs: the first two input bytes pick the message
// (a real type number, or any other value modulo the family size), the rest is
// the payload. Whatever decodes must re-encode to bytes that decode equal.
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/session.h"
#include "protocol/message_types.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;
using wpn::fuzz::check_dispatch;
using wpn::fuzz::check_round_trip;
using wpn::fuzz::pick;

namespace {

constexpr std::uint16_t Types[] = {msg::Login,    msg::LoginAccepted,   msg::Status,    msg::FullName,
                                   msg::NodeList, msg::NameQueueNotice, msg::NodeChange};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  const ByteView payload = input->payload;

  const std::uint16_t type = pick(Types, input->selector);
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
