// Hub-link codecs (docs/hub-link.md): the first two bytes (u16le) select the
// link message type, the rest is the payload; a selector of 0xFFFF feeds the
// cache registration instead, 0xFFFE the cache's link candidate list, 0xFFFD a hub's
// report of its link peers. Any input that decodes must re-encode to bytes that decode
// to an equal value.
#include <array>
#include <cstddef>
#include <cstdint>

#include "protocol/codecs/hub_link.h"

#include "../codec_round_trip.h"

using namespace wpn::protocol;

namespace {

constexpr std::array<std::uint16_t, 12> Types{
    link::Hello,         link::KeepAlive,      link::HubAnnounce, link::Search,    link::SearchHit, link::SearchStop,
    link::RoutedRequest, link::RoutedDelivery, link::UserNotHere, link::RoomQuery, link::RoomEntry, link::RoomAnnounce};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = wpn::fuzz::split_input(data, size);
  if (!input) return 0;
  if (input->selector == 0xFFFF) {
    wpn::fuzz::check_round_trip(input->payload, decode_cache_registration);
    return 0;
  }
  if (input->selector == 0xFFFE) {
    wpn::fuzz::check_round_trip(input->payload, decode_link_candidates);
    return 0;
  }
  if (input->selector == 0xFFFD) {
    wpn::fuzz::check_round_trip(input->payload, decode_link_report);
    return 0;
  }
  wpn::fuzz::check_dispatch(wpn::fuzz::pick(Types, input->selector), input->payload, decode_hub_link_message);
  return 0;
}
