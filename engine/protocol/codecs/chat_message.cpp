#include "protocol/codecs/chat_message.h"

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {

namespace m = chat_msg;

DecodeResult<ChatClientMessage> decode_chat_client_message(std::uint16_t type, ByteView payload) {
  using V = ChatClientMessage;
  switch (type) {
    case m::Hello353:
      return widen<V>(decode_chat_opaque<ChatHello353>(payload));
    case m::RedirectedFrom:
      return widen<V>(decode_chat_text<ChatRedirectedFrom>(payload));
    case m::Join:
      return widen<V>(decode_chat_join(payload));
    case m::Details:
      return widen<V>(decode_chat_details(payload));
    case m::Software:
      return widen<V>(decode_chat_software(payload));
    case m::SayLegacy:
      return widen<V>(decode_chat_text<ChatSayLegacy>(payload));
    case m::Say:
      return widen<V>(decode_chat_text<ChatSay>(payload));
    case m::EmoteLegacy:
      return widen<V>(decode_chat_text<ChatEmoteLegacy>(payload));
    case m::KeepAlive:
      return widen<V>(decode_chat_opaque<ChatKeepAlive>(payload));
    case m::IpClientAccept:
      return widen<V>(decode_chat_opaque<ChatIpClientAccept>(payload));
    default:
      return decode_error(DecodeErrc::UnknownType, 0);
  }
}

namespace {

DecodeResult<ChatServerMessage> decode_user_message(std::uint16_t type, ByteView payload) {
  using V = ChatServerMessage;
  switch (type) {
    case m::UserJoinedLegacy:
      return widen<V>(decode_chat_user_record<ChatUserJoinedLegacy>(payload));
    case m::UserListedLegacy:
      return widen<V>(decode_chat_user_record<ChatUserListedLegacy>(payload));
    case m::UserJoined:
      return widen<V>(decode_chat_user_record<ChatUserJoined>(payload));
    case m::UserListed:
      return widen<V>(decode_chat_user_record<ChatUserListed>(payload));
    case m::UserJoinedWithIp:
      return widen<V>(decode_chat_user_joined_with_ip(payload));
    case m::UserLeft:
      return widen<V>(decode_chat_user_left(payload));
    case m::UserRenamedLegacy:
      return widen<V>(decode_chat_user_renamed_legacy(payload));
    case m::UserRenamed:
      return widen<V>(decode_chat_user_renamed(payload));
    default:
      return decode_error(DecodeErrc::UnknownType, 0);
  }
}

}  // namespace

DecodeResult<ChatServerMessage> decode_chat_server_message(std::uint16_t type, ByteView payload) {
  using V = ChatServerMessage;
  switch (type) {
    case m::Joined:
      return widen<V>(decode_chat_opaque<ChatJoined>(payload));
    case m::ServerSpeaks353:
      return widen<V>(decode_chat_opaque<ChatServerSpeaks353>(payload));
    case m::ColourFormat:
      return widen<V>(decode_chat_text<ChatColourFormat>(payload));
    case m::Software:
      return widen<V>(decode_chat_software(payload));
    case m::Line:
      return widen<V>(decode_chat_line(payload));
    case m::ActionLine:
      return widen<V>(decode_chat_action_line(payload));
    case m::ServerLine:
      return widen<V>(decode_chat_text<ChatServerLine>(payload));
    case m::CommandEcho:
      return widen<V>(decode_chat_text<ChatCommandEcho>(payload));
    case m::Topic:
      return widen<V>(decode_chat_text<ChatTopic>(payload));
    case m::Motd:
      return widen<V>(decode_chat_text<ChatMotd>(payload));
    case m::RoomRenamed:
      return widen<V>(decode_chat_text<ChatRoomRenamed>(payload));
    case m::Redirect:
      return widen<V>(decode_chat_text<ChatRedirect>(payload));
    case m::KeepAlive:
      return widen<V>(decode_chat_opaque<ChatKeepAlive>(payload));
    case m::IpClientOffer:
      return widen<V>(decode_chat_opaque<ChatIpClientOffer>(payload));
    default:
      return decode_user_message(type, payload);
  }
}

void encode(const ChatClientMessage& message, Bytes& out) {
  std::visit([&](const auto& m) { encode(m, out); }, message);
}

void encode(const ChatServerMessage& message, Bytes& out) {
  std::visit([&](const auto& m) { encode(m, out); }, message);
}

std::uint16_t type_of(const ChatClientMessage& message) noexcept { return type_of_variant(message); }
std::uint16_t type_of(const ChatServerMessage& message) noexcept { return type_of_variant(message); }

}  // namespace wpn::protocol
