// Chat-room codecs (chat.md §5-§7): the first two input bytes pick a frame type
// (any other value modulo the table), the rest is the payload. It is decoded in
// each direction whose family holds the type; whatever decodes must re-encode to
// bytes that decode equal. The payload also runs through the colour functions:
// the spans must concatenate to the stripped text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "protocol/codecs/chat_colours.h"
#include "protocol/codecs/chat_message.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;
using wpn::fuzz::check_dispatch;
using wpn::fuzz::pick;

namespace {

namespace m = chat_msg;
constexpr std::uint16_t Types[] = {m::Join,
                                   m::Details,
                                   m::Joined,
                                   m::ServerSpeaks353,
                                   m::Hello353,
                                   m::RedirectedFrom,
                                   m::ColourFormat,
                                   m::Software,
                                   m::UserJoinedLegacy,
                                   m::UserListedLegacy,
                                   m::UserRenamedLegacy,
                                   m::UserJoined,
                                   m::UserListed,
                                   m::UserLeft,
                                   m::UserRenamed,
                                   m::UserJoinedWithIp,
                                   m::Motd,
                                   m::SayLegacy,
                                   m::Line,
                                   m::EmoteLegacy,
                                   m::ActionLine,
                                   m::ServerLine,
                                   m::CommandEcho,
                                   m::Topic,
                                   m::RoomRenamed,
                                   m::Redirect,
                                   m::Say,
                                   m::KeepAlive,
                                   m::IpClientOffer,
                                   m::IpClientAccept};

void check_colours(ByteView payload) {
  const std::string_view line = as_chars(payload);
  std::string joined;
  for (const auto& span : chat_colour_spans(line)) {
    if (span.text.empty() || span.colour == std::optional<std::uint8_t>(0)) __builtin_trap();
    joined += span.text;
  }
  if (joined != strip_chat_colours(line)) __builtin_trap();
  const std::string expanded = expand_colour_codes(line, 7);
  if (expanded.size() > line.size()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  const std::uint16_t type = pick(Types, input->selector);
  const auto client = decode_chat_client_message(type, input->payload);
  if (client || client.error().code != DecodeErrc::UnknownType)
    check_dispatch(type, input->payload, decode_chat_client_message);
  const auto server = decode_chat_server_message(type, input->payload);
  if (server || server.error().code != DecodeErrc::UnknownType)
    check_dispatch(type, input->payload, decode_chat_server_message);
  if (!client && !server && client.error().code == DecodeErrc::UnknownType &&
      server.error().code == DecodeErrc::UnknownType)
    __builtin_trap();  // every table type belongs to a direction
  check_colours(input->payload);
  return 0;
}
