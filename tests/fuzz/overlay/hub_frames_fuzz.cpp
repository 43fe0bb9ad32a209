// The hub state machine under arbitrary frames from three connections: input is a
// sequence of [connection u8][type u16le][length u8][payload]. Nothing may crash,
// and the hub's books must stay consistent.
#include <array>
#include <cstddef>
#include <cstdint>

#include "overlay/hub.h"
#include "protocol/codecs/session.h"
#include "protocol/codecs/shares.h"
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
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  CountingRandom random;
  o::HubConfig config;
  config.max_secondaries = 3;
  o::Hub hub(config, random);
  o::Millis now = 1000;
  std::array<bool, 3> open{};
  for (o::ConnId c = 0; c < 3; ++c) {
    (void)hub.on_accepted(c, {127, 0, 0, static_cast<p::Byte>(3 + c)}, now);
    open[c] = true;
    if (c < 2) {  // two users are logged in from the start
      p::Frame login{p::msg::Login, {}};
      p::encode(p::Login{"user" + std::to_string(c), p::LineType::Dsl, 6699}, login.payload);
      (void)hub.on_frame(c, login, now);
    }
  }
  std::size_t i = 0;
  while (i + 4 <= size) {
    const o::ConnId conn = data[i] % 3;
    const auto type = static_cast<std::uint16_t>(data[i + 1] | (data[i + 2] << 8));
    const std::size_t length = std::min<std::size_t>(data[i + 3], size - i - 4);
    p::Frame frame{type, p::Bytes(data + i + 4, data + i + 4 + length)};
    i += 4 + length;
    if (!open[conn]) continue;
    now += 1000;
    for (auto& action : hub.on_frame(conn, frame, now)) {
      if (auto* close = std::get_if<o::CloseConnection>(&action)) {
        if (close->conn >= 3) __builtin_trap();
        open[close->conn] = false;
        (void)hub.on_closed(close->conn);
      }
    }
    (void)hub.on_tick(now);
  }
  if (hub.logged_in() > hub.connections()) __builtin_trap();
  std::size_t files = 0;
  for (const auto& user : hub.users()) files += user.files;
  if (files != hub.shared_files()) __builtin_trap();
  return 0;
}
