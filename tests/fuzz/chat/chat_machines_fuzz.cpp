// The chat-room host and client machines under arbitrary frames. The input is a
// list of records [target u8][type u16le][length u8][payload]: target bits 0-1
// pick one of three host connections (3 = the client session), bit 2 asks for a
// clock tick first. Everything the host sends must decode as a host message and
// fit the documented frame size; the room never exceeds its user limit.
#include <cstddef>
#include <cstdint>
#include <variant>

#include "chat/chat_client_session.h"
#include "chat/chat_room_host.h"
#include "protocol/codecs/chat_message.h"

using namespace wpn::chat;
namespace p = wpn::protocol;

namespace {

struct NoBans : ChatRoomMediator {
  bool is_banned(std::string_view key, const p::Ip4&) override { return key == "banned"; }
  void add_ban(const ChatBan&) override {}
  bool remove_ban(std::string_view) override { return false; }
};

void check(const std::vector<HostAction>& actions) {
  for (const auto& action : actions) {
    const auto* send = std::get_if<SendFrame>(&action);
    const auto* many = std::get_if<BroadcastFrame>(&action);
    if (!send && !many) continue;
    const auto type = send ? send->type : many->type;
    const auto& payload = send ? send->payload : many->payload;
    if (payload.size() > p::ChatMaxSendPayload) __builtin_trap();
    if (!p::decode_chat_server_message(type, payload)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  NoBans bans;
  ChatRoomConfig config;
  config.user_limit = 2;
  config.operator_password = "pw";
  config.motd = {"#c4#hello"};
  ChatRoomHost host(config, bans);
  ChatClientConfig client_config;
  client_config.name = "me123_00001";
  client_config.history_limit = 8;
  ChatClientSession client(client_config);
  Millis now = 0;
  for (ConnId conn = 0; conn < 3; ++conn) check(host.on_accepted(conn, {127, 0, 0, 1}, now));
  client.start(now);

  std::size_t at = 0;
  while (at + 4 <= size) {
    const std::uint8_t target = data[at];
    const auto type = static_cast<std::uint16_t>(data[at + 1] | data[at + 2] << 8);
    const std::size_t length = data[at + 3];
    at += 4;
    const std::size_t take = length < size - at ? length : size - at;
    const p::Frame frame{type, p::Bytes(data + at, data + at + take)};
    at += take;
    if (target & 4) {
      now += 700;
      check(host.on_tick(now));
      client.on_tick(now);
    }
    if ((target & 3) == 3) {
      client.on_frame(frame, now);
    } else {
      check(host.on_frame(target & 3, frame, now));
    }
    if (host.user_count() > config.user_limit) __builtin_trap();
  }
  client.say("line", now);
  client.on_closed(true, now);
  for (ConnId conn = 0; conn < 3; ++conn) check(host.on_closed(conn, now));
  if (host.user_count() != 0) __builtin_trap();
  return 0;
}
