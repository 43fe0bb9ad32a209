#include "test_relay.h"

namespace wpn::test {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::optional<std::pair<std::string, protocol::TransferNoticeMessage>> translate(
    const RelayNode& from, const protocol::TransferRequestMessage& message,
    const std::function<const RelayNode*(const std::string&)>& lookup) {
  using Result = std::optional<std::pair<std::string, protocol::TransferNoticeMessage>>;
  const auto self = [&](const std::string& file) { return protocol::TransferAddress{from.handle, from.name, file}; };
  return std::visit(
      Overloaded{
          [&](const protocol::DownloadRequest& m) -> Result {
            return std::pair{m.holder.name, protocol::TransferNoticeMessage{
                                                protocol::make_upload_requested(self(m.holder.file), m.option)}};
          },
          [&](const protocol::PushRequest& m) -> Result {
            protocol::UploadStart start;
            start.requester = self(m.holder.file);
            start.ip = from.ip;
            start.data_port = from.data_port();
            return std::pair{m.holder.name, protocol::TransferNoticeMessage{start}};
          },
          [&](const protocol::UploadRefused& m) -> Result {
            return std::pair{m.requester.name,
                             protocol::TransferNoticeMessage{protocol::make_download_failed(
                                 self(m.requester.file), protocol::refusal_of(m), m.queue_length.value_or(0))}};
          },
          [&](const protocol::UploadQueued& m) -> Result {
            protocol::DownloadQueued queued;
            queued.holder = self(m.requester.file);
            queued.position = m.position;
            queued.queue_length = m.queue_length;
            return std::pair{m.requester.name, protocol::TransferNoticeMessage{queued}};
          },
          [&](const protocol::UploadReady& m) -> Result {
            if (lookup(m.requester.name) == nullptr) return std::nullopt;
            return std::pair{m.requester.name,
                             protocol::TransferNoticeMessage{protocol::make_download_start(
                                 m.requester.name, self(m.requester.file), from.ip, from.data_port())}};
          },
      },
      message);
}

void TestRelay::route(const std::string& from, const protocol::TransferRequestMessage& message) const {
  const auto sender = nodes_.find(from);
  if (sender == nodes_.end()) return;
  const auto lookup = [this](const std::string& name) -> const RelayNode* {
    const auto it = nodes_.find(name);
    return it == nodes_.end() ? nullptr : &it->second;
  };
  auto routed = translate(sender->second, message, lookup);
  if (!routed) return;
  const auto* target = lookup(routed->first);
  if (target == nullptr) return;
  ++routed_;
  target->deliver(routed->second);
}

void TestRelay::attach(net::EventLoop& loop, net::TransferManager& manager, const std::string& name,
                       const protocol::NodeHandle& handle, const protocol::Ip4& ip) {
  RelayNode node;
  node.name = name;
  node.handle = handle;
  node.ip = ip;
  node.deliver = [&loop, &manager](const protocol::TransferNoticeMessage& notice) {
    loop.post([&manager, notice] { manager.on_transfer_notice(notice); });
  };
  node.data_port = [&manager] { return manager.data_port(); };
  add(std::move(node));
  manager.set_packet_sender([this, name](const protocol::TransferRequestMessage& m) { route(name, m); });
}

}  // namespace wpn::test
