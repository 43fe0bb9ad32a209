#pragma once
// Stands in for the primaries in tests without the overlay: what one manager's
// state machines send (0x1F41/4A/54/5E/68) is translated into what the other
// side's primary would deliver (0x1FB8/D6/A4/CC/C2, filesharing.md §4.3) and
// posted to the addressed manager's loop. Nodes are addressed by full name.

#include <functional>
#include <map>
#include <string>

#include "net/event_loop.h"
#include "net/transfer_manager.h"
#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"

namespace wpn::test {

struct RelayNode {
  std::string name;
  protocol::NodeHandle handle;
  protocol::Ip4 ip{};
  // Where to deliver, on the node's loop thread.
  std::function<void(const protocol::TransferNoticeMessage&)> deliver;
  // The node's data port now (0 = passive), read on its loop thread.
  std::function<std::uint16_t()> data_port;
};

class TestRelay {
 public:
  void add(RelayNode node) { nodes_[node.name] = std::move(node); }
  // A packet `from` sent to its primary.
  void route(const std::string& from, const protocol::TransferRequestMessage& message) const;
  // Connects a manager on `loop`: its packets are routed, notices posted to it.
  void attach(net::EventLoop& loop, net::TransferManager& manager, const std::string& name,
              const protocol::NodeHandle& handle, const protocol::Ip4& ip);
  std::size_t routed() const noexcept { return routed_; }

 private:
  std::map<std::string, RelayNode> nodes_;
  mutable std::size_t routed_ = 0;
};

// What a primary would deliver for `message`; nothing when the target is unknown.
std::optional<std::pair<std::string, protocol::TransferNoticeMessage>> translate(
    const RelayNode& from, const protocol::TransferRequestMessage& message,
    const std::function<const RelayNode*(const std::string&)>& lookup);

}  // namespace wpn::test
