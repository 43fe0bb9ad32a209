#pragma once
// Proves a secondary still serves its parent after whatever frame came before: the scripted
// primary delivers a private message and waits for the secondary's receipt (0x144F) with the
// same message id. Header-only, like ScriptedWpnPeer.

#include <chrono>
#include <string>

#include "protocol/codecs/private_message.h"
#include "protocol/message_types.h"
#include "support/scripted_wpn_peer.h"

namespace wpn::test {

inline bool pm_answered(ScriptedWpnPeer& primary, protocol::PmMessageId id, std::string text,
                        std::chrono::milliseconds limit) {
  protocol::PmIncoming pm;
  pm.message_id = id;
  pm.handle = *protocol::NodeHandle::parse("WinMX 1e00007f1871");
  pm.name = "scripted_00001";
  pm.text = std::move(text);
  protocol::Bytes payload;
  protocol::encode(pm, payload);
  if (!primary.send(protocol::msg::PmIncoming, payload)) return false;
  const auto receipt = primary.wait_until(
      [&](const protocol::Frame& f) {
        if (f.type != protocol::msg::PmReceived) return false;
        const auto received = protocol::decode_pm_received(f.payload);
        return received && received->message_id == id;
      },
      limit);
  return receipt.has_value();
}

}  // namespace wpn::test
