// The IPC frame codec and message parsers on hostile bytes. The first byte picks the chunk
// size the stream is fed in (0 = all at once), the rest is the byte stream of one client.
// Checks: nothing throws or crashes; every parsed request, params struct and server
// message re-encodes to text that parses back to the same text (round trip).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ipc/frame_codec.h"
#include "ipc/hello.h"
#include "ipc/message.h"
#include "ipc/params.h"

namespace {

using namespace wpn::ipc;

[[noreturn]] void mismatch() { __builtin_trap(); }

template <class Parse>
void check_params_round_trip(const JsonObject& params, Parse parse) {
  const auto first = parse(params);
  if (!first) return;
  const std::string text = to_json_text(to_json(*first));
  const auto reparsed_object = parse_json_object(text);
  if (!reparsed_object) mismatch();
  const auto second = parse(*reparsed_object);
  if (!second || to_json_text(to_json(*second)) != text) mismatch();
}

void check_request(const std::string& payload) {
  const auto request = parse_request(payload);
  if (!request) return;
  const std::string text = encode_request(*request);
  const auto again = parse_request(text);
  if (!again || encode_request(*again) != text) mismatch();
  const JsonObject& params = request->params;
  check_params_round_trip(params, [](const JsonObject& p) { return parse_hello_params(p); });
  check_params_round_trip(params, [](const JsonObject& p) { return parse_shares_add(p); });
  check_params_round_trip(params, [](const JsonObject& p) { return parse_share_ref(p, false); });
  check_params_round_trip(params, [](const JsonObject& p) { return parse_shares_files(p); });
  check_params_round_trip(params, [](const JsonObject& p) { return parse_settings_get(p); });
  check_params_round_trip(params, [](const JsonObject& p) { return parse_settings_set(p); });
  check_params_round_trip(params, [](const JsonObject& p) { return parse_logs_recent(p); });
  check_params_round_trip(params, [](const JsonObject& p) { return parse_subscribe(p); });
  check_params_round_trip(params, [](const JsonObject& p) { return parse_unsubscribe(p); });
}

void check_server_message(const std::string& payload) {
  const auto message = parse_server_message(payload);
  if (!message) return;
  const std::string text = std::visit(
      [](const auto& m) {
        if constexpr (std::is_same_v<std::decay_t<decltype(m)>, Reply>)
          return encode_reply(m);
        else
          return encode_event(m);
      },
      *message);
  const auto again = parse_server_message(text);
  if (!again || again->index() != message->index()) mismatch();
  const std::string second = std::visit(
      [](const auto& m) {
        if constexpr (std::is_same_v<std::decay_t<decltype(m)>, Reply>)
          return encode_reply(m);
        else
          return encode_event(m);
      },
      *again);
  if (second != text) mismatch();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = data[0] == 0 ? size : data[0];
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  // A small cap so that "too large" is reachable.
  FrameDecoder decoder(64 * 1024);
  for (std::size_t offset = 0; offset < stream.size(); offset += chunk) {
    decoder.feed(stream.substr(offset, chunk));
    for (;;) {
      auto frame = decoder.next();
      if (!frame) {
        if (!decoder.failed()) mismatch();
        return 0;
      }
      if (!*frame) break;
      const std::string& payload = **frame;
      FrameDecoder reframed;
      reframed.feed(encode_frame(payload));
      auto back = reframed.next();
      if (!back || !*back || **back != payload) mismatch();
      check_request(payload);
      check_server_message(payload);
    }
  }
  return 0;
}
