#include "protocol/wire_options.h"

#include "protocol/frame.h"
#include "protocol/message_types.h"

namespace wpn::protocol {

// One value for the send limit: the frame layer's default and the option's.
static_assert(WireOptions{}.max_send_payload == MaxSendPayload);

const WireOptions& default_wire_options() noexcept {
  static const WireOptions options;
  return options;
}

bool is_traced_type(std::uint16_t type) noexcept {
  switch (type & 0xFF00) {
    case 0x0F00:  // share lists (0x0FA2/0x0FA4 layouts are guesses)
    case 0x1B00:  // browse
    case 0x1F00:  // transfer management
      return true;
    default:
      break;
  }
  switch (type) {
    // session and search packets whose layout or content rests on a WireOptions entry
    case msg::Status:
    case msg::FullName:
    case msg::NameQueueNotice:
    case msg::NodeChange:
    case msg::Login:
    case msg::Search:
    case msg::HashSearch:
    case msg::SearchStop:
    case msg::SearchResult:
    // whois and private messages: 0x138A/0x138B/0x13ED layouts differ between sources
    case msg::WhoisAnswer:
    case msg::WhoisFailed:
    case msg::PmSend:
    case msg::PmDelivered:
    case msg::PmReceived:
    // room names in 0x238E carry the address suffix in the hex case of room_suffix_upper_hex
    case msg::RoomListEntry:
      return true;
    default:
      return false;
  }
}

}  // namespace wpn::protocol
