#include "protocol/codecs/chat_text.h"

#include <utility>

namespace wpn::protocol {

void encode(const ChatLine& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.name);
  writer.cstr(message.text);
  if (message.rank) writer.u8(*message.rank);
}

void encode(const ChatActionLine& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.name);
  writer.cstr(message.text);
}

DecodeResult<ChatLine> decode_chat_line(ByteView payload) {
  ByteReader reader(payload);
  ChatLine message;
  auto name = reader.cstr(MaxChatNameLength);
  if (!name) return tl::unexpected(name.error());
  message.name = std::move(*name);
  auto text = reader.cstr_or_rest(MaxChatTextLength);
  if (!text) return tl::unexpected(text.error());
  message.text = std::move(*text);
  if (!reader.empty()) message.rank = *reader.u8();
  return message;
}

DecodeResult<ChatActionLine> decode_chat_action_line(ByteView payload) {
  ByteReader reader(payload);
  ChatActionLine message;
  auto name = reader.cstr(MaxChatNameLength);
  if (!name) return tl::unexpected(name.error());
  message.name = std::move(*name);
  auto text = reader.cstr_or_rest(MaxChatTextLength);
  if (!text) return tl::unexpected(text.error());
  message.text = std::move(*text);
  return message;
}

}  // namespace wpn::protocol
