#pragma once
// The two directions of a chat-room connection as message families: what a
// client sends to a room host and what a host sends to a client (chat.md §5-§7).
// 0x00C8 is decoded only as the client's "say": its host-to-client use by RCMS
// servers is a detection quirk (§7.10) and reads as UnknownType here.
//
// decode_chat_*_message(type, payload) dispatches on the frame type: UnknownType
// for types outside the family (receivers skip those, §7.10); any other error
// means a known frame that did not decode, which the receiver skips too.

#include <cstdint>
#include <variant>

#include "protocol/bytes.h"
#include "protocol/codecs/chat_join.h"
#include "protocol/codecs/chat_text.h"
#include "protocol/codecs/chat_users.h"
#include "protocol/errors.h"

namespace wpn::protocol {

using ChatClientMessage = std::variant<ChatHello353, ChatRedirectedFrom, ChatJoin, ChatDetails, ChatSoftware,
                                       ChatSayLegacy, ChatSay, ChatEmoteLegacy, ChatKeepAlive, ChatIpClientAccept>;

using ChatServerMessage =
    std::variant<ChatJoined, ChatServerSpeaks353, ChatColourFormat, ChatSoftware, ChatUserJoinedLegacy,
                 ChatUserListedLegacy, ChatUserJoined, ChatUserListed, ChatUserJoinedWithIp, ChatUserLeft,
                 ChatUserRenamedLegacy, ChatUserRenamed, ChatLine, ChatActionLine, ChatServerLine, ChatCommandEcho,
                 ChatTopic, ChatMotd, ChatRoomRenamed, ChatRedirect, ChatKeepAlive, ChatIpClientOffer>;

DecodeResult<ChatClientMessage> decode_chat_client_message(std::uint16_t type, ByteView payload);
DecodeResult<ChatServerMessage> decode_chat_server_message(std::uint16_t type, ByteView payload);

void encode(const ChatClientMessage& message, Bytes& out);
void encode(const ChatServerMessage& message, Bytes& out);
std::uint16_t type_of(const ChatClientMessage& message) noexcept;
std::uint16_t type_of(const ChatServerMessage& message) noexcept;

}  // namespace wpn::protocol
