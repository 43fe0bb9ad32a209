// A hub with a mesh under arbitrary frames from two established hub links (docs/hub-link.md):
// input is a sequence of [link u8][type selector u8][length u16le][payload]; the selector
// picks one of the link message types. One logged-in secondary watches. Nothing may
// crash, the secondary is never closed nor sent a link frame, and nothing is sent to a
// connection that does not exist (a proxy's frames become routed deliveries).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "overlay/hub.h"
#include "protocol/codecs/hub_link.h"
#include "protocol/codecs/session.h"
#include "protocol/message_types.h"

namespace o = wpn::overlay;
namespace p = wpn::protocol;

namespace {

class CountingRandom : public p::RandomSource {
 public:
  void fill(std::span<p::Byte> out) override {
    for (auto& b : out) b = static_cast<p::Byte>(++state_ * 37);
  }

 private:
  unsigned state_ = 0;
};

constexpr std::array<std::uint16_t, 12> LinkTypes{
    p::link::Hello,       p::link::KeepAlive,  p::link::HubAnnounce,   p::link::Search,
    p::link::SearchHit,   p::link::SearchStop, p::link::RoutedRequest, p::link::RoutedDelivery,
    p::link::UserNotHere, p::link::RoomQuery,  p::link::RoomEntry,     p::link::RoomAnnounce};

constexpr o::ConnId Secondary = 1;

void check(o::Hub& hub, std::vector<o::HubAction> actions) {
  for (auto& action : actions) {
    if (auto* close = std::get_if<o::CloseConnection>(&action)) {
      if (close->conn == Secondary) __builtin_trap();
      (void)hub.on_closed(close->conn);
    } else if (auto* send = std::get_if<o::SendFrame>(&action)) {
      if (send->conn == Secondary && p::is_hub_link_type(send->type)) __builtin_trap();  // link frames stay on links
      if (send->conn != Secondary && send->conn != 10 && send->conn != 11) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  CountingRandom random;
  o::HubConfig config;
  config.ip = {127, 0, 0, 2};
  config.link_port = 6700;
  config.mesh = o::MeshConfig{};
  o::Hub hub(config, random);
  o::Millis now = 1000;
  (void)hub.on_accepted(Secondary, {10, 0, 0, 1}, now);
  p::Frame login{p::msg::Login, {}};
  p::encode(p::Login{"alice123", p::LineType::Dsl, 6699}, login.payload);
  check(hub, hub.on_frame(Secondary, login, now));
  std::array<bool, 2> open{true, true};
  for (std::size_t l = 0; l < 2; ++l) {
    const p::HubEndpoint peer{{{127, 0, 0, static_cast<p::Byte>(3 + l)}, 6257}, 6699, 6700, 5, 5};
    hub.learn_hub(peer);
    const o::ConnId conn = 10 + l;
    check(hub, hub.on_link_up(conn, std::nullopt, peer.hub.ip, now));
    p::Frame hello{p::link::Hello, {}};
    p::encode(p::LinkHello{p::link::Version, peer}, hello.payload);
    check(hub, hub.on_frame(conn, hello, now));
  }
  std::size_t i = 0;
  while (i + 4 <= size) {
    const std::size_t link = data[i] % 2;
    const std::uint16_t type = LinkTypes[data[i + 1] % LinkTypes.size()];
    const std::size_t length =
        std::min<std::size_t>(std::size_t{data[i + 2]} | (std::size_t{data[i + 3]} << 8), size - i - 4);
    p::Frame frame{type, p::Bytes(data + i + 4, data + i + 4 + length)};
    i += 4 + length;
    if (!open[link]) continue;
    now += 100;
    auto actions = hub.on_frame(10 + link, frame, now);
    for (const auto& action : actions) {
      if (auto* close = std::get_if<o::CloseConnection>(&action); close && close->conn >= 10)
        open[close->conn - 10] = false;
    }
    check(hub, std::move(actions));
    if ((i & 7) == 0) check(hub, hub.on_tick(now));
  }
  return 0;
}
